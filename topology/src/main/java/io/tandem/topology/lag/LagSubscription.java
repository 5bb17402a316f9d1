package io.tandem.topology.lag;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.json.TandemJson;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A live, cached read of every instance's latest {@link LagSample} under {@code /tandem/<cluster>/lag}. Lookups
 * never touch ZooKeeper and never block, so they may run on any thread. An unreadable node is skipped (and logged);
 * a deleted node drops its instance.
 */
public final class LagSubscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LagSubscription.class);

    private final String parent;
    private final CuratorCache cache;
    private final ConcurrentMap<String, LagSample> byPath = new ConcurrentHashMap<>();
    private final ConcurrentMap<InstanceKey, LagSample> byInstance = new ConcurrentHashMap<>();

    LagSubscription(CuratorFramework client, String parent) {
        this.parent = parent;
        this.cache = CuratorCache.build(client, parent);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, after) -> store(after))
                .forDeletes(this::drop)
                .build());
        cache.start();
    }

    /** The newest sample of {@code instance} seen so far, if any; judge its age by {@link LagSample#sampledAt()}. */
    public Optional<LagSample> latest(InstanceKey instance) {
        return Optional.ofNullable(byInstance.get(instance));
    }

    /** Every instance's newest sample, as a snapshot. */
    public Map<InstanceKey, LagSample> all() {
        return Map.copyOf(byInstance);
    }

    private void store(ChildData data) {
        if (data.getPath().equals(parent)) {
            return;
        }
        LagSample sample;
        try {
            sample = TandemJson.decode(data.getData(), LagSample.class);
        } catch (IllegalArgumentException e) {
            LOG.error("lag subscription {}: ignoring an unreadable sample at {}: {}", parent, data.getPath(),
                    e.getMessage());
            return;
        }
        LagSample previous = byPath.put(data.getPath(), sample);
        if (previous != null && !previous.instance().equals(sample.instance())) {
            byInstance.remove(previous.instance(), previous);
        }
        byInstance.put(sample.instance(), sample);
    }

    private void drop(ChildData data) {
        LagSample previous = byPath.remove(data.getPath());
        if (previous != null) {
            byInstance.remove(previous.instance(), previous);
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
