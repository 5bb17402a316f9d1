package io.tandem.it;

import io.tandem.sandbox.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server statements outlive no client: 16 clients that prepare, execute, close and disconnect through a proxy that
 * splits reads and writes (reads re-prepared on the replicas) leave {@code Prepared_stmt_count} where it was on the
 * primary and on each replica, as they would connecting directly. Leftovers used to pile up on the pool's idle
 * connections (about 80 on the primary and 40 on each replica) until a connection happened to be reused, eating
 * into {@code max_prepared_stmt_count} for every client.
 */
class ProxyPreparedStatementRoutingCleanupIT {

    private static final int CLIENTS = 16;
    private static final int ROUNDS = 5;
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final String OPTIONS = "sslMode=DISABLED&allowPublicKeyRetrieval=true&useServerPrepStmts=true";

    private static RoutingFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = RoutingFixture.start(2, true, settings -> settings);
        RoutingFixture.execute(fixture.sandbox.primary(), "CREATE DATABASE cleanup",
                "CREATE TABLE cleanup.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)",
                "INSERT INTO cleanup.t (v) VALUES (1), (2), (3)");
        fixture.sandbox.awaitReplicasCaughtUp();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void sixteenClientsLeaveNoStatementOnAnyServer() throws Exception {
        Map<ServerProcess, Integer> baseline = preparedOnServers();

        int replicaReads = runClients();

        assertThat(replicaReads).as("prepared reads served by replicas").isPositive();
        for (var server : baseline.entrySet()) {
            Await.until("Prepared_stmt_count of " + server.getKey().layout().key() + " back to " + server.getValue(),
                    DEADLINE, () -> prepared(server.getKey()), n -> n <= server.getValue());
        }
    }

    @Test
    void aLoweredMaxPreparedStmtCountIsNotFilledByLeftovers() throws Exception {
        Map<ServerProcess, Integer> baseline = preparedOnServers();
        runClients();
        // the clients are gone once the proxy has seen their disconnects: nothing of theirs may be left then
        for (var server : baseline.entrySet()) {
            Await.until("Prepared_stmt_count of " + server.getKey().layout().key() + " back to " + server.getValue(),
                    DEADLINE, () -> prepared(server.getKey()), n -> n <= server.getValue());
        }
        Map<ServerProcess, Integer> limits = new LinkedHashMap<>();
        try {
            for (var server : baseline.entrySet()) {
                limits.put(server.getKey(), maxPrepared(server.getKey()));
                RoutingFixture.execute(server.getKey(),
                        "SET GLOBAL max_prepared_stmt_count = " + (server.getValue() + 2));
            }
            assertThat(prepareReadAndWrite()).as("a client preparing a read and a write through the proxy under"
                    + " max_prepared_stmt_count = baseline + 2").isEmpty();
            assertThat(prepareReadAndWrite()).as("and another one after it").isEmpty();
        } finally {
            for (var limit : limits.entrySet()) {
                RoutingFixture.execute(limit.getKey(), "SET GLOBAL max_prepared_stmt_count = " + limit.getValue());
            }
        }
    }

    /** The clients, all at once; returns how many of their prepared reads ran on a replica. */
    private static int runClients() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(pool.submit(ProxyPreparedStatementRoutingCleanupIT::client));
            }
            int replicaReads = 0;
            for (Future<Integer> client : clients) {
                replicaReads += client.get(60, TimeUnit.SECONDS);
            }
            return replicaReads;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One client: a prepared read and a prepared write per round, each closed, then one left open at the end. */
    private static int client() throws SQLException {
        int replicaReads = 0;
        try (Connection c = fixture.connect(OPTIONS)) {
            for (int round = 0; round < ROUNDS; round++) {
                try (PreparedStatement read = c.prepareStatement("SELECT @@port, COUNT(*) FROM cleanup.t WHERE v > ?")) {
                    read.setInt(1, round);
                    try (ResultSet rs = read.executeQuery()) {
                        rs.next();
                        replicaReads += fixture.replicaPorts().contains(rs.getInt(1)) ? 1 : 0;
                    }
                }
                try (PreparedStatement write = c.prepareStatement("INSERT INTO cleanup.t (v) VALUES (?)")) {
                    write.setInt(1, round);
                    write.executeUpdate();
                }
            }
            PreparedStatement abandoned = c.prepareStatement("SELECT v FROM cleanup.t WHERE id = ?");
            abandoned.setInt(1, 1);
            abandoned.executeQuery().close();
        }
        return replicaReads;
    }

    /** Empty when a fresh client prepared and ran a read and a write; otherwise what failed. */
    private static String prepareReadAndWrite() {
        try (Connection c = fixture.connect(OPTIONS);
             PreparedStatement read = c.prepareStatement("SELECT COUNT(*) FROM cleanup.t WHERE v > ?");
             PreparedStatement write = c.prepareStatement("INSERT INTO cleanup.t (v) VALUES (?)")) {
            read.setInt(1, 0);
            read.executeQuery().close();
            write.setInt(1, 0);
            write.executeUpdate();
            return "";
        } catch (SQLException e) {
            return e.getErrorCode() + " " + e.getMessage();
        }
    }

    private static Map<ServerProcess, Integer> preparedOnServers() throws SQLException {
        Map<ServerProcess, Integer> counts = new LinkedHashMap<>();
        for (ServerProcess server : fixture.sandbox.servers()) {
            counts.put(server, prepared(server));
        }
        return counts;
    }

    private static int prepared(ServerProcess server) throws SQLException {
        return status(server, "SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'");
    }

    private static int maxPrepared(ServerProcess server) throws SQLException {
        return status(server, "SHOW GLOBAL VARIABLES LIKE 'max_prepared_stmt_count'");
    }

    private static int status(ServerProcess server, String sql) throws SQLException {
        try (Connection root = server.rootConnection(); Statement st = root.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(2);
        }
    }
}
