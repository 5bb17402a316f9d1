package io.tandem.topology.observer;

import io.tandem.topology.json.TandemJson;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEventType;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * This process's ephemeral node {@code observers/<id>}, holding its latest {@link ObserverReport}. The node is a
 * Curator {@link PersistentNode}: created (with its parents) in the background on the first publish, re-created
 * with the latest report after the session is lost, deleted on {@link #close()}. Publishing never blocks on
 * ZooKeeper, so a probe loop may call it every round even while ZooKeeper is away.
 */
public final class ObserverRegistration implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObserverRegistration.class);

    private final CuratorFramework client;
    private final String path;
    private final String observerId;
    private final ObserverKind kind;
    private PersistentNode node;
    private boolean closed;

    ObserverRegistration(CuratorFramework client, String path, String observerId, ObserverKind kind) {
        this.client = client;
        this.path = path;
        this.observerId = observerId;
        this.kind = kind;
        // a PersistentNode whose client closes under it re-creates itself in a loop until the stack overflows:
        // stop it as soon as the client starts closing
        client.getCuratorListenable().addListener((c, event) -> {
            if (event.getType() == CuratorEventType.CLOSING) {
                stopNode();
            }
        });
    }

    private synchronized void stopNode() {
        closed = true;
        if (node != null) {
            try {
                node.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("observer {}: {} left to the session's end: {}", observerId, path, e.getMessage());
            }
            node = null;
        }
    }

    public String observerId() {
        return observerId;
    }

    public ObserverKind kind() {
        return kind;
    }

    public String path() {
        return path;
    }

    /**
     * Makes {@code report} the content of this observer's node. Until ZooKeeper has created the node, a new report
     * is held back: the node is created with the first report and the next publish brings it up to date.
     *
     * @throws IllegalArgumentException when the report is another observer's
     */
    public synchronized void publish(ObserverReport report) {
        if (!report.observerId().equals(observerId) || report.kind() != kind) {
            throw new IllegalArgumentException("observer " + observerId + " (" + kind + ") cannot publish the report"
                    + " of " + report.observerId() + " (" + report.kind() + ")");
        }
        if (closed) {
            return;
        }
        byte[] json = TandemJson.encode(report);
        if (node == null) {
            node = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, json);
            node.start();
            return;
        }
        if (node.getActualPath() == null) {
            LOG.debug("observer {}: {} is not created yet; holding the report back", observerId, path);
            return;
        }
        try {
            node.setData(json);
        } catch (IllegalStateException e) {
            // the node is being re-created after a lost session; the next round publishes again
            LOG.debug("observer {}: cannot update {} now: {}", observerId, path, e.getMessage());
        } catch (Exception e) {
            // setData declares Exception but only queues a background write; anything else is a bug
            throw new IllegalStateException("observer " + observerId + ": cannot update " + path, e);
        }
    }

    /** Deletes the node (ZooKeeper would drop it with the session anyway) and stops re-creating it. */
    @Override
    public synchronized void close() {
        closed = true;
        if (node != null) {
            if (client.getState() != CuratorFrameworkState.STARTED || !client.getZookeeperClient().isConnected()) {
                // the session is gone or going: ZooKeeper drops the ephemeral node with it, and a delete now
                // would only wait for a connection that is not coming
                return;
            }
            try {
                node.close();
            } catch (IOException e) {
                throw new UncheckedIOException("observer " + observerId + ": cannot delete " + path, e);
            }
        }
    }
}
