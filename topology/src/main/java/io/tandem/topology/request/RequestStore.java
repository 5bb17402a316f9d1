package io.tandem.topology.request;

import io.tandem.topology.json.TandemJson;
import io.tandem.topology.store.CoordinationException;
import io.tandem.topology.store.TandemPaths;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Operator requests, {@code /tandem/<cluster>/requests/req-NNNNNNNNNN}: persistent sequential nodes written by the
 * CLI or the console, executed in order by the leading orchestrator, which writes the outcome into the same node
 * (compare-and-set on its version, so one answer only). The asker waits for that outcome. Answered requests are
 * deleted by the leader after a while; the journal keeps the record.
 */
public final class RequestStore {

    private static final String PREFIX = "req-";

    /** A node's content as stored. */
    record Stored(Request request, RequestOutcome outcome) {
    }

    private final CuratorFramework client;
    private final TandemPaths paths;

    public RequestStore(CuratorFramework client, String cluster) {
        this.client = client;
        this.paths = new TandemPaths(cluster);
    }

    private String parent() {
        return paths.requests();
    }

    /** Writes {@code request}; returns its sequence number, which {@link #awaitOutcome} takes. */
    public long submit(Request request) {
        try {
            String path = client.create().creatingParentContainersIfNeeded()
                    .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath(parent() + "/" + PREFIX, TandemJson.encode(new Stored(request, null)));
            return sequenceOf(path.substring(path.lastIndexOf('/') + 1));
        } catch (Exception e) {
            throw failure("write a request to", e);
        }
    }

    /** Every request node, oldest first. */
    public List<RequestEntry> all() {
        List<String> children;
        try {
            children = client.getChildren().forPath(parent());
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw failure("list", e);
        }
        List<RequestEntry> entries = new ArrayList<>();
        for (String child : children) {
            if (child.startsWith(PREFIX)) {
                read(sequenceOf(child)).ifPresent(entries::add);
            }
        }
        entries.sort(Comparator.comparingLong(RequestEntry::sequence));
        return entries;
    }

    /** The requests not answered yet, oldest first. */
    public List<RequestEntry> pending() {
        return all().stream().filter(RequestEntry::pending).toList();
    }

    /** One request node, if it exists. */
    public Optional<RequestEntry> read(long sequence) {
        try {
            Stat stat = new Stat();
            byte[] data = client.getData().storingStatIn(stat).forPath(path(sequence));
            Stored stored = TandemJson.decode(data, Stored.class);
            return Optional.of(new RequestEntry(sequence, stat.getVersion(), stored.request(), stored.outcome()));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw failure("read", e);
        }
    }

    /** Writes the answer to a pending request; false when it was answered (or deleted) meanwhile. */
    public boolean answer(RequestEntry entry, RequestOutcome outcome) {
        try {
            client.setData().withVersion(entry.version())
                    .forPath(path(entry.sequence()), TandemJson.encode(new Stored(entry.request(), outcome)));
            return true;
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            throw failure("answer", e);
        }
    }

    /** The outcome of request {@code sequence} once answered, waiting up to {@code timeout}; empty if none came. */
    public Optional<RequestOutcome> awaitOutcome(long sequence, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<RequestEntry> entry = read(sequence);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            if (!entry.get().pending()) {
                return Optional.of(entry.get().outcome());
            }
            if (System.nanoTime() - deadline >= 0) {
                return Optional.empty();
            }
            // the leader answers within a tick or two: polling keeps this free of watcher bookkeeping
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /** Withdraws an unanswered request (the asker gave up waiting), unless it was answered meanwhile. */
    public void withdraw(RequestEntry entry) {
        try {
            client.delete().withVersion(entry.version()).forPath(path(entry.sequence()));
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            // answered or gone meanwhile: nothing to withdraw
        } catch (Exception e) {
            throw failure("withdraw", e);
        }
    }

    /** Deletes the answered requests answered before {@code before}. */
    public void deleteAnswered(Instant before) {
        for (RequestEntry entry : all()) {
            if (!entry.pending() && entry.outcome().at().isBefore(before)) {
                try {
                    client.delete().forPath(path(entry.sequence()));
                } catch (KeeperException.NoNodeException e) {
                    // another leader's cleanup came first
                } catch (Exception e) {
                    throw failure("delete", e);
                }
            }
        }
    }

    private String path(long sequence) {
        return parent() + "/" + PREFIX + String.format("%010d", sequence);
    }

    private static long sequenceOf(String nodeName) {
        return Long.parseLong(nodeName.substring(PREFIX.length()));
    }

    private CoordinationException failure(String operation, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new CoordinationException("ZooKeeper: cannot " + operation + " " + parent() + ": " + e, e);
    }
}
