package io.tandem.topology.store;

import io.tandem.topology.json.TandemJson;
import io.tandem.topology.view.ClusterView;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A live, cached read of one cluster's view. Listeners run on one dedicated thread, so a slow listener never
 * blocks ZooKeeper's event thread and views arrive strictly in version order; a view older than one already
 * delivered (epoch, then version) is never delivered. ZooKeeper watches coalesce changes that land faster than
 * they are read, so intermediate views may be skipped; the journal keeps the complete history.
 */
public final class ViewSubscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ViewSubscription.class);

    private final String path;
    private final CuratorCache cache;
    private final ExecutorService delivery;
    private final ViewListener listener;
    private volatile VersionedView last;

    ViewSubscription(CuratorFramework client, String path, ViewListener listener) {
        this.path = path;
        this.listener = listener;
        this.delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tandem-view-" + path);
            t.setDaemon(true);
            return t;
        });
        this.cache = CuratorCache.build(client, path, CuratorCache.Options.SINGLE_NODE_CACHE);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, after) -> delivery.execute(() -> deliver(after)))
                .build());
        cache.start();
    }

    /** The newest view delivered to the listener, if any. */
    public Optional<VersionedView> current() {
        return Optional.ofNullable(last);
    }

    private void deliver(ChildData data) {
        VersionedView next;
        try {
            next = new VersionedView(TandemJson.decode(data.getData(), ClusterView.class), data.getStat().getVersion());
        } catch (IllegalArgumentException e) {
            LOG.error("view subscription {}: ignoring an unreadable view (version {}): {}", path,
                    data.getStat().getVersion(), e.getMessage());
            return;
        }
        VersionedView previous = last;
        if (previous != null && !newer(next, previous)) {
            LOG.debug("view subscription {}: skipping version {} (epoch {}), already at version {} (epoch {})", path,
                    next.version(), next.view().epoch(), previous.version(), previous.view().epoch());
            return;
        }
        last = next;
        try {
            listener.onView(next);
        } catch (RuntimeException e) {
            // boundary: a failing listener must not stop later views from being delivered
            LOG.error("view subscription {}: listener failed on epoch {}", path, next.view().epoch(), e);
        }
    }

    private static boolean newer(VersionedView next, VersionedView previous) {
        long a = next.view().epoch();
        long b = previous.view().epoch();
        return a > b || (a == b && next.version() > previous.version());
    }

    @Override
    public void close() {
        cache.close();
        delivery.shutdownNow();
    }
}
