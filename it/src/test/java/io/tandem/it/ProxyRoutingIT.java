package io.tandem.it;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.observer.ObserverKind;
import io.tandem.topology.observer.ObserverReport;
import io.tandem.topology.observer.ObserverStore;
import io.tandem.sandbox.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static io.tandem.it.RoutingFixture.intOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where each kind of statement runs through the proxy, told by {@code @@port}: reads on replicas, everything that
 * writes, locks, reads session values or belongs to a transaction on the primary, and session state (names,
 * sql_mode, time zone, schema, user variables, temporary tables, SQL PREPARE) seen by the statements after it
 * wherever they run. No write ever reaches a replica: at the end every replica has exactly the primary's data and
 * no transaction of its own.
 */
class ProxyRoutingIT {

    private static RoutingFixture fixture;
    private static int primary;
    private static Set<Integer> replicas;

    @BeforeAll
    static void start() throws Exception {
        fixture = RoutingFixture.start(2, true, settings -> settings);
        primary = fixture.primaryPort();
        replicas = new HashSet<>(fixture.replicaPorts());
        RoutingFixture.execute(fixture.sandbox.primary(),
                "CREATE DATABASE routing",
                "CREATE TABLE routing.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40))",
                "INSERT INTO routing.t (v) VALUES ('first')",
                "CREATE PROCEDURE routing.where_am_i() SELECT @@port");
        fixture.sandbox.awaitReplicasCaughtUp();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT @@port",
            "select @@port from routing.t limit 1",
            "SELECT /*+ MAX_EXECUTION_TIME(1000) */ @@port",
            "WITH x AS (SELECT @@port AS p) SELECT p FROM x",
            "SELECT @@port, 'FOR UPDATE', `LAST_INSERT_ID` FROM (SELECT 1 AS `LAST_INSERT_ID`) d",
            "SELECT @@port /* FOR UPDATE */ -- GET_LOCK(\n",
            "/* tandem:replica */ SELECT @@port, LAST_INSERT_ID()",
            "  (SELECT @@port) UNION (SELECT @@port)"})
    void readsRunOnReplicas(String sql) throws Exception {
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            for (int i = 0; i < 4; i++) {
                assertThat(intOf(st, sql)).as(sql).isIn(replicas);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT @@port FROM routing.t LIMIT 1 FOR UPDATE",
            "SELECT @@port FROM routing.t LIMIT 1 FOR SHARE",
            "SELECT @@port FROM routing.t LIMIT 1 LOCK IN SHARE MODE",
            "SELECT @@port, LAST_INSERT_ID()",
            "SELECT @@port, FOUND_ROWS()",
            "SELECT SQL_CALC_FOUND_ROWS @@port FROM routing.t",
            "SELECT @@port, ROW_COUNT()",
            "SELECT @@port, IS_FREE_LOCK('routing-lock'), IS_USED_LOCK('routing-lock')",
            "/* tandem:primary */ SELECT @@port",
            "/*!80000 SELECT @@port FROM routing.t LIMIT 1 FOR UPDATE */",
            "CALL routing.where_am_i()",
            "SELECT @@port FROM routing.t WHERE v <> 'it''s' LIMIT 1 FOR UPDATE"})
    void writesLocksAndSessionReadsRunOnThePrimary(String sql) throws Exception {
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            assertThat(intOf(st, sql)).as(sql).isEqualTo(primary);
        }
    }

    @Test
    void showAndDescribeRunOnReplicas() throws Exception {
        try (Connection c = fixture.connect(""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW VARIABLES LIKE 'port'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(2)).isIn(replicas);
        }
    }

    @Test
    void readsSpreadOverEveryReplicaAndNeverTheprimary() throws Exception {
        Set<Integer> seen = new HashSet<>();
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            for (int i = 0; i < 40; i++) {
                seen.add(intOf(st, "SELECT @@port"));
            }
        }
        assertThat(seen).isEqualTo(replicas);
    }

    @Test
    void transactionsAndAutocommitOffRunOnThePrimary() throws Exception {
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            assertThat(intOf(st, "SELECT @@port")).isEqualTo(primary);
            st.executeUpdate("INSERT INTO routing.t (v) VALUES ('in a transaction')");
            assertThat(intOf(st, "SELECT @@port FROM routing.t WHERE v = 'in a transaction'")).isEqualTo(primary);
            c.commit();
            assertThat(intOf(st, "SELECT @@port")).as("autocommit off: still a transaction").isEqualTo(primary);
            c.setAutoCommit(true);
            assertThat(intOf(st, "SELECT @@port")).isIn(replicas);
            st.execute("BEGIN");
            assertThat(intOf(st, "SELECT @@port")).isEqualTo(primary);
            st.execute("COMMIT");
            st.execute("START TRANSACTION READ ONLY");
            assertThat(intOf(st, "SELECT @@port")).as("read-only transactions stay on the primary unless configured")
                    .isEqualTo(primary);
            st.execute("COMMIT");
            assertThat(intOf(st, "SELECT @@port")).isIn(replicas);
        }
    }

    @Test
    void stateThatCannotMovePinsTheSessionToThePrimary() throws Exception {
        String[][] cases = {
                {"SELECT GET_LOCK('routing-pin', 0)", "SELECT @@port"},
                {"CREATE TEMPORARY TABLE routing.tmp (x INT)", "SELECT @@port, (SELECT COUNT(*) FROM routing.tmp)"},
                {"LOCK TABLES routing.t READ", "SELECT @@port FROM routing.t LIMIT 1"},
                {"PREPARE s FROM 'SELECT @@port'", "EXECUTE s"},
                {"SET @answer = 42", "SELECT @@port, @answer"},
                {"SELECT @@port INTO @where_from", "SELECT @where_from"},
        };
        for (String[] pair : cases) {
            try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
                st.execute(pair[0]);
                for (int i = 0; i < 3; i++) {
                    assertThat(intOf(st, pair[1])).as(pair[0] + " then " + pair[1]).isEqualTo(primary);
                }
            }
        }
    }

    @Test
    void sessionStateFollowsReadsToReplicas() throws Exception {
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            st.execute("SET NAMES latin1");
            st.execute("SET SESSION sql_mode = 'ANSI_QUOTES,STRICT_ALL_TABLES'");
            st.execute("SET time_zone = '+05:00'");
            st.execute("USE routing");
            for (int i = 0; i < 6; i++) {
                try (ResultSet rs = st.executeQuery("SELECT @@port, @@character_set_client, @@sql_mode, @@time_zone,"
                        + " DATABASE(), (SELECT COUNT(*) FROM t WHERE v = 'first')")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isIn(replicas);
                    assertThat(rs.getString(2)).isEqualTo("latin1");
                    assertThat(rs.getString(3)).isEqualTo("ANSI_QUOTES,STRICT_ALL_TABLES");
                    assertThat(rs.getString(4)).isEqualTo("+05:00");
                    assertThat(rs.getString(5)).isEqualTo("routing");
                    assertThat(rs.getInt(6)).isEqualTo(1);
                }
            }
            // ANSI_QUOTES reached the classifier too: "x" is a name here, so this is an ordinary read
            assertThat(intOf(st, "SELECT @@port FROM t AS \"FOR UPDATE\" LIMIT 1")).isIn(replicas);
        }
    }

    @Test
    void serverPreparedStatementsAreRoutedByTheirText() throws Exception {
        try (Connection c = fixture.connect("useServerPrepStmts=true&cachePrepStmts=true")) {
            try (PreparedStatement read = c.prepareStatement("SELECT @@port, ? + 1")) {
                for (int i = 0; i < 4; i++) {
                    read.setInt(1, i);
                    try (ResultSet rs = read.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isIn(replicas);
                        assertThat(rs.getInt(2)).isEqualTo(i + 1);
                    }
                }
            }
            try (PreparedStatement write = c.prepareStatement("INSERT INTO routing.t (v) VALUES (?)");
                 PreparedStatement locking = c.prepareStatement("SELECT @@port FROM routing.t WHERE v = ? FOR UPDATE")) {
                write.setString(1, "prepared write");
                assertThat(write.executeUpdate()).isEqualTo(1);
                locking.setString(1, "prepared write");
                try (ResultSet rs = locking.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(primary);
                }
            }
        }
    }

    @Test
    void multiStatementsWithAWriteRunOnThePrimary() throws Exception {
        try (Connection c = fixture.connect("allowMultiQueries=true"); Statement st = c.createStatement()) {
            assertThat(st.execute("SELECT @@port; INSERT INTO routing.t (v) VALUES ('multi')")).isTrue();
            try (ResultSet rs = st.getResultSet()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(primary);
            }
        }
    }

    @Test
    void readYourWritesSeesEveryOwnWriteAtOnce() throws Exception {
        int onReplicas = 0;
        try (Connection c = fixture.connect("connectionAttributes=tandem.read_your_writes:on");
             Statement st = c.createStatement()) {
            for (int i = 0; i < 40; i++) {
                st.executeUpdate("INSERT INTO routing.t (v) VALUES ('ryw " + i + "')");
                try (ResultSet rs = st.executeQuery("SELECT @@port, COUNT(*) FROM routing.t WHERE v = 'ryw " + i + "'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(2)).as("own write " + i + " seen (ran on " + rs.getInt(1) + ")").isEqualTo(1);
                    if (replicas.contains(rs.getInt(1))) {
                        onReplicas++;
                    }
                }
            }
        }
        // the replicas apply within milliseconds here: the short wait on them is enough for most reads
        assertThat(onReplicas).as("reads served by replicas after waiting for the write").isGreaterThan(10);
    }

    @Test
    void aReplicaWhoseSqlThreadStopsLeavesTheReadPoolAndReturnsWhenCaughtUp() throws Exception {
        ServerProcess stalled = fixture.sandbox.replicas().get(0);
        int stalledPort = stalled.layout().key().port();
        RoutingFixture.execute(stalled, "STOP REPLICA SQL_THREAD");
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            for (int i = 0; i < 5; i++) {
                st.executeUpdate("INSERT INTO routing.t (v) VALUES ('while stalled " + i + "')");
            }
            Await.until("no read on the stalled replica in 30 in a row", Duration.ofSeconds(10),
                    () -> countOn(st, stalledPort, 30), n -> n == 0);
            RoutingFixture.execute(stalled, "START REPLICA SQL_THREAD");
            Await.until("reads on the caught-up replica again", Duration.ofSeconds(10),
                    () -> countOn(st, stalledPort, 30), n -> n > 0);
            // it caught up before serving: the rows written while it was stalled are there
            assertThat(intOf(st, "SELECT COUNT(*) FROM routing.t WHERE v LIKE 'while stalled%'")).isEqualTo(5);
        }
    }

    private static int countOn(Statement st, int port, int reads) throws SQLException {
        int n = 0;
        for (int i = 0; i < reads; i++) {
            n += intOf(st, "SELECT @@port") == port ? 1 : 0;
        }
        return n;
    }

    @Test
    void theProxyPublishesItsOwnViewOfEveryInstance() throws Exception {
        ObserverStore observers = new ObserverStore(fixture.zooKeeper, fixture.store.paths());
        ObserverReport report = Await.until("the proxy's observer report names every instance reachable",
                Duration.ofSeconds(10), () -> observers.current().stream()
                        .filter(r -> r.observerId().equals("it-proxy")).findFirst().orElse(null),
                r -> r != null && r.instances().size() == 3 && r.instances().stream().allMatch(e -> e.reachable()));
        assertThat(report.kind()).isEqualTo(ObserverKind.PROXY);
        assertThat(report.entry(fixture.sandbox.primary().layout().key()).orElseThrow().readOnly()).isFalse();
        for (ServerProcess replica : fixture.sandbox.replicas()) {
            assertThat(report.entry(replica.layout().key()).orElseThrow().readOnly()).isTrue();
        }
    }

    /** Runs last in spirit: whatever the tests above did, the replicas hold the primary's data and nothing else. */
    @Test
    void noWriteEverReachesAReplica() throws Exception {
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            for (int i = 0; i < 20; i++) {
                st.executeUpdate("INSERT INTO routing.t (v) VALUES ('check " + i + "')");
                intOf(st, "SELECT @@port");
            }
        }
        fixture.sandbox.awaitReplicasCaughtUp();
        String primaryChecksum = checksum(fixture.sandbox.primary());
        GtidSet primaryGtids = RootQueries.gtidExecuted(fixture.sandbox.primary());
        for (ServerProcess replica : fixture.sandbox.replicas()) {
            assertThat(checksum(replica)).as("routing.t on " + replica.layout().key()).isEqualTo(primaryChecksum);
            assertThat(primaryGtids.contains(RootQueries.gtidExecuted(replica))).as("no transaction of its own on "
                    + replica.layout().key() + ": " + RootQueries.gtidExecuted(replica).subtract(primaryGtids)).isTrue();
        }
    }

    private static String checksum(ServerProcess server) throws SQLException {
        try (Connection c = server.rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("CHECKSUM TABLE routing.t")) {
            rs.next();
            return rs.getString(2);
        }
    }

}
