package io.tandem.failover.salvage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.tandem.failover.salvage.BinlogFixture.UUID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinlogEventTest {

    @TempDir
    Path dir;

    private List<BinlogEvent> events(BinlogFixture fixture) throws IOException {
        List<BinlogEvent> events = new ArrayList<>();
        BinlogFileReader.read(fixture.write(dir.resolve("binlog.000001")), events::add);
        return events;
    }

    @Test
    void readsTheGtidOfAGtidEvent() throws IOException {
        List<BinlogEvent> events = events(new BinlogFixture().gtid(42));

        assertThat(events.get(1).gtid()).isEqualTo(UUID + ":42");
    }

    @Test
    void readsPreviousGtidsWithTheirExclusiveEnds() throws IOException {
        List<BinlogEvent> events = events(new BinlogFixture().previousGtids(1, 17));

        assertThat(events.get(1).previousGtids()).isEqualTo(UUID + ":1-17");
        assertThat(BinlogFileReader.previousGtids(dir.resolve("binlog.000001"))).contains(UUID + ":1-17");
    }

    @Test
    void readsTheStatementAndDatabaseOfAQueryEventWithoutItsChecksum() throws IOException {
        List<BinlogEvent> events = events(new BinlogFixture().query("shop", "ALTER TABLE t ADD c INT"));

        assertThat(events.get(0).announcesChecksums()).isTrue();
        assertThat(events.get(1).query(true)).isEqualTo("ALTER TABLE t ADD c INT");
        assertThat(events.get(1).queryDatabase()).isEqualTo("shop");
    }

    @Test
    void keepsEachEventsBytesWholeForReplay() throws IOException {
        List<BinlogEvent> events = events(new BinlogFixture().tableMap().writeRows());

        assertThat(events.get(1).bytes()).hasSize(19 + 12 + 4);
        assertThat(events.get(2).isRows()).isTrue();
        assertThat(events.get(1).isRows()).isFalse();
    }

    @Test
    void readingABodyAsTheWrongTypeIsABug() throws IOException {
        List<BinlogEvent> events = events(new BinlogFixture().xid());

        assertThatThrownBy(() -> events.get(1).gtid()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("type 16 read as type 33");
    }
}
