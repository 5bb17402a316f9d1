package io.tandem.topology.gtid;

/**
 * The sequence numbers of one MariaDB replication domain, with the server id that wrote the highest of them.
 * MariaDB positions name only a domain's last GTID; keeping the numbers as an interval set lets
 * {@code 0-1-150} minus {@code 0-1-100} be the exact transactions 101..150.
 *
 * <p>Only the server id of the highest sequence number is known, so when an operation's result tops out
 * elsewhere it keeps the left operand's server id as the best available.
 *
 * @see <a href="https://mariadb.com/kb/en/gtid/">MariaDB: Global Transaction ID</a>
 */
record MariaDbDomain(IntervalSet seqs, long serverId) implements SourceTransactions<MariaDbDomain> {

    @Override
    public IntervalSet numbers() {
        return seqs;
    }

    /** Takes the server id of the higher top; on a tie the lower server id, so that union stays commutative. */
    @Override
    public MariaDbDomain union(MariaDbDomain other) {
        if (other.seqs.isEmpty()) {
            return this;
        }
        if (seqs.isEmpty()) {
            return other;
        }
        int top = Long.compare(seqs.last(), other.seqs.last());
        long writer = top > 0 ? serverId : top < 0 ? other.serverId : Math.min(serverId, other.serverId);
        return new MariaDbDomain(seqs.union(other.seqs), writer);
    }

    @Override
    public MariaDbDomain subtract(MariaDbDomain other) {
        return new MariaDbDomain(seqs.subtract(other.seqs), serverId);
    }

    @Override
    public MariaDbDomain intersect(MariaDbDomain other) {
        IntervalSet common = seqs.intersect(other.seqs);
        boolean topsOnlyTheirs = !common.isEmpty()
                && common.last() == other.seqs.last()
                && common.last() != seqs.last();
        return new MariaDbDomain(common, topsOnlyTheirs ? other.serverId : serverId);
    }
}
