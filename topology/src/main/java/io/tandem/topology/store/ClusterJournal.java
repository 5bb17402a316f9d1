package io.tandem.topology.store;

import io.tandem.topology.json.TandemJson;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ordered event log of one cluster, {@code /tandem/<cluster>/journal/ev-NNNNNNNNNN}: persistent sequential
 * nodes, so ZooKeeper itself gives every event of every process one total order. A journal with a retention bound
 * (the leading orchestrator's) deletes the oldest entries beyond it, in the background, every
 * {@value #PRUNE_EVERY} appends; what processes need from the past is in {@link ClusterMarks}, never read from here
 * on a time-critical path.
 */
public final class ClusterJournal {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterJournal.class);
    private static final String PREFIX = "ev-";
    static final int PRUNE_EVERY = 100;

    private final CuratorFramework client;
    private final TandemPaths paths;
    private final ClusterMarks marks;
    /** Entries kept; 0 keeps them all. */
    private final int retention;
    private final AtomicInteger appends = new AtomicInteger();
    private volatile boolean parentCreated;

    /** A journal that keeps every entry (for readers and occasional writers). */
    public ClusterJournal(CuratorFramework client, String cluster) {
        this(client, cluster, 0);
    }

    /** A journal that keeps the newest {@code retention} entries (0: all). */
    public ClusterJournal(CuratorFramework client, String cluster, int retention) {
        if (retention < 0) {
            throw new IllegalArgumentException("journal retention must be 0 (keep all) or positive, got " + retention);
        }
        this.client = client;
        this.paths = new TandemPaths(cluster);
        this.marks = new ClusterMarks(client, cluster);
        this.retention = retention;
    }

    /** The cluster's marks: the latest event of each kind, beside this journal. */
    public ClusterMarks marks() {
        return marks;
    }

    /** Appends an event and returns its sequence number. */
    public long append(JournalEvent event) {
        try {
            String path = client.create().creatingParentContainersIfNeeded()
                    .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath(paths.journalEventPrefix(), TandemJson.encode(event));
            appended();
            return sequenceOf(path.substring(path.lastIndexOf('/') + 1));
        } catch (Exception e) {
            throw failure("append to", e);
        }
    }

    /**
     * Appends an event without waiting for ZooKeeper to confirm it: for entries written on a time-critical path (a
     * recovery's transitions). ZooKeeper applies one session's requests in the order they were sent, so the entry still
     * lands before anything this process writes after it (e.g. the view a recovery publishes next). A failure is
     * logged with the event, which is then only in this process's log.
     */
    public void appendInBackground(JournalEvent event) {
        try {
            if (!parentCreated) {
                // once, and waited for: a background create that must first create its parent is retried by
                // Curator after later ones, out of order
                client.createContainers(paths.journal());
                parentCreated = true;
            }
            client.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .inBackground((c, result) -> {
                        if (result.getResultCode() != KeeperException.Code.OK.intValue()) {
                            LOG.warn("journal: could not append {} {}: {}", event.type(), event.message(),
                                    KeeperException.Code.get(result.getResultCode()));
                        }
                    })
                    .forPath(paths.journalEventPrefix(), TandemJson.encode(event));
            appended();
        } catch (Exception e) {
            throw failure("append to", e);
        }
    }

    private void appended() {
        if (retention > 0 && appends.incrementAndGet() % PRUNE_EVERY == 0) {
            prune();
        }
    }

    /**
     * Deletes, in the background, the oldest entries beyond the retention bound. Counted, not computed from sequence
     * numbers: ZooKeeper's sequence also advances with every delete. Two pruning processes at once only see
     * NONODE for what the other deleted first.
     */
    void prune() {
        try {
            client.getChildren().inBackground((c, listing) -> {
                if (listing.getResultCode() != KeeperException.Code.OK.intValue()) {
                    return;
                }
                List<String> entries = new ArrayList<>(listing.getChildren().stream()
                        .filter(child -> child.startsWith(PREFIX)).toList());
                int excess = entries.size() - retention;
                if (excess <= 0) {
                    return;
                }
                entries.sort(Comparator.comparingLong(ClusterJournal::sequenceOf));
                for (String old : entries.subList(0, excess)) {
                    c.delete().inBackground().forPath(paths.journal() + "/" + old);
                }
                LOG.debug("journal: pruning {} entries beyond the newest {}", excess, retention);
            }).forPath(paths.journal());
        } catch (Exception e) {
            // boundary: pruning is housekeeping; the next round tries again
            LOG.warn("journal: could not prune {}: {}", paths.journal(), e.toString());
        }
    }

    /** Every event after {@code afterSequence} (-1 for all), oldest first. */
    public List<JournalEntry> readSince(long afterSequence) {
        List<String> children;
        try {
            children = client.getChildren().forPath(paths.journal());
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw failure("list", e);
        }
        List<JournalEntry> entries = new ArrayList<>();
        for (String child : children) {
            if (!child.startsWith(PREFIX)) {
                continue;
            }
            long sequence = sequenceOf(child);
            if (sequence > afterSequence) {
                read(child, sequence, entries);
            }
        }
        entries.sort(Comparator.comparingLong(JournalEntry::sequence));
        return entries;
    }

    private void read(String child, long sequence, List<JournalEntry> into) {
        try {
            byte[] data = client.getData().forPath(paths.journal() + "/" + child);
            into.add(new JournalEntry(sequence, TandemJson.decode(data, JournalEvent.class)));
        } catch (KeeperException.NoNodeException e) {
            // pruned between listing and reading: nothing to report
        } catch (Exception e) {
            throw failure("read", e);
        }
    }

    private static long sequenceOf(String nodeName) {
        return Long.parseLong(nodeName.substring(PREFIX.length()));
    }

    private CoordinationException failure(String operation, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new CoordinationException("ZooKeeper " + operation + " " + paths.journal() + " failed: " + e, e);
    }
}
