package io.tandem.monitor.salvage;

import io.tandem.monitor.commit.Gtid;
import io.tandem.monitor.salvage.RowChange.Operation;
import io.tandem.topology.gtid.GtidSet;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentTransactionsTest {

    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    private static Gtid a(long n) {
        return new Gtid(A, n);
    }

    private static RowChange insert(int id) {
        return new RowChange("app", "t", Operation.INSERT, Map.of("id", id), null, Map.of("id", id, "v", "x" + id));
    }

    @Test
    void listsTheTransactionsTheExecutedSetLacksOldestFirst() {
        RecentTransactions recent = new RecentTransactions(100);
        recent.record(a(1), 10, insert(1));
        recent.record(a(2), 20, insert(2));
        recent.record(a(2), 20, insert(3));
        recent.record(a(3), 30, insert(4));

        List<CapturedTransaction> missing = recent.transactionsNotIn(GtidSet.parse(A + ":1"));
        assertThat(missing).extracting(CapturedTransaction::gtid).containsExactly(a(2), a(3));
        assertThat(missing.get(0).rows()).extracting(r -> r.key().get("id")).containsExactly(2, 3);
        assertThat(missing.get(0).commitMicros()).isEqualTo(20);
        assertThat(missing).allMatch(CapturedTransaction::replayable);
        assertThat(recent.transactionsNotIn(GtidSet.parse(A + ":1-3"))).isEmpty();
        assertThat(recent.transactionsNotIn(GtidSet.EMPTY)).hasSize(3);
    }

    @Test
    void dropsWholeOldTransactionsBeyondItsRowBound() {
        RecentTransactions recent = new RecentTransactions(3);
        recent.record(a(1), 10, insert(1));
        recent.record(a(1), 10, insert(2));
        recent.record(a(2), 20, insert(3));
        recent.record(a(3), 30, insert(4));

        assertThat(recent.rowCount()).isEqualTo(2);
        assertThat(recent.transactionCount()).isEqualTo(2);
        assertThat(recent.oldestGtid()).contains(a(2));
    }

    @Test
    void aTransactionLargerThanTheBufferKeepsItsLatestRowsAndIsMarkedCut() {
        RecentTransactions recent = new RecentTransactions(2);
        recent.record(a(1), 10, insert(1));
        recent.record(a(1), 10, insert(2));
        recent.record(a(1), 10, insert(3));

        CapturedTransaction only = recent.transactionsNotIn(GtidSet.EMPTY).get(0);
        assertThat(only.complete()).isFalse();
        assertThat(only.replayable()).isFalse();
        assertThat(only.rows()).extracting(r -> r.key().get("id")).containsExactly(2, 3);
    }

    @Test
    void rowsOfATableWithoutPrimaryKeyAreListedButNotReplayable() {
        RecentTransactions recent = new RecentTransactions(10);
        Map<String, Object> after = new HashMap<>();
        after.put("v", null);
        recent.record(a(1), 10, new RowChange("app", "log", Operation.INSERT, Map.of(), null, after));

        CapturedTransaction t = recent.transactionsNotIn(GtidSet.EMPTY).get(0);
        assertThat(t.replayable()).isFalse();
        assertThat(t.rows().get(0).after()).containsEntry("v", null);
    }

    @Test
    void anEmptyBufferHasNothingToSalvage() {
        RecentTransactions recent = new RecentTransactions(1);
        assertThat(recent.transactionsNotIn(GtidSet.parse(A + ":1"))).isEmpty();
        assertThat(recent.oldestGtid()).isEmpty();
        assertThatThrownBy(() -> new RecentTransactions(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
