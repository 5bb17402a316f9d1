package io.tandem.topology.store;

import io.tandem.topology.view.ClusterView;

/**
 * A view together with the ZooKeeper data version it was read at: the token a writer hands back to
 * {@link ClusterViewStore#compareAndSet} to prove it changes what it read.
 */
public record VersionedView(ClusterView view, int version) {
}
