package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Many client sessions share two backend connections (one per event loop on a two-core machine), and each still
 * sees only its own state: schema, character set, sql_mode, time zone, user variables, temporary tables, SQL and
 * server-side prepared statements. Statements of different sessions are interleaved so that every session's next
 * statement runs on a connection another session changed in between.
 *
 * <p>What is asserted about backend connections, sampled as root every 20 ms for the whole class: account
 * {@code app} never holds more than the pool maximum (2) plus one connection for each session that is pinned at
 * the time (a pinned session keeps its connection for itself; the pool must still serve everyone else), and once
 * pinned sessions are gone it is back to at most 2.
 */
class ProxySessionStateIT {

    private static final int POOL_MAX = 2;
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private static Sandbox sandbox;
    private static ProxyFixture proxy;
    /** Sessions a test has pinned (or is about to pin) and not yet seen disconnected. */
    private static final AtomicInteger pinned = new AtomicInteger();
    private BackendConnectionWatch watch;
    private final List<Connection> sessions = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxFixture.start(Flavor.MYSQL, 1);
        proxy = ProxyFixture.start(sandbox, POOL_MAX);
        SandboxFixture.execute(sandbox.primary(),
                "CREATE DATABASE db1", "CREATE DATABASE db2",
                "CREATE TABLE db1.marker (name VARCHAR(10))", "INSERT INTO db1.marker VALUES ('db1')",
                "CREATE TABLE db2.marker (name VARCHAR(10))", "INSERT INTO db2.marker VALUES ('db2')");
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void watchBackendConnections() throws SQLException {
        watch = BackendConnectionWatch.start(sandbox.primary(), SandboxAccounts.CLIENT_USER,
                () -> POOL_MAX + pinned.get());
    }

    @AfterEach
    void closeSessionsAndCheckTheBound() throws Exception {
        for (Connection c : sessions) {
            c.close();
        }
        try {
            BackendConnectionWatch.awaitAtMost(sandbox.primary(), SandboxAccounts.CLIENT_USER, POOL_MAX, SETTLE);
            pinned.set(0);
        } finally {
            watch.close();
        }
        assertThat(watch.violations()).as("backend connections of 'app' above %d + pinned sessions (max seen %d in"
                + " %d samples)", POOL_MAX, watch.max(), watch.samples()).isEmpty();
    }

    @Test
    void eachSessionKeepsItsOwnSchema() throws Exception {
        Connection a = session("");
        Connection b = session("");
        Connection none = session("");
        for (int round = 0; round < 3; round++) {
            execute(a, "USE db1");
            execute(b, "USE db2");
            assertThat(one(none, "SELECT DATABASE()")).as("a session that chose no schema").isNull();
            assertThat(one(a, "SELECT name FROM marker")).isEqualTo("db1");
            assertThat(one(b, "SELECT name FROM marker")).isEqualTo("db2");
            assertThat(one(none, "SELECT DATABASE()")).isNull();
            assertThat(one(a, "SELECT DATABASE()")).isEqualTo("db1");
            execute(a, "USE db2");
            assertThat(one(a, "SELECT name FROM marker")).isEqualTo("db2");
            assertThat(one(b, "SELECT DATABASE()")).isEqualTo("db2");
        }
    }

    @Test
    void eachSessionKeepsItsOwnCharacterSet() throws Exception {
        Connection latin = session("");
        Connection utf = session("");
        Connection untouched = session("");
        String initial = one(untouched, "SELECT @@character_set_client");
        execute(latin, "SET NAMES latin1");
        execute(utf, "SET NAMES utf8mb4");
        for (int round = 0; round < 3; round++) {
            assertThat(row(latin, "SELECT @@character_set_client, @@character_set_results, @@character_set_connection"))
                    .containsExactly("latin1", "latin1", "latin1");
            assertThat(row(utf, "SELECT @@character_set_client, @@character_set_results, @@character_set_connection"))
                    .containsExactly("utf8mb4", "utf8mb4", "utf8mb4");
            assertThat(one(untouched, "SELECT @@character_set_client")).isEqualTo(initial);
        }
        execute(latin, "SET NAMES utf8mb4");
        assertThat(one(latin, "SELECT @@character_set_results")).isEqualTo("utf8mb4");
    }

