package io.tandem.monitor.salvage;

import io.tandem.monitor.commit.Gtid;
import io.tandem.topology.gtid.GtidSet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The latest row events of the primary, grouped by transaction and bounded by a number of rows, so that after the
 * primary dies the transactions that reached the monitor but no replica can be replayed on the new primary or listed
 * as lost. The oldest transactions are dropped first; a transaction larger than the whole buffer keeps only its
 * latest rows and is marked incomplete. Thread-safe: the binlog engine records while a recovery reads.
 */
public final class RecentTransactions {

    private static final class Pending {
        final Gtid gtid;
        final long commitMicros;
        final Deque<RowChange> rows = new ArrayDeque<>();
        boolean complete = true;

        Pending(Gtid gtid, long commitMicros) {
            this.gtid = gtid;
            this.commitMicros = commitMicros;
        }
    }

    private final int maxRows;
    private final Deque<Pending> transactions = new ArrayDeque<>();
    private int rows;

    public RecentTransactions(int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("the buffer needs room for at least one row, got " + maxRows);
        }
        this.maxRows = maxRows;
    }

    /** Appends a row event of transaction {@code gtid}; rows of one transaction arrive together, in binlog order. */
    public synchronized void record(Gtid gtid, long commitMicros, RowChange row) {
        Pending last = transactions.peekLast();
        if (last == null || !last.gtid.equals(gtid)) {
            last = new Pending(gtid, commitMicros);
            transactions.addLast(last);
        }
        last.rows.addLast(row);
        rows++;
        while (rows > maxRows) {
            Pending oldest = transactions.peekFirst();
            if (oldest == last) {
                // one transaction fills the buffer: keep its latest rows, remember that it is cut
                oldest.rows.removeFirst();
                oldest.complete = false;
                rows--;
            } else {
                transactions.removeFirst();
                rows -= oldest.rows.size();
            }
        }
    }

    /**
     * The buffered transactions that {@code executed} lacks, oldest first: after a crash, what the candidate would
     * lose. Transactions older than the buffer are not known here; compare {@link #oldestGtid()} with the gap.
     */
    public synchronized List<CapturedTransaction> transactionsNotIn(GtidSet executed) {
        List<CapturedTransaction> missing = new ArrayList<>();
        for (Pending t : transactions) {
            if (!t.gtid.in(executed)) {
                missing.add(new CapturedTransaction(t.gtid, t.commitMicros, List.copyOf(t.rows), t.complete));
            }
        }
        return missing;
    }

    /** The oldest transaction still buffered, empty when the buffer is. */
    public synchronized Optional<Gtid> oldestGtid() {
        Pending oldest = transactions.peekFirst();
        return oldest == null ? Optional.empty() : Optional.of(oldest.gtid);
    }

    public synchronized int rowCount() {
        return rows;
    }

    public synchronized int transactionCount() {
        return transactions.size();
    }
}
