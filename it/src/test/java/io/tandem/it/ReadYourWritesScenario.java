package io.tandem.it;

import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the proxy's defaults, a session reads its own writes and its own DDL whatever replica serves the read, and
 * its reads never go back in time: once a replica that applied a transaction answered it, a replica that has not
 * applied it yet does not. Replicas stay in the read pool however far behind (maxLag is an hour here), so nothing
 * but read-your-writes keeps a read off a stale one.
 */
abstract class ReadYourWritesScenario {

    static RoutingFixture fixture;
    private static Flavor flavor;

    static void start(Flavor which) throws Exception {
        flavor = which;
        fixture = RoutingFixture.start(which, 2, true, settings -> settings.withRouting(
                settings.routing().withMaxLag(Duration.ofHours(1))));
        RoutingFixture.execute(fixture.sandbox.primary(), "CREATE DATABASE ryw",
                "CREATE TABLE ryw.t (id INT PRIMARY KEY, v VARCHAR(40))",
                "CREATE TABLE ryw.big (id INT PRIMARY KEY, b LONGBLOB)");
        fixture.sandbox.awaitReplicasCaughtUp();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aSessionReadsItsOwnWritesAndDdlOnReplicas() throws Exception {
        Set<Integer> servedBy = new HashSet<>();
        try (Connection c = fixture.connect("useServerPrepStmts=true"); Statement st = c.createStatement();
             PreparedStatement insert = c.prepareStatement("INSERT INTO ryw.t (id, v) VALUES (?, ?)");
             PreparedStatement read = c.prepareStatement("SELECT v, @@port FROM ryw.t WHERE id = ?")) {
            for (int id = 1; id <= 50; id++) {
                insert.setInt(1, id);
                insert.setString(2, "row " + id);
                insert.executeUpdate();
                read.setInt(1, id);
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).as("row %d read right after its insert", id).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("row " + id);
                    servedBy.add(rs.getInt(2));
                }
            }
            for (int i = 0; i < 10; i++) {
                st.execute("CREATE VIEW ryw.v" + i + " AS SELECT id FROM ryw.t WHERE id <= " + i);
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*), @@port FROM ryw.v" + i)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).as("view %d right after its CREATE", i).isEqualTo(i);
                    servedBy.add(rs.getInt(2));
                }
            }
        }
        assertThat(servedBy).as("replicas served the reads").containsAnyElementsOf(fixture.replicaPorts());
    }

    @Test
    void aLargeRowIsReadBackRightAfterItsInsert() throws Exception {
        int size = Math.min(20 << 20, maxAllowedPacket() - (1 << 20));
        byte[] blob = new byte[size];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) (i * 31);
        }
        try (Connection c = fixture.connect("useServerPrepStmts=true&maxAllowedPacket=" + (64 << 20));
             PreparedStatement insert = c.prepareStatement("INSERT INTO ryw.big (id, b) VALUES (?, ?)");
             PreparedStatement read = c.prepareStatement("SELECT LENGTH(b), MD5(b) FROM ryw.big WHERE id = ?")) {
            String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(blob));
            for (int id = 1; id <= 3; id++) {
                insert.setInt(1, id);
                insert.setBytes(2, blob);
                insert.executeUpdate();
                read.setInt(1, id);
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).as("a %d-byte row read right after its insert", size).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(size);
                    assertThat(rs.getString(2)).isEqualTo(md5);
                }
            }
        }
    }

    @Test
    void whatASessionDefinedIsReadWhereItDefinedIt() throws Exception {
        List<String> questions = List.of("SHOW CREATE TABLE ryw.m", "DESCRIBE ryw.m",
                "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'ryw' AND TABLE_NAME = 'm'");
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            // a replica's applier does not inherit the session's default engine: its copy of the table is InnoDB
            st.execute("SET default_storage_engine = MyISAM");
            st.execute("CREATE TABLE ryw.m (id INT PRIMARY KEY)");
            try (Connection direct = fixture.sandbox.primary().rootConnection();
                 Statement primary = direct.createStatement()) {
                for (int i = 0; i < 4; i++) {
                    for (String question : questions) {
                        assertThat(rows(st, question)).as("%s, try %d", question, i).isEqualTo(rows(primary, question))
                                .isNotEmpty();
                    }
                }
                assertThat(rows(st, questions.get(0)).get(0).get(1)).contains("ENGINE=MyISAM");
            }
        }
    }

    private static List<List<String>> rows(Statement st, String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void readsNeverGoBackInTime() throws Exception {
        ServerProcess stalled = fixture.sandbox.replicas().get(0);
        ServerProcess current = fixture.sandbox.replicas().get(1);
        int currentPort = current.layout().key().port();
        RoutingFixture.execute(stalled, "STOP REPLICA SQL_THREAD");
        try {
            RoutingFixture.execute(fixture.sandbox.primary(), "INSERT INTO ryw.t (id, v) VALUES (1000, 'news')");
            // the proxy has seen the current replica apply it: a read there makes it part of what the session saw
            GtidSet news = gtidExecuted(fixture.sandbox.primary());
            Await.until("the proxy sees the news applied on " + currentPort, Duration.ofSeconds(20),
                    () -> fixture.observed(current.layout().key()),
                    seen -> seen.gtidExecuted() != null && seen.gtidExecuted().contains(news));
            try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
                boolean seenNews = false;
                for (int i = 0; i < 40; i++) {
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*), @@port FROM ryw.t WHERE id = 1000")) {
                        assertThat(rs.next()).isTrue();
                        if (seenNews) {
                            assertThat(rs.getInt(1)).as("read %d, after the news was read, on %d", i, rs.getInt(2))
                                    .isEqualTo(1);
                        }
                        seenNews |= rs.getInt(1) == 1;
                    }
                }
                assertThat(seenNews).as("the current replica served a read").isTrue();
            }
        } finally {
            RoutingFixture.execute(stalled, "START REPLICA SQL_THREAD");
        }
    }

    private static GtidSet gtidExecuted(ServerProcess server) throws Exception {
        try (Connection c = server.rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(flavor == Flavor.MYSQL ? "SELECT @@global.gtid_executed"
                     : "SELECT @@global.gtid_binlog_pos")) {
            rs.next();
            return GtidSet.parse(flavor, rs.getString(1));
        }
    }

    private static int maxAllowedPacket() throws Exception {
        try (Connection c = fixture.sandbox.primary().rootConnection(); Statement st = c.createStatement()) {
            return RoutingFixture.intOf(st, "SELECT @@global.max_allowed_packet");
        }
    }
}
