package io.tandem.failover.recovery;

import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.topology.view.ClusterView;

/** Takes the facts detection judges: a probe of every member of {@code view}, observer reports and lag samples. */
@FunctionalInterface
public interface Snapshotter {

    ClusterSnapshot take(ClusterView view);
}
