package io.tandem.failover.salvage;

import java.util.List;

/**
 * One committed transaction read from a binary log file: either row events (with their table maps) to hand back to a
 * server in {@code BINLOG} statements, or one statement (DDL) with its default database, or a reason it cannot be
 * replayed.
 *
 * @param format the format description event of the file it was read from, which a {@code BINLOG} statement needs
 *     first
 * @param rowEvents table map and row events in binlog order; empty for a statement
 * @param statement the statement of a statement transaction, else null
 * @param unreplayable why it cannot be replayed (e.g. a compressed transaction payload), else null
 */
record LoggedTransaction(String gtid, String file, BinlogEvent format, List<BinlogEvent> rowEvents, String database,
                         String statement, String unreplayable) {

    LoggedTransaction {
        rowEvents = List.copyOf(rowEvents);
    }

    boolean isStatement() {
        return statement != null;
    }
}
