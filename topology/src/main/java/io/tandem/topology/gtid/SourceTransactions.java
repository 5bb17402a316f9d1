package io.tandem.topology.gtid;

/**
 * What one source contributes to a GTID set: the transaction numbers of a MySQL server UUID, or the sequence
 * numbers of a MariaDB replication domain. {@link SourceMap} applies these operations source by source.
 *
 * @param <V> the implementing type, so that operations combine like with like
 */
interface SourceTransactions<V extends SourceTransactions<V>> {

    IntervalSet numbers();

    V union(V other);

    V subtract(V other);

    V intersect(V other);
}
