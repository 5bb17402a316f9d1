package io.tandem.proxy.routing;

import io.tandem.proxy.backend.BackendTargets;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.store.ViewListener;
import io.tandem.topology.view.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The backends as the cluster view in ZooKeeper names them, kept current by a view subscription. Only a newer
 * epoch replaces the primary; without ZooKeeper the last view keeps serving.
 */
public final class ViewTargets implements BackendTargets, ViewListener {

    private static final Logger LOG = LoggerFactory.getLogger(ViewTargets.class);

    private final AtomicReference<ClusterView> view = new AtomicReference<>();

    @Override
    public void onView(VersionedView next) {
        ClusterView previous = view.getAndUpdate(current ->
                current == null || next.view().epoch() >= current.epoch() ? next.view() : current);
        if (previous == null || previous.epoch() != next.view().epoch()) {
            LOG.info("proxy: cluster {} epoch {}: primary {}", next.view().cluster(), next.view().epoch(),
                    next.view().primaryKey());
        }
    }

    @Override
    public Optional<InstanceKey> primary() {
        return Optional.ofNullable(view.get()).map(ClusterView::primaryKey);
    }

    public Optional<ClusterView> view() {
        return Optional.ofNullable(view.get());
    }
}
