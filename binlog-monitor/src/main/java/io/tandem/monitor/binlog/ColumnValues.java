package io.tandem.monitor.binlog;

import io.tandem.monitor.salvage.RowChange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Debezium's MySQL column encodings ({@code time.precision.mode=adaptive_time_microseconds}, the default) turned back
 * into values that mean the same to MySQL: DATE from epoch days, DATETIME from epoch millis or micros, TIMESTAMP from
 * ISO-8601 UTC text, TIME (which may be negative or past 24 h) as {@code [-]HHH:MM:SS.ffffff} text. BIT(n > 1) is
 * kept as {@link RowChange.Unreplayable}: its bytes' order is the connector's, not the server's.
 *
 * @see <a href="https://debezium.io/documentation/reference/stable/connectors/mysql.html#mysql-temporal-types">
 *     Debezium MySQL temporal types</a>
 */
final class ColumnValues {

    private ColumnValues() {
    }

    static Object decode(String schemaName, Object value) {
        if (schemaName == null || value == null) {
            return value;
        }
        return switch (schemaName) {
            case "io.debezium.time.Date" -> LocalDate.ofEpochDay(((Number) value).longValue());
            case "io.debezium.time.Timestamp" -> micros(((Number) value).longValue() * 1000);
            case "io.debezium.time.MicroTimestamp" -> micros(((Number) value).longValue());
            case "io.debezium.time.NanoTimestamp" -> micros(((Number) value).longValue() / 1000);
            case "io.debezium.time.ZonedTimestamp" -> OffsetDateTime.parse((String) value);
            case "io.debezium.time.Time" -> time(((Number) value).longValue() * 1000);
            case "io.debezium.time.MicroTime" -> time(((Number) value).longValue());
            case "io.debezium.time.NanoTime" -> time(((Number) value).longValue() / 1000);
            case "io.debezium.data.Bits" -> new RowChange.Unreplayable(schemaName);
            default -> value;
        };
    }

    private static LocalDateTime micros(long epochMicros) {
        Instant at = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1000);
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    static String time(long micros) {
        String sign = micros < 0 ? "-" : "";
        long abs = Math.abs(micros);
        return String.format(java.util.Locale.ROOT, "%s%02d:%02d:%02d.%06d", sign, abs / 3_600_000_000L,
                abs / 60_000_000L % 60, abs / 1_000_000L % 60, abs % 1_000_000L);
    }
}
