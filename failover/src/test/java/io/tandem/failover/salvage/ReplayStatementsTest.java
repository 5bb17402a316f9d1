package io.tandem.failover.salvage;

import io.tandem.monitor.commit.Gtid;
import io.tandem.monitor.salvage.CapturedTransaction;
import io.tandem.monitor.salvage.RowChange;
import io.tandem.monitor.salvage.RowChange.Operation;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayStatementsTest {

    private static final Gtid GTID = Gtid.parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:42");

    @Test
    void insertsTheAfterImageWithEveryValueBoundAsAParameter() {
        Map<String, Object> after = columns("id", 7, "name", "O'Brien \\ \"x\"; DROP TABLE t; --", "note", null);
        RowChange row = new RowChange("app", "people", Operation.INSERT, columns("id", 7), null, after);

        ReplayStatement statement = ReplayStatements.of(row);

        assertThat(statement.sql()).isEqualTo("INSERT INTO `app`.`people` (`id`, `name`, `note`) VALUES (?, ?, ?)");
        assertThat(statement.parameters()).containsExactly(7, "O'Brien \\ \"x\"; DROP TABLE t; --", null);
        assertThat(statement.onlyOneRow()).isFalse();
    }

    @Test
    void updatesEveryColumnByACompositeKey() {
        RowChange row = new RowChange("app", "lines", Operation.UPDATE, columns("order_id", 1L, "line", 2),
                columns("order_id", 1L, "line", 2, "qty", 3), columns("order_id", 1L, "line", 2, "qty", null));

        ReplayStatement statement = ReplayStatements.of(row);

        assertThat(statement.sql()).isEqualTo("UPDATE `app`.`lines` SET `order_id` = ?, `line` = ?, `qty` = ?"
                + " WHERE `order_id` = ? AND `line` = ?");
        assertThat(statement.parameters()).containsExactly(1L, 2, null, 1L, 2);
        assertThat(statement.onlyOneRow()).isTrue();
    }

    @Test
    void deletesByKeyOnly() {
        RowChange row = new RowChange("app", "lines", Operation.DELETE, columns("order_id", 1L, "line", 2),
                columns("order_id", 1L, "line", 2, "qty", 3), null);

        ReplayStatement statement = ReplayStatements.of(row);

        assertThat(statement.sql()).isEqualTo("DELETE FROM `app`.`lines` WHERE `order_id` = ? AND `line` = ?");
        assertThat(statement.parameters()).containsExactly(1L, 2);
    }

    @Test
    void doublesBackticksInIdentifiers() {
        RowChange row = new RowChange("my`db", "t`1", Operation.DELETE, columns("we`ird", 1), null, null);

        assertThat(ReplayStatements.of(row).sql()).isEqualTo("DELETE FROM `my``db`.`t``1` WHERE `we``ird` = ?");
    }

    @Test
    void bindsOffsetDateTimesInUtc() {
        RowChange row = new RowChange("app", "events", Operation.INSERT, columns("id", 1), null,
                columns("id", 1, "at", OffsetDateTime.parse("2026-01-02T05:04:05.123456+02:00")));

        assertThat(ReplayStatements.of(row).parameters())
                .containsExactly(1, LocalDateTime.parse("2026-01-02T03:04:05.123456"));
    }

    @Test
    void aTableWithoutPrimaryKeyMakesTheTransactionLost() {
        CapturedTransaction t = transaction(true,
                new RowChange("app", "people", Operation.INSERT, columns("id", 1), null, columns("id", 1)),
                new RowChange("app", "log", Operation.INSERT, null, null, columns("line", "x")));

        assertThat(ReplayStatements.whyLost(t)).contains("table app.log has no primary key");
        assertThatThrownBy(() -> ReplayStatements.of(t)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(GTID.toString());
    }

    @Test
    void anIncompleteTransactionOrAnUnreplayableValueIsLost() {
        RowChange row = new RowChange("app", "people", Operation.INSERT, columns("id", 1), null, columns("id", 1));
        assertThat(ReplayStatements.whyLost(transaction(false, row))).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("incomplete"));

        RowChange bits = new RowChange("app", "flags", Operation.INSERT, columns("id", 1), null,
                columns("id", 1, "mask", new RowChange.Unreplayable("io.debezium.data.Bits")));
        assertThat(ReplayStatements.whyLost(transaction(true, bits))).contains("column app.flags.mask holds a"
                + " Unreplayable value that cannot be replayed");
    }

    @Test
    void aCompleteTransactionWithKeysReplaysInBinlogOrder() {
        CapturedTransaction t = transaction(true,
                new RowChange("app", "a", Operation.INSERT, columns("id", 1), null, columns("id", 1)),
                new RowChange("app", "b", Operation.DELETE, columns("id", 2), columns("id", 2), null));

        assertThat(ReplayStatements.whyLost(t)).isEmpty();
        assertThat(ReplayStatements.of(t)).extracting(ReplayStatement::sql).containsExactly(
                "INSERT INTO `app`.`a` (`id`) VALUES (?)", "DELETE FROM `app`.`b` WHERE `id` = ?");
    }

    private static CapturedTransaction transaction(boolean complete, RowChange... rows) {
        return new CapturedTransaction(GTID, 1L, Arrays.asList(rows), complete);
    }

    private static Map<String, Object> columns(Object... pairs) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            columns.put((String) pairs[i], pairs[i + 1]);
        }
        return columns;
    }
}
