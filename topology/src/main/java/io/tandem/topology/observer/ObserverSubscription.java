package io.tandem.topology.observer;

import io.tandem.topology.json.TandemJson;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * Every observer's latest report under {@code /tandem/<cluster>/observers}, kept by a Curator cache: reads never
 * touch ZooKeeper (three round trips per snapshot otherwise, each tens of milliseconds on a busy ensemble), and each
 * new report is also handed to a listener, so that a proxy's verdict on the primary can be acted on at once. A report
 * whose node is gone (its session ended) is dropped; an unreadable one is skipped and logged.
 */
public final class ObserverSubscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObserverSubscription.class);

    private final String parent;
    private final CuratorCache cache;
    private final Consumer<ObserverReport> listener;
    private final Map<String, ObserverReport> byPath = new ConcurrentSkipListMap<>();

    ObserverSubscription(CuratorFramework client, String parent, Consumer<ObserverReport> listener) {
        this.parent = parent;
        this.listener = listener;
        this.cache = CuratorCache.build(client, parent);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, after) -> store(after))
                .forDeletes(data -> byPath.remove(data.getPath()))
                .build());
        cache.start();
    }

    /** The reports of every observer whose node exists now, in node-name order. */
    public List<ObserverReport> current() {
        return List.copyOf(byPath.values());
    }

    private void store(ChildData data) {
        if (data.getPath().equals(parent) || data.getData() == null || data.getData().length == 0) {
            return;
        }
        ObserverReport report;
        try {
            report = TandemJson.decode(data.getData(), ObserverReport.class);
        } catch (IllegalArgumentException e) {
            LOG.warn("observer subscription {}: ignoring an unreadable report at {}: {}", parent, data.getPath(),
                    e.getMessage());
            return;
        }
        byPath.put(data.getPath(), report);
        try {
            listener.accept(report);
        } catch (RuntimeException e) {
            // boundary: a failing listener must not stop the cache from delivering later reports
            LOG.error("observer subscription {}: listener failed", parent, e);
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
