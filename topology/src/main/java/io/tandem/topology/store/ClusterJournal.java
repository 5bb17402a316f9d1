package io.tandem.topology.store;

import io.tandem.topology.json.TandemJson;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ordered event log of one cluster, {@code /tandem/<cluster>/journal/ev-NNNNNNNNNN}: persistent sequential
 * nodes, so ZooKeeper itself gives every event of every process one total order.
 */
public final class ClusterJournal {

    private static final String PREFIX = "ev-";

    private final CuratorFramework client;
    private final TandemPaths paths;

    public ClusterJournal(CuratorFramework client, String cluster) {
        this.client = client;
        this.paths = new TandemPaths(cluster);
    }

    /** Appends an event and returns its sequence number. */
    public long append(JournalEvent event) {
        try {
            String path = client.create().creatingParentContainersIfNeeded()
                    .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath(paths.journalEventPrefix(), TandemJson.encode(event));
            return sequenceOf(path.substring(path.lastIndexOf('/') + 1));
        } catch (Exception e) {
            throw failure("append to", e);
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
