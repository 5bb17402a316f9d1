package io.tandem.topology.store;

import io.tandem.topology.json.TandemJson;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The latest event of each kind that processes must know about without reading the journal, in small nodes of their
 * own, {@code /tandem/<cluster>/last/<name>}: the last resolved recovery (anti-flapping), the last transition of the
 * latest recovery (a new leader closes it if it never ended), the last finished one ({@code tandem status}). Reading
 * one costs the same whatever the length of the cluster's history. The journal stays the record; a mark is written
 * beside its journal entry, by the same ZooKeeper session, so in the same order.
 */
public final class ClusterMarks {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMarks.class);

    private final CuratorFramework client;
    private final TandemPaths paths;
    /** Marks this process has written, so known to exist: later writes are a single background setData. */
    private final java.util.Set<String> known = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ClusterMarks(CuratorFramework client, String cluster) {
        this.client = client;
        this.paths = new TandemPaths(cluster);
    }

    /** Sets mark {@code name} to {@code event}, waiting for ZooKeeper. */
    public void put(String name, JournalEvent event) {
        try {
            client.create().orSetData().creatingParentContainersIfNeeded()
                    .forPath(paths.mark(name), TandemJson.encode(event));
            known.add(name);
        } catch (Exception e) {
            throw failure("write", name, e);
        }
    }

    /**
     * Sets mark {@code name} without waiting, for a time-critical path; a failure is logged (the journal entry written
     * beside it still records the event). The first write of a mark by this process waits: creating a node in the
     * background and setting it when it exists are two requests, which later ones could overtake.
     */
    public void putInBackground(String name, JournalEvent event) {
        if (!known.contains(name)) {
            put(name, event);
            return;
        }
        try {
            client.setData().inBackground((c, result) -> {
                if (result.getResultCode() != KeeperException.Code.OK.intValue()) {
                    LOG.warn("marks: could not set {} to {} {}: {}", name, event.type(), event.message(),
                            KeeperException.Code.get(result.getResultCode()));
                }
            }).forPath(paths.mark(name), TandemJson.encode(event));
        } catch (Exception e) {
            throw failure("write", name, e);
        }
    }

    /** Mark {@code name}, if it was ever set. */
    public Optional<JournalEvent> get(String name) {
        try {
            return Optional.of(TandemJson.decode(client.getData().forPath(paths.mark(name)), JournalEvent.class));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw failure("read", name, e);
        }
    }

    private CoordinationException failure(String operation, String name, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new CoordinationException("ZooKeeper " + operation + " of " + paths.mark(name) + " failed: " + e, e);
    }
}