    @Test
    void ansiQuotesApplyOnlyToTheSessionThatSetThem() throws Exception {
        Connection ansi = session("");
        Connection plain = session("");
        execute(ansi, "SET SESSION sql_mode = 'ANSI_QUOTES'");
        for (int round = 0; round < 3; round++) {
            assertThat(one(ansi, "SELECT \"name\" FROM \"db1\".\"marker\"")).isEqualTo("db1");
            assertThat(one(plain, "SELECT \"name\" FROM db1.marker")).as("a string literal without ANSI_QUOTES")
                    .isEqualTo("name");
            assertThatThrownBy(() -> one(plain, "SELECT name FROM \"db1\".\"marker\""))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1064));
            assertThat(one(ansi, "SELECT @@session.sql_mode")).isEqualTo("ANSI_QUOTES");
        }
    }

    @Test
    void eachSessionKeepsItsOwnTimeZone() throws Exception {
        Connection east = session("");
        Connection local = session("");
        String serverZone;
        try (Connection root = sandbox.primary().rootConnection()) {
            serverZone = one(root, "SELECT TIME_FORMAT(TIMEDIFF(NOW(), UTC_TIMESTAMP()), '%H:%i')");
        }
        execute(east, "SET time_zone = '+05:00'");
        for (int round = 0; round < 3; round++) {
            assertThat(one(east, "SELECT @@session.time_zone")).isEqualTo("+05:00");
            assertThat(one(local, "SELECT @@session.time_zone")).isEqualTo("SYSTEM");
            // NOW() and UTC_TIMESTAMP() are both fixed at the statement's start, so the difference is exact
            assertThat(one(east, "SELECT TIME_FORMAT(TIMEDIFF(NOW(), UTC_TIMESTAMP()), '%H:%i')")).isEqualTo("05:00");
            assertThat(one(local, "SELECT TIME_FORMAT(TIMEDIFF(NOW(), UTC_TIMESTAMP()), '%H:%i')"))
                    .isEqualTo(serverZone);
        }
    }

    @Test
    void aUserVariableBelongsToItsSession() throws Exception {
        Connection owner = session("");
        List<Connection> others = List.of(session(""), session(""), session(""));
        pinned.incrementAndGet();
        execute(owner, "SET @v = 42");
        for (int round = 0; round < 3; round++) {
            for (Connection other : others) {
                assertThat(one(other, "SELECT @v")).isNull();
                execute(other, "SET NAMES utf8mb4");
            }
            assertThat(one(owner, "SELECT @v")).isEqualTo("42");
        }
    }

    @Test
    void aTemporaryTableIsVisibleOnlyToItsSession() throws Exception {
        Connection owner = session("");
        List<Connection> others = List.of(session(""), session(""), session(""));
        pinned.incrementAndGet();
        execute(owner, "CREATE TEMPORARY TABLE db1.scratch (id INT)");
        execute(owner, "INSERT INTO db1.scratch VALUES (1), (2)");
        for (int round = 0; round < 3; round++) {
            for (Connection other : others) {
                assertThatThrownBy(() -> one(other, "SELECT COUNT(*) FROM db1.scratch"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1146));
            }
            execute(owner, "INSERT INTO db1.scratch VALUES (" + (round + 3) + ")");
            assertThat(one(owner, "SELECT COUNT(*) FROM db1.scratch")).isEqualTo(String.valueOf(round + 3));
        }
    }

    @Test
    void anSqlPreparedStatementBelongsToItsSession() throws Exception {
        Connection owner = session("");
        Connection other = session("");
        Connection third = session("");
        pinned.incrementAndGet();
        execute(owner, "SET @v = 42");
        execute(owner, "PREPARE s FROM 'SELECT ?'");
        for (int round = 0; round < 3; round++) {
            assertThatThrownBy(() -> one(other, "EXECUTE s USING @v"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1243));
            execute(third, "USE db" + (round % 2 + 1));
            assertThat(one(owner, "EXECUTE s USING @v")).isEqualTo("42");
        }
        execute(owner, "DEALLOCATE PREPARE s");
    }

    @Test
    void aServerPreparedStatementSurvivesOtherSessionsUsingTheConnections() throws Exception {
        Connection owner = session("useServerPrepStmts=true");
        List<Connection> others = List.of(session("useServerPrepStmts=true"), session(""), session(""));
        try (PreparedStatement mine = owner.prepareStatement("SELECT ? + 1, name FROM db1.marker WHERE name = ?")) {
            for (int round = 0; round < 4; round++) {
                mine.setInt(1, round);
                mine.setString(2, "db1");
                assertThat(row(mine)).containsExactly(String.valueOf(round + 1), "db1");
                for (Connection other : others) {
                    execute(other, "USE db2");
                    try (PreparedStatement theirs = other.prepareStatement("SELECT name, ? FROM marker")) {
                        theirs.setString(1, "x" + round);
                        assertThat(row(theirs)).containsExactly("db2", "x" + round);
                    }
                }
                // different parameter types make Connector/J send types again; equal ones make it omit them
                mine.setString(1, "10");
                mine.setString(2, "db1");
                assertThat(row(mine)).containsExactly("11", "db1");
            }
            // a session that pins takes a connection for itself: the owner's statement moves to another connection
            Connection pinning = session("");
            pinned.incrementAndGet();
            execute(pinning, "CREATE TEMPORARY TABLE db1.mine (id INT)");
            mine.setLong(1, 41);
            mine.setString(2, "db1");
            assertThat(row(mine)).containsExactly("42", "db1");
            assertThat(one(pinning, "SELECT COUNT(*) FROM db1.mine")).isEqualTo("0");
        }
    }

    private Connection session(String options) throws SQLException {
        Connection c = proxy.connect(options);
        sessions.add(c);
        return c;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String one(Connection c, String sql) throws SQLException {
        return row(c, sql).get(0);
    }

    private static List<String> row(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return first(rs, sql);
        }
    }

    private static List<String> row(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return first(rs, ps.toString());
        }
    }

    private static List<String> first(ResultSet rs, String sql) throws SQLException {
        assertThat(rs.next()).as("a row from %s", sql).isTrue();
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.add(rs.getString(i));
        }
        return row;
    }
}
