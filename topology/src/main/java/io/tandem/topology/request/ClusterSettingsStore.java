package io.tandem.topology.request;

import io.tandem.topology.json.TandemJson;
import io.tandem.topology.store.CoordinationException;
import io.tandem.topology.store.TandemPaths;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/** Reads and writes {@link ClusterSettings} at {@code /tandem/<cluster>/config}; absent means the defaults. */
public final class ClusterSettingsStore {

    private final CuratorFramework client;
    private final String path;

    public ClusterSettingsStore(CuratorFramework client, String cluster) {
        this.client = client;
        this.path = new TandemPaths(cluster).config();
    }

    public ClusterSettings read() {
        try {
            return TandemJson.decode(client.getData().forPath(path), ClusterSettings.class);
        } catch (KeeperException.NoNodeException e) {
            return ClusterSettings.DEFAULTS;
        } catch (Exception e) {
            throw failure("read", e);
        }
    }

    public void write(ClusterSettings settings) {
        try {
            client.create().orSetData().creatingParentContainersIfNeeded().forPath(path, TandemJson.encode(settings));
        } catch (Exception e) {
            throw failure("write", e);
        }
    }

    private CoordinationException failure(String operation, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new CoordinationException("ZooKeeper: cannot " + operation + " " + path + ": " + e, e);
    }
}
