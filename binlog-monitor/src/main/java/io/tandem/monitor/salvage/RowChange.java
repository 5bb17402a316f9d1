package io.tandem.monitor.salvage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row event of a primary transaction as the binlog carried it (row-based replication: full before and after
 * images), kept so that a transaction no replica received can be replayed or listed exactly.
 *
 * @param key the row's primary key columns, or empty for a table without a primary key (listed, never replayed)
 * @param before the row before the change; empty for an insert
 * @param after the row after the change; empty for a delete
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-formats.html">Replication formats</a>
 */
public record RowChange(String database, String table, Operation operation, Map<String, Object> key,
                        Map<String, Object> before, Map<String, Object> after) {

    /** What the row event did. */
    public enum Operation {
        INSERT,
        UPDATE,
        DELETE
    }

    /** A column value the monitor kept but cannot turn into one MySQL takes back, e.g. {@code BIT(8)}. */
    public record Unreplayable(String type) {
    }

    public RowChange {
        if (database == null || table == null || operation == null) {
            throw new IllegalArgumentException("a row change needs a database, a table and an operation");
        }
        key = frozen(key);
        before = frozen(before);
        after = frozen(after);
    }

    /** Whether the row can be replayed idempotently: only a table with a primary key identifies its rows. */
    public boolean replayable() {
        return !key.isEmpty();
    }

    // column values may be null, which Map.copyOf refuses; column order is kept for readable listings
    private static Map<String, Object> frozen(Map<String, Object> columns) {
        return columns == null || columns.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }
}
