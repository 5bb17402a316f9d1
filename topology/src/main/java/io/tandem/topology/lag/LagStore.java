package io.tandem.topology.lag;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.json.TandemJson;
import io.tandem.topology.store.CoordinationException;
import io.tandem.topology.store.TandemPaths;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

import java.util.Optional;

/**
 * The latest lag sample of each instance at {@code /tandem/<cluster>/lag/<instance>}. The binlog monitor writes them
 * (last writer wins: a sample only ever replaces an older measurement); proxies and the console read them through a
 * {@link LagSubscription}.
 */
public final class LagStore {

    private final CuratorFramework client;
    private final TandemPaths paths;

    public LagStore(CuratorFramework client, TandemPaths paths) {
        this.client = client;
        this.paths = paths;
    }

    /** Replaces the instance's sample with {@code sample}, creating its node (and parents) the first time. */
    public void publish(LagSample sample) {
        String path = paths.lag(sample.instance());
        byte[] json = TandemJson.encode(sample);
        try {
            try {
                client.setData().forPath(path, json);
            } catch (KeeperException.NoNodeException e) {
                create(path, json);
            }
        } catch (Exception e) {
            throw failure("write of", path, e);
        }
    }

    /** The sample ZooKeeper holds now for {@code instance}, or empty when none was ever written. */
    public Optional<LagSample> read(InstanceKey instance) {
        String path = paths.lag(instance);
        try {
            return Optional.of(TandemJson.decode(client.getData().forPath(path), LagSample.class));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw failure("read of", path, e);
        }
    }

    /** Starts a cached read of every instance's latest sample. */
    public LagSubscription subscribe() {
        return new LagSubscription(client, paths.lag());
    }

    private void create(String path, byte[] json) throws Exception {
        try {
            client.create().creatingParentContainersIfNeeded().forPath(path, json);
        } catch (KeeperException.NodeExistsException e) {
            // another writer created it between our setData and create: ours is the newer sample
            client.setData().forPath(path, json);
        }
    }

    private static CoordinationException failure(String operation, String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new CoordinationException("ZooKeeper " + operation + " " + path + " failed: " + e, e);
    }
}
