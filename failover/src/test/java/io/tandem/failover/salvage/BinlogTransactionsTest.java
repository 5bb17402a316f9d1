package io.tandem.failover.salvage;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.tandem.failover.salvage.BinlogFixture.UUID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinlogTransactionsTest {

    @TempDir
    Path dir;

    private static GtidSet executed(String intervals) {
        return GtidSet.parse(Flavor.MYSQL, intervals.isEmpty() ? "" : UUID + ":" + intervals);
    }

    @Test
    void rowTransactionsTheReplicaLacksKeepTheirTableMapsAndRowsInOrder() throws IOException {
        Path file = new BinlogFixture().previousGtids(1, 0).rowTransaction(1).rowTransaction(2).rowTransaction(3)
                .write(dir.resolve("binlog.000001"));

        BinlogTransactions.Found found = BinlogTransactions.notIn(executed("1"), List.of(file));

        assertThat(found.missing()).extracting(LoggedTransaction::gtid).containsExactly(UUID + ":2", UUID + ":3");
        LoggedTransaction second = found.missing().get(0);
        assertThat(second.rowEvents()).extracting(BinlogEvent::type).containsExactly(BinlogEvent.TABLE_MAP, 30);
        assertThat(second.format().type()).isEqualTo(BinlogEvent.FORMAT_DESCRIPTION);
        assertThat(second.isStatement()).isFalse();
        assertThat(found.uncommittedAtEnd()).isZero();
    }

    @Test
    void aDdlStatementIsOneTransactionWithItsDefaultDatabase() throws IOException {
        Path file = new BinlogFixture().previousGtids(1, 0).gtid(1).query("shop", "CREATE TABLE t (id INT)")
                .rowTransaction(2).write(dir.resolve("binlog.000001"));

        List<LoggedTransaction> missing = BinlogTransactions.notIn(executed(""), List.of(file)).missing();

        assertThat(missing).hasSize(2);
        assertThat(missing.get(0).isStatement()).isTrue();
        assertThat(missing.get(0).statement()).isEqualTo("CREATE TABLE t (id INT)");
        assertThat(missing.get(0).database()).isEqualTo("shop");
        assertThat(missing.get(0).rowEvents()).isEmpty();
    }

    @Test
    void aTransactionCutOffByTheCrashWasNeverCommittedAndIsNotListed() throws IOException {
        BinlogFixture log = new BinlogFixture().previousGtids(1, 0).rowTransaction(1).gtid(2).query("", "BEGIN")
                .tableMap().writeRows();
        Path withoutCommit = log.write(dir.resolve("binlog.000001"));
        Path midEvent = log.writeCut(dir.resolve("binlog.000002"), 7);

        BinlogTransactions.Found noXid = BinlogTransactions.notIn(executed(""), List.of(withoutCommit));
        BinlogTransactions.Found partial = BinlogTransactions.notIn(executed(""), List.of(midEvent));

        assertThat(noXid.missing()).extracting(LoggedTransaction::gtid).containsExactly(UUID + ":1");
        assertThat(noXid.uncommittedAtEnd()).isOne();
        assertThat(partial.missing()).extracting(LoggedTransaction::gtid).containsExactly(UUID + ":1");
        assertThat(partial.uncommittedAtEnd()).isOne();
    }

    @Test
    void aRolledBackTransactionAndAnEmptyCommitAreHandledAsTheServerLoggedThem() throws IOException {
        Path file = new BinlogFixture().previousGtids(1, 0)
                .gtid(1).query("", "BEGIN").tableMap().writeRows().query("", "ROLLBACK")
                .gtid(2).query("", "BEGIN").tableMap().writeRows().query("", "COMMIT")
                .write(dir.resolve("binlog.000001"));

        assertThat(BinlogTransactions.notIn(executed(""), List.of(file)).missing())
                .extracting(LoggedTransaction::gtid).containsExactly(UUID + ":2");
    }

    @Test
    void readingStartsAtTheNewestFileWhosePreviousGtidsTheReplicaHas() throws IOException {
        Path first = new BinlogFixture().previousGtids(1, 0).rowTransaction(1).rowTransaction(2)
                .write(dir.resolve("binlog.000001"));
        Path second = new BinlogFixture().previousGtids(1, 2).rowTransaction(3).write(dir.resolve("binlog.000002"));
        Path third = new BinlogFixture().previousGtids(1, 3).rowTransaction(4).write(dir.resolve("binlog.000003"));

        BinlogTransactions.Found found = BinlogTransactions.notIn(executed("1-2"), List.of(first, second, third));

        assertThat(found.filesRead()).containsExactly(second, third);
        assertThat(found.missing()).extracting(LoggedTransaction::gtid).containsExactly(UUID + ":3", UUID + ":4");
        assertThat(found.missing()).extracting(LoggedTransaction::file)
                .containsExactly("binlog.000002", "binlog.000003");
    }

    @Test
    void aCompressedTransactionIsListedAsUnreplayable() throws IOException {
        Path file = new BinlogFixture().previousGtids(1, 0).gtid(1).event(BinlogEvent.TRANSACTION_PAYLOAD,
                new byte[30]).write(dir.resolve("binlog.000001"));

        List<LoggedTransaction> missing = BinlogTransactions.notIn(executed(""), List.of(file)).missing();

        assertThat(missing).singleElement().satisfies(t -> assertThat(t.unreplayable()).contains("compressed"));
    }

    @Test
    void aFileThatIsNotABinlogIsRefusedByName() throws IOException {
        Path file = Files.writeString(dir.resolve("binlog.000001"), "not a binlog");

        assertThatThrownBy(() -> BinlogTransactions.notIn(executed(""), List.of(file)))
                .hasMessageContaining("binlog.000001 is not a MySQL binary log");
    }
}
