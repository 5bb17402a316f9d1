package io.tandem.failover.recovery;

import io.tandem.failover.analysis.CandidateSelector;
import io.tandem.failover.analysis.ReplicationAnalyzer;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.ClusterViewStore;

import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Everything a {@link RecoveryRun} works with, shared by every run of one orchestrator.
 *
 * @param actor the orchestrator's id, named in the journal
 * @param leadership true while this orchestrator leads and its ZooKeeper connection is not SUSPENDED or LOST
 * @param metrics where recoveries are counted and their steps timed
 */
public record RecoveryContext(String cluster, String actor, ClusterViewStore views, ClusterJournal journal,
                              ClusterLock lock, Snapshotter snapshotter, InstanceAdmin admin,
                              ReplicationAnalyzer analyzer, CandidateSelector selector, Optional<Salvager> salvager,
                              BooleanSupplier leadership, RecoverySettings settings, Clock clock,
                              RecoveryMetrics metrics) {
}
