package io.tandem.it;

import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.failover.analysis.MemberProbe;
import io.tandem.failover.recovery.Snapshotter;
import io.tandem.topology.view.ClusterView;

import java.util.List;

/**
 * The snapshots of an orchestrator on the wrong side of a partition: its own probe of the view's primary fails
 * (as a connect timeout would), while everything else, replicas' view of their source and the other observers'
 * reports included, is what the real snapshotter saw.
 */
final class CutOffFromPrimary implements Snapshotter {

    private final Snapshotter seen;

    CutOffFromPrimary(Snapshotter seen) {
        this.seen = seen;
    }

    @Override
    public ClusterSnapshot take(ClusterView view) {
        ClusterSnapshot real = seen.take(view);
        List<MemberProbe> probes = real.probes().stream()
                .map(p -> p.key().equals(view.primaryKey())
                        ? MemberProbe.unreachable(p.key(), "connect timed out (partitioned from the primary)") : p)
                .toList();
        return new ClusterSnapshot(real.view(), real.leaderId(), probes, real.observers(), real.lag(),
                real.takenAt());
    }
}
