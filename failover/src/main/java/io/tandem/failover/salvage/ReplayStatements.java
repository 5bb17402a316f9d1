package io.tandem.failover.salvage;

import io.tandem.monitor.salvage.CapturedTransaction;
import io.tandem.monitor.salvage.RowChange;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a captured transaction's row events into statements by primary key: an insert inserts the after image, an
 * update sets every column of the after image where the key matches, a delete deletes by key. A transaction is
 * replayable only when it is complete, every table has a primary key and every value has a type this class binds
 * (strings, numbers, booleans, bytes, dates and date-times; offset date-times are bound in UTC, so the replay session
 * runs with {@code time_zone='+00:00'}).
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-rbr-usage.html">Row-based replication</a>
 */
public final class ReplayStatements {

    private ReplayStatements() {
    }

    /** Why {@code transaction} can only be listed as lost, or empty when it can be replayed. */
    public static Optional<String> whyLost(CapturedTransaction transaction) {
        if (!transaction.complete()) {
            return Optional.of("incomplete: the monitor's buffer kept only its latest rows");
        }
        for (RowChange row : transaction.rows()) {
            if (!row.replayable()) {
                return Optional.of("table " + table(row) + " has no primary key");
            }
            for (Map<String, Object> image : List.of(row.key(), row.before(), row.after())) {
                for (Map.Entry<String, Object> column : image.entrySet()) {
                    if (!bindable(column.getValue())) {
                        return Optional.of("column " + table(row) + "." + column.getKey() + " holds a "
                                + column.getValue().getClass().getSimpleName() + " value that cannot be replayed");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The statements of a replayable transaction, in binlog order. */
    public static List<ReplayStatement> of(CapturedTransaction transaction) {
        whyLost(transaction).ifPresent(reason -> {
            throw new IllegalArgumentException(transaction.gtid() + " cannot be replayed: " + reason);
        });
        return transaction.rows().stream().map(ReplayStatements::of).toList();
    }

    /** The statement of one row event of a table with a primary key. */
    static ReplayStatement of(RowChange row) {
        String table = quoted(row.database()) + "." + quoted(row.table());
        return switch (row.operation()) {
            case INSERT -> new ReplayStatement("INSERT INTO " + table + " (" + columns(row.after(), ", ") + ") VALUES ("
                    + placeholders(row.after().size()) + ")", values(row.after()), false);
            case UPDATE -> new ReplayStatement("UPDATE " + table + " SET " + assignments(row.after(), ", ")
                    + " WHERE " + assignments(row.key(), " AND "), concat(values(row.after()), values(row.key())),
                    true);
            case DELETE -> new ReplayStatement("DELETE FROM " + table + " WHERE " + assignments(row.key(), " AND "),
                    values(row.key()), true);
        };
    }

    /** A MySQL identifier in backticks, backticks inside doubled. */
    static String quoted(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static String table(RowChange row) {
        return row.database() + "." + row.table();
    }

    private static String columns(Map<String, Object> image, String separator) {
        return image.keySet().stream().map(ReplayStatements::quoted).collect(Collectors.joining(separator));
    }

    private static String assignments(Map<String, Object> image, String separator) {
        return image.keySet().stream().map(c -> quoted(c) + " = ?").collect(Collectors.joining(separator));
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static List<Object> values(Map<String, Object> image) {
        List<Object> values = new ArrayList<>(image.size());
        image.values().forEach(v -> values.add(v instanceof OffsetDateTime t
                ? t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : v));
        return values;
    }

    private static List<Object> concat(List<Object> first, List<Object> second) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static boolean bindable(Object value) {
        return value == null || value instanceof String || value instanceof Boolean || value instanceof byte[]
                || value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof Float || value instanceof Double
                || value instanceof BigDecimal || value instanceof BigInteger || value instanceof LocalDate
                || value instanceof LocalDateTime || value instanceof OffsetDateTime;
    }
}
