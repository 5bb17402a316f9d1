package io.tandem.it;

import io.tandem.proxy.backend.PoolSettings;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warnings and errors through the proxy describe the session's own last statement, as on the server itself: SHOW
 * WARNINGS, SHOW ERRORS, SHOW COUNT(*) WARNINGS, {@code @@warning_count}, {@code @@error_count} and GET DIAGNOSTICS
 * answer byte for byte what the primary answers, with reads spread over replicas and backend connections shared;
 * and no session ever sees a warning of another session's statement, however busy the shared connections are.
 */
abstract class DiagnosticsScenario {

    private static final List<String> SCRIPT = List.of(
            "SELECT CAST('abc' AS SIGNED)",
            "SHOW WARNINGS",
            "SHOW WARNINGS",
            "SELECT @@warning_count",
            "SELECT 1",
            "SHOW WARNINGS",
            "SELECT @@warning_count",
            "SELECT nosuch FROM diagnostics.t",
            "SHOW ERRORS",
            "SELECT @@error_count, @@warning_count",
            "INSERT INTO diagnostics.t (v) VALUES ('far too long for this column')",
            "SHOW COUNT(*) WARNINGS",
            "SHOW WARNINGS",
            "SELECT CAST('1x' AS SIGNED), CAST('2y' AS SIGNED)",
            "GET DIAGNOSTICS @conditions = NUMBER",
            "SELECT @conditions",
            "SHOW WARNINGS LIMIT 1");

    static RoutingFixture fixture;

    static void start(Flavor flavor) throws Exception {
        // two backend connections per server and user: every session shares them with the others
        fixture = RoutingFixture.start(flavor, 2, true, settings -> settings.withPool(new PoolSettings(2, 10_000,
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(30))));
        RoutingFixture.execute(fixture.sandbox.primary(), "CREATE DATABASE diagnostics",
                "CREATE TABLE diagnostics.t (v VARCHAR(8))");
        fixture.nativePasswordForClients();
        fixture.sandbox.awaitReplicasCaughtUp();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void diagnosticsDescribeTheSessionsOwnLastStatement() throws Exception {
        try (RawMySQLClient direct = login(fixture.primaryPort()); RawMySQLClient proxied = login(fixture.proxy.port())) {
            for (int i = 0; i < SCRIPT.size(); i++) {
                String sql = SCRIPT.get(i);
                assertThat(RawMySQLClient.hex(proxied.response(sql))).as("statement %d: %s", i + 1, sql)
                        .isEqualTo(RawMySQLClient.hex(direct.response(sql)));
            }
        }
    }

    @Test
    void noSessionSeesAnotherSessionsWarnings() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService noisy = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> writers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int id = i;
                writers.add(noisy.submit(() -> {
                    int statements = 0;
                    try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
                        while (!stop.get()) {
                            st.executeQuery("SELECT CAST('noise-" + id + "' AS SIGNED)").close();
                            statements++;
                        }
                    }
                    return statements;
                }));
            }
            try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
                for (int i = 0; i < 100; i++) {
                    // a statement that reads a table and raises nothing clears warnings on MySQL and MariaDB alike
                    st.executeQuery("SELECT COUNT(*) FROM diagnostics.t WHERE v <> '" + i + "'").close();
                    assertThat(warnings(st)).as("after a statement without warnings, round %d", i).isEmpty();
                    assertThat(RoutingFixture.intOf(st, "SELECT @@warning_count")).as("round %d", i).isZero();
                    st.executeQuery("SELECT CAST('mine-" + i + "' AS SIGNED)").close();
                    assertThat(warnings(st)).as("round %d", i)
                            .containsExactly("1292 Truncated incorrect INTEGER value: 'mine-" + i + "'");
                }
            }
            stop.set(true);
            for (Future<Integer> writer : writers) {
                assertThat(writer.get(30, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            stop.set(true);
            noisy.shutdownNow();
        }
    }

    private static List<String> warnings(Statement st) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SHOW WARNINGS")) {
            while (rs.next()) {
                out.add(rs.getInt("Code") + " " + rs.getString("Message"));
            }
        }
        return out;
    }

    private static RawMySQLClient login(int port) throws Exception {
        return RawMySQLClient.login(port, SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD,
                Duration.ofSeconds(30), RawMySQLClient.MULTI_RESULTS);
    }
}
