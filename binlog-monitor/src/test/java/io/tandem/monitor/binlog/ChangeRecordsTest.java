package io.tandem.monitor.binlog;

import io.tandem.monitor.commit.CommitLog;
import io.tandem.monitor.commit.Gtid;
import io.tandem.monitor.salvage.CapturedTransaction;
import io.tandem.monitor.salvage.RecentTransactions;
import io.tandem.monitor.salvage.RowChange;
import io.tandem.topology.gtid.GtidSet;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Records shaped as Debezium's MySQL connector emits them (envelope with before, after, source, op). */
class ChangeRecordsTest {

    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().optional()
            .field("id", Schema.INT32_SCHEMA).field("v", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema SOURCE = SchemaBuilder.struct()
            .field("ts_ms", Schema.INT64_SCHEMA).field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("db", Schema.STRING_SCHEMA).field("table", Schema.OPTIONAL_STRING_SCHEMA)
            .field("gtid", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("tandem.app.t.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
            .build();

    private final CommitLog commits = new CommitLog(100, 60_000_000);
    private final RecentTransactions recent = new RecentTransactions(100);
    private final ChangeRecords consumer = new ChangeRecords(commits, recent);

    private void deliver(String db, String table, String gtid, long tsMicros, String op, Integer before,
                         Integer after) {
        Struct source = new Struct(SOURCE).put("ts_ms", tsMicros / 1000).put("ts_us", tsMicros).put("db", db)
                .put("table", table).put("gtid", gtid);
        Struct value = new Struct(ENVELOPE).put("source", source).put("op", op)
                .put("before", before == null ? null : new Struct(ROW).put("id", before).put("v", "old"))
                .put("after", after == null ? null : new Struct(ROW).put("id", after).put("v", null));
        Struct key = new Struct(KEY).put("id", after != null ? after : before);
        consumer.accept(() -> new SourceRecord(Map.of(), Map.of(), "tandem." + db + "." + table, KEY, key,
                ENVELOPE, value));
    }

    @Test
    void rowEventsGoToTheCommitLogAndTheSalvageBuffer() {
        deliver("app", "t", A + ":7", 1_700_000_000_123_456L, "c", null, 1);
        deliver("app", "t", A + ":8", 1_700_000_000_200_000L, "u", 1, 1);
        deliver("app", "t", A + ":8", 1_700_000_000_200_000L, "d", 2, null);

        assertThat(commits.commitMicros(new Gtid(A, 7))).hasValue(1_700_000_000_123_456L);
        List<CapturedTransaction> all = recent.transactionsNotIn(GtidSet.EMPTY);
        assertThat(all).extracting(CapturedTransaction::gtid).containsExactly(new Gtid(A, 7), new Gtid(A, 8));
        RowChange update = all.get(1).rows().get(0);
        assertThat(update.operation()).isEqualTo(RowChange.Operation.UPDATE);
        assertThat(update.before()).containsEntry("v", "old");
        assertThat(update.after()).containsEntry("v", null);
        assertThat(update.key()).containsEntry("id", 1);
        assertThat(all.get(1).rows().get(1).operation()).isEqualTo(RowChange.Operation.DELETE);
    }

    @Test
    void heartbeatsAreTimedButNotBufferedForSalvage() {
        deliver(ChangeRecords.HEARTBEAT_DATABASE, ChangeRecords.HEARTBEAT_TABLE, A + ":1", 5_000_000, "u", 1, 1);
        assertThat(commits.commitMicros(new Gtid(A, 1))).hasValue(5_000_000);
        assertThat(recent.transactionCount()).isZero();
    }

    @Test
    void recordsWithoutGtidOrEnvelopeAreSkippedAndAnUnreadableOneDoesNotStopTheConsumer() {
        deliver("app", "t", null, 5_000_000, "c", null, 1);
        deliver("app", "t", "not-a-gtid", 5_000_000, "c", null, 2);
        consumer.accept(() -> new SourceRecord(Map.of(), Map.of(), "tandem", null, null, null, null));
        deliver("app", "t", A + ":2", 6_000_000, "c", null, 3);

        assertThat(commits.size()).isEqualTo(1);
        assertThat(recent.rowCount()).isEqualTo(1);
    }
}
