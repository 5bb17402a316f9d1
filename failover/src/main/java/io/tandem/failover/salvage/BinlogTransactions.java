package io.tandem.failover.salvage;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The committed transactions of a server's binary log files that a given GTID set lacks, in binlog order: what a
 * promoted replica is missing of its dead primary. Files are read from the newest back to the first one whose
 * previous-GTIDs set the replica already has, then forward. A transaction counts when its commit (XID, or
 * {@code COMMIT} for non-transactional tables, or the statement itself for DDL) reached the file; one cut off by the
 * crash is skipped, because its client never heard it commit.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-gtids-lifecycle.html">GTID life cycle</a>
 */
final class BinlogTransactions {

    /** The transactions found, and how many were cut off by the end of the log without committing. */
    record Found(List<LoggedTransaction> missing, int uncommittedAtEnd, List<Path> filesRead) {
    }

    private BinlogTransactions() {
    }

    /** @param files the server's binary log files, oldest first, as its index lists them */
    static Found notIn(GtidSet executed, List<Path> files) throws IOException {
        int first = files.size() - 1;
        while (first > 0 && !previousContained(files.get(first), executed)) {
            first--;
        }
        Collector collector = new Collector(executed);
        List<Path> read = new ArrayList<>();
        for (Path file : files.subList(Math.max(first, 0), files.size())) {
            collector.startFile(file.getFileName().toString());
            BinlogFileReader.read(file, collector::wants, collector::accept);
            read.add(file);
        }
        return new Found(collector.missing, collector.open == null ? 0 : 1, read);
    }

    private static boolean previousContained(Path file, GtidSet executed) throws IOException {
        Optional<String> previous = BinlogFileReader.previousGtids(file);
        return previous.isPresent() && executed.contains(GtidSet.parse(Flavor.MYSQL, previous.get()));
    }

    /** Groups one file's events into transactions as they come. */
    private static final class Collector {
        private final GtidSet executed;
        private final List<LoggedTransaction> missing = new ArrayList<>();
        private String file;
        private BinlogEvent format;
        private boolean checksummed;
        private Open open;

        Collector(GtidSet executed) {
            this.executed = executed;
        }

        void startFile(String name) {
            file = name;
            open = null;
        }

        /** Table maps and row events only of transactions the replica lacks; every other kind is small. */
        boolean wants(int type) {
            return switch (type) {
                case BinlogEvent.FORMAT_DESCRIPTION, BinlogEvent.GTID, BinlogEvent.QUERY, BinlogEvent.XID,
                        BinlogEvent.PREVIOUS_GTIDS, BinlogEvent.TRANSACTION_PAYLOAD -> true;
                default -> open != null && open.missing;
            };
        }

        void accept(BinlogEvent event) {
            switch (event.type()) {
                case BinlogEvent.FORMAT_DESCRIPTION -> {
                    format = event;
                    checksummed = event.announcesChecksums();
                }
                case BinlogEvent.GTID -> {
                    String gtid = event.gtid();
                    open = new Open(gtid, !executed.contains(GtidSet.parse(Flavor.MYSQL, gtid)));
                }
                case BinlogEvent.QUERY -> query(event);
                case BinlogEvent.XID -> commit();
                case BinlogEvent.TRANSACTION_PAYLOAD -> {
                    if (open != null) {
                        open.unreplayable = "a compressed transaction payload (binlog_transaction_compression)";
                        commit();
                    }
                }
                default -> {
                    if (open != null && (event.type() == BinlogEvent.TABLE_MAP || event.isRows())) {
                        open.events.add(event);
                    }
                }
            }
        }

        private void query(BinlogEvent event) {
            if (open == null) {
                return;
            }
            String statement = event.query(checksummed).strip();
            if (statement.equalsIgnoreCase("BEGIN")) {
                open.began = true;
            } else if (statement.equalsIgnoreCase("COMMIT")) {
                commit();
            } else if (statement.equalsIgnoreCase("ROLLBACK")) {
                open = null;
            } else if (!open.began) {
                open.database = event.queryDatabase();
                open.statement = statement;
                commit();
            } else {
                // a statement inside a row transaction (e.g. statement-based, or a mixed-format write)
                open.unreplayable = "a statement-format event inside the transaction: " + abbreviated(statement);
            }
        }

        private void commit() {
            if (open != null && open.missing) {
                missing.add(new LoggedTransaction(open.gtid, file, format, open.events, open.database,
                        open.statement, open.unreplayable));
            }
            open = null;
        }

        private static String abbreviated(String statement) {
            return statement.length() <= 80 ? statement : statement.substring(0, 77) + "...";
        }
    }

    private static final class Open {
        final String gtid;
        final boolean missing;
        final List<BinlogEvent> events = new ArrayList<>();
        boolean began;
        String database;
        String statement;
        String unreplayable;

        Open(String gtid, boolean missing) {
            this.gtid = gtid;
            this.missing = missing;
        }
    }
}
