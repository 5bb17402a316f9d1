package io.tandem.proxy.routing;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.store.ViewListener;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The backends as the cluster view in ZooKeeper names them, kept current by a view subscription. A view of an
 * older epoch never replaces a newer one (the epoch is the fencing token); without ZooKeeper the last view keeps
 * serving.
 */
public final class ViewTargets implements BackendTargets, ViewListener {

    private static final Logger LOG = LoggerFactory.getLogger(ViewTargets.class);

    private final AtomicReference<ClusterView> view = new AtomicReference<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void onView(VersionedView next) {
        ClusterView offered = next.view();
        ClusterView previous = view.getAndUpdate(current ->
                current == null || offered.epoch() >= current.epoch() ? offered : current);
        if (previous != null && offered.epoch() < previous.epoch()) {
            LOG.warn("proxy: ignoring a view of epoch {} older than epoch {} already seen", offered.epoch(),
                    previous.epoch());
            return;
        }
        if (previous == null || previous.epoch() != offered.epoch()
                || previous.failoverInProgress() != offered.failoverInProgress()) {
            LOG.info("proxy: cluster {} epoch {}: primary {}{}", offered.cluster(), offered.epoch(),
                    offered.primaryKey(), offered.failoverInProgress() ? ", failover in progress: writes wait" : "");
        }
        listeners.forEach(Runnable::run);
    }

    @Override
    public Optional<InstanceKey> primary() {
        return Optional.ofNullable(view.get()).map(ClusterView::primaryKey);
    }

    @Override
    public List<Member> replicas() {
        ClusterView current = view.get();
        return current == null ? List.of() : current.replicas();
    }

    @Override
    public long epoch() {
        ClusterView current = view.get();
        return current == null ? 0 : current.epoch();
    }

    @Override
    public boolean failoverInProgress() {
        ClusterView current = view.get();
        return current != null && current.failoverInProgress();
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public Optional<ClusterView> view() {
        return Optional.ofNullable(view.get());
    }
}
