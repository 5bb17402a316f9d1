package io.tandem.monitor.salvage;

import io.tandem.monitor.commit.Gtid;

import java.util.List;

/**
 * A primary transaction as the binlog monitor captured it: its GTID, commit time and row events in binlog order.
 *
 * @param complete false when the buffer dropped some of its rows to stay within bounds; such a transaction can
 *     only be listed as lost, never replayed
 */
public record CapturedTransaction(Gtid gtid, long commitMicros, List<RowChange> rows, boolean complete) {

    public CapturedTransaction {
        if (gtid == null) {
            throw new IllegalArgumentException("a captured transaction needs its GTID");
        }
        rows = List.copyOf(rows);
    }

    /** Whether every row can be replayed: the transaction is complete and each table has a primary key. */
    public boolean replayable() {
        return complete && rows.stream().allMatch(RowChange::replayable);
    }
}
