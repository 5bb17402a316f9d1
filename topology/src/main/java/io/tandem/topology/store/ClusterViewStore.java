package io.tandem.topology.store;

import io.tandem.topology.json.TandemJson;
import io.tandem.topology.view.ClusterView;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

import java.util.Optional;

/**
 * The cluster view in ZooKeeper at {@code /tandem/<cluster>/view}. Reads go straight to ZooKeeper or through a
 * {@link ViewSubscription}; writes are compare-and-set on the node's data version only, so two writers can never
 * both believe they changed the same view, and the epoch never goes back.
 */
public final class ClusterViewStore {

    private final CuratorFramework client;
    private final TandemPaths paths;

    public ClusterViewStore(CuratorFramework client, String cluster) {
        this.client = client;
        this.paths = new TandemPaths(cluster);
    }

    public TandemPaths paths() {
        return paths;
    }

    /** The view as ZooKeeper has it now, or empty when none was ever published. */
    public Optional<VersionedView> read() {
        try {
            Stat stat = new Stat();
            byte[] data = client.getData().storingStatIn(stat).forPath(paths.view());
            return Optional.of(new VersionedView(TandemJson.decode(data, ClusterView.class), stat.getVersion()));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw failure("read", e);
        }
    }

    /** Publishes the first view of a cluster. @throws StaleViewException when a view already exists */
    public VersionedView create(ClusterView view) {
        checkCluster(view);
        try {
            client.create().creatingParentContainersIfNeeded().forPath(paths.view(), TandemJson.encode(view));
            return new VersionedView(view, 0);
        } catch (KeeperException.NodeExistsException e) {
            throw new StaleViewException("a view of cluster " + paths.cluster() + " already exists at " + paths.view()
                    + describeCurrent() + "; read it and compare-and-set instead");
        } catch (Exception e) {
            throw failure("create", e);
        }
    }

    /**
     * Replaces {@code expected} with {@code next}, if and only if nobody changed the view since {@code expected}
     * was read.
     *
     * @throws StaleViewException when the view changed (or vanished) since; nothing is written
     * @throws IllegalArgumentException when {@code next} would lower the epoch or names another cluster, or
     *     {@code expected} carries a version that was never read
     */
    public VersionedView compareAndSet(VersionedView expected, ClusterView next) {
        checkCluster(next);
        if (expected.version() < 0) {
            // ZooKeeper takes version -1 as "any version": the write would not compare anything
            throw new IllegalArgumentException("version " + expected.version() + " was never read from ZooKeeper");
        }
        if (next.epoch() < expected.view().epoch()) {
            throw new IllegalArgumentException("epoch may not go back: " + expected.view().epoch() + " -> " + next.epoch());
        }
        try {
            Stat stat = client.setData().withVersion(expected.version()).forPath(paths.view(), TandemJson.encode(next));
            return new VersionedView(next, stat.getVersion());
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            throw new StaleViewException("the view of cluster " + paths.cluster() + " changed since version "
                    + expected.version() + " (epoch " + expected.view().epoch() + ") was read" + describeCurrent()
                    + "; re-read it and decide again");
        } catch (Exception e) {
            throw failure("compare-and-set", e);
        }
    }

    /** Starts a cached read that tells {@code listener} of every new view, beginning with the current one. */
    public ViewSubscription subscribe(ViewListener listener) {
        return new ViewSubscription(client, paths.view(), listener);
    }

    private String describeCurrent() {
        try {
            return read().map(v -> ": it is now version " + v.version() + ", epoch " + v.view().epoch())
                    .orElse(": it no longer exists");
        } catch (CoordinationException e) {
            return "";
        }
    }

    private void checkCluster(ClusterView view) {
        if (!view.cluster().equals(paths.cluster())) {
            throw new IllegalArgumentException("a view of cluster '" + view.cluster() + "' cannot be stored under "
                    + paths.root());
        }
    }

    private CoordinationException failure(String operation, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new CoordinationException("ZooKeeper " + operation + " of " + paths.view() + " failed: " + e, e);
    }
}
