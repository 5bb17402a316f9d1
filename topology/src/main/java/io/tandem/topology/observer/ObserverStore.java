package io.tandem.topology.observer;

import io.tandem.topology.json.TandemJson;
import io.tandem.topology.store.CoordinationException;
import io.tandem.topology.store.TandemPaths;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The observers of a cluster at {@code /tandem/<cluster>/observers}: each live proxy or orchestrator
 * {@linkplain #register registers} one ephemeral node and keeps its {@link ObserverReport} there; the leader
 * {@linkplain #current() reads} them all to count a quorum.
 */
public final class ObserverStore {

    private static final Logger LOG = LoggerFactory.getLogger(ObserverStore.class);

    private final CuratorFramework client;
    private final TandemPaths paths;

    public ObserverStore(CuratorFramework client, TandemPaths paths) {
        this.client = client;
        this.paths = paths;
    }

    /**
     * Claims the node of observer {@code id}. Nothing is written until the first report is published.
     *
     * @throws IllegalArgumentException when {@code id} is not one ZooKeeper path segment
     */
    public ObserverRegistration register(String id, ObserverKind kind) {
        return new ObserverRegistration(client, paths.observer(id), id, kind);
    }

    /**
     * The reports of every observer whose session is alive now, in node-name order. A node that vanishes while it
     * is read, or holds no readable report, is left out (the latter logged).
     */
    public List<ObserverReport> current() {
        List<String> children;
        try {
            children = client.getChildren().forPath(paths.observers());
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw failure(paths.observers(), e);
        }
        List<ObserverReport> reports = new ArrayList<>();
        for (String child : children.stream().sorted().toList()) {
            String path = paths.observers() + "/" + child;
            try {
                reports.add(TandemJson.decode(client.getData().forPath(path), ObserverReport.class));
            } catch (KeeperException.NoNodeException e) {
                LOG.debug("observer store {}: {} left while being read", paths.observers(), child);
            } catch (IllegalArgumentException e) {
                LOG.warn("observer store {}: ignoring an unreadable report at {}: {}", paths.observers(), path,
                        e.getMessage());
            } catch (Exception e) {
                throw failure(path, e);
            }
        }
        return List.copyOf(reports);
    }

    /**
     * A live, cached read of every report, for a reader on a time-critical path (the orchestrator's snapshots), that
     * also hands each report created or changed to {@code listener} on Curator's thread (keep it short). Close it to
     * stop.
     */
    public ObserverSubscription subscribe(Consumer<ObserverReport> listener) {
        return new ObserverSubscription(client, paths.observers(), listener);
    }

    private static CoordinationException failure(String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new CoordinationException("ZooKeeper read of " + path + " failed: " + e, e);
    }
}
