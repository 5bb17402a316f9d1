package io.tandem.monitor.binlog;

import io.debezium.engine.RecordChangeEvent;
import io.tandem.monitor.commit.CommitLog;
import io.tandem.monitor.commit.Gtid;
import io.tandem.monitor.salvage.RecentTransactions;
import io.tandem.monitor.salvage.RowChange;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one consumer of the binlog tail: each row event's GTID and commit time go to the {@link CommitLog}, its row
 * images to {@link RecentTransactions} (all tables but the heartbeat's own).
 *
 * <p>The commit time is the record's {@code source.ts_us}. With GTIDs on, Debezium's MySQL connector takes it from
 * the GTID event's {@code original_commit_timestamp}, which MySQL 8.0 writes in microseconds when the transaction
 * commits on its original source; the binlog event header's own timestamp has whole seconds only.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-delayed.html">original_commit_timestamp</a>
 */
final class ChangeRecords implements Consumer<RecordChangeEvent<SourceRecord>> {

    private static final Logger log = LoggerFactory.getLogger(ChangeRecords.class);
    static final String HEARTBEAT_DATABASE = "tandem";
    static final String HEARTBEAT_TABLE = "heartbeat";

    private final CommitLog commits;
    private final RecentTransactions recent;
    private volatile boolean warnedNoGtid;

    ChangeRecords(CommitLog commits, RecentTransactions recent) {
        this.commits = commits;
        this.recent = recent;
    }

    // boundary of the engine's consumer: an exception here would stop the binlog tail for one unreadable record
    @Override
    public void accept(RecordChangeEvent<SourceRecord> event) {
        try {
            take(event.record());
        } catch (RuntimeException e) {
            // the position only: row images may hold application data that has no place in a log
            log.error("binlog: skipping a record that could not be read at {}", event.record().sourceOffset(), e);
        }
    }

    private void take(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("source") == null
                || value.schema().field("op") == null) {
            return; // not a row event: heartbeats and transaction markers of the connector itself
        }
        Struct source = value.getStruct("source");
        String gtidText = source.getString("gtid");
        if (gtidText == null) {
            if (!warnedNoGtid) {
                log.warn("binlog: row events carry no GTID; the primary must run with gtid_mode=ON");
                warnedNoGtid = true;
            }
            return;
        }
        Gtid gtid = Gtid.parse(gtidText);
        long commitMicros = commitMicros(source);
        commits.record(gtid, commitMicros);
        String database = source.getString("db");
        String table = source.getString("table");
        if (!(HEARTBEAT_DATABASE.equals(database) && HEARTBEAT_TABLE.equals(table))) {
            recent.record(gtid, commitMicros, new RowChange(database, table, operation(value.getString("op")),
                    columns(record.key()), columns(value.get("before")), columns(value.get("after"))));
        }
    }

    private static long commitMicros(Struct source) {
        if (source.schema().field("ts_us") != null && source.getInt64("ts_us") != null) {
            return source.getInt64("ts_us");
        }
        return source.getInt64("ts_ms") * 1000;
    }

    private static RowChange.Operation operation(String op) {
        return switch (op) {
            case "c", "r" -> RowChange.Operation.INSERT;
            case "u" -> RowChange.Operation.UPDATE;
            case "d" -> RowChange.Operation.DELETE;
            default -> throw new IllegalArgumentException("not a row operation: '" + op + "'");
        };
    }

    /**
     * A row image as column name to value; bytes are copied out of the connector's buffers, and Debezium's temporal
     * encodings (epoch days, millis, micros, ISO text) become the {@code java.time} values a replay can bind.
     */
    static Map<String, Object> columns(Object image) {
        Map<String, Object> columns = new LinkedHashMap<>();
        if (image instanceof Struct struct) {
            for (Field field : struct.schema().fields()) {
                Object v = struct.get(field);
                Object copy = v instanceof ByteBuffer b ? bytes(b) : v instanceof Struct nested ? columns(nested) : v;
                columns.put(field.name(), v == null ? null : ColumnValues.decode(field.schema().name(), copy));
            }
        }
        return columns;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
