package io.tandem.failover.recovery;

import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.topology.instance.InstanceKey;

/**
 * Recovers transactions the dead primary committed that no replica received: replays them on the candidate, or
 * names them as lost. The binlog monitor's recent-transaction buffer implements it
 * ({@link io.tandem.failover.salvage.BinlogSalvager}); without one, a recovery only journals that no salvage was
 * possible.
 */
@FunctionalInterface
public interface Salvager {

    /**
     * Salvages onto {@code candidate} after it applied its relay log and became writable, before the new view is
     * published (proxies still hold writes).
     *
     * @return what was replayed and what is lost, in words for the journal
     * @throws RuntimeException when salvage failed as a whole: the recovery journals it and publishes anyway
     */
    String salvage(ClusterSnapshot snapshot, InstanceKey candidate);

    /**
     * Sees every snapshot the orchestrator takes, leader or not, so that a salvager can learn about the primary while
     * it lives (where its binary logs are). Must return at once and never throw.
     */
    default void watch(ClusterSnapshot snapshot) {
    }
}
