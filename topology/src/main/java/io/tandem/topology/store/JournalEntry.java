package io.tandem.topology.store;

/**
 * A journal event with its place in the cluster's total order.
 *
 * @param sequence ZooKeeper's sequence number of the node: strictly increasing within a cluster
 */
public record JournalEntry(long sequence, JournalEvent event) {
}
