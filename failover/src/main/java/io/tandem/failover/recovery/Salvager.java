package io.tandem.failover.recovery;

import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.topology.instance.InstanceKey;

/**
 * Recovers transactions the dead primary committed that no replica received: replays them on the candidate, or
 * names them as lost. The binlog monitor's recent-transaction buffer implements it; without one, a recovery only
 * journals that no salvage was possible.
 */
@FunctionalInterface
public interface Salvager {

    /**
     * Salvages onto {@code candidate} before it is promoted.
     *
     * @return what was replayed and what is lost, in words for the journal
     * @throws RuntimeException when salvage failed: the recovery aborts with the cause
     */
    String salvage(ClusterSnapshot snapshot, InstanceKey candidate);
}
