package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand client connections open through the proxy at once, all kept open while each runs its statements, are
 * served by at most the eight backend connections the pool allows: the multiplexing the proxy exists for.
 */
class ProxyThousandConnectionsIT {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyThousandConnectionsIT.class);
    private static final int CLIENTS = 1_000;
    private static final int THREADS = 8;
    private static final int POOL_MAX = 8;
    /** Four loops with two connections each, whatever the machine's core count. */
    private static final int EVENT_LOOPS = 4;
    private static final String OPTIONS = "connectTimeout=30000&socketTimeout=60000";

    private static Sandbox sandbox;
    private static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxFixture.start(Flavor.MYSQL, 1);
        proxy = ProxyFixture.start(sandbox, POOL_MAX, settings -> settings.withEventLoops(EVENT_LOOPS));
        SandboxFixture.execute(sandbox.primary(), "CREATE DATABASE crowd",
                "CREATE TABLE crowd.item (id INT PRIMARY KEY, name VARCHAR(20))",
                "INSERT INTO crowd.item WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99)"
                        + " SELECT i, CONCAT('item-', i) FROM n");
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

    @Test
    void aThousandOpenClientsShareThePoolsEightBackendConnections() throws Exception {
        List<Connection> clients = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try (BackendConnectionWatch watch = BackendConnectionWatch.start(sandbox.primary(),
                SandboxAccounts.CLIENT_USER, () -> POOL_MAX)) {
            long started = System.nanoTime();
            List<Callable<Connection>> opens = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                opens.add(() -> proxy.connect(OPTIONS));
            }
            ExecutionException failedOpen = null;
            for (Future<Connection> open : threads.invokeAll(opens)) {
                try {
                    clients.add(open.get());
                } catch (ExecutionException e) {
                    failedOpen = failedOpen == null ? e : failedOpen; // the others are still closed below
                }
            }
            if (failedOpen != null) {
                throw new AssertionError((CLIENTS - clients.size()) + " of " + CLIENTS + " clients could not connect",
                        failedOpen.getCause());
            }
            long opened = System.nanoTime();

            List<Callable<String>> queries = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Connection client = clients.get(i);
                int id = i % 100;
                queries.add(() -> query(client, id));
            }
            List<String> answers = new ArrayList<>();
            for (Future<String> answer : threads.invokeAll(queries)) {
                answers.add(answer.get());
            }
            long queried = System.nanoTime();

            assertThat(clients).as("client connections still open after every one ran its statements")
                    .hasSize(CLIENTS).noneMatch(ProxyThousandConnectionsIT::closed);
            for (int i = 0; i < CLIENTS; i++) {
                assertThat(answers.get(i)).isEqualTo("1 item-" + (i % 100));
            }
            LOG.info("{} clients through the proxy: opened in {} ms, each ran 2 statements in {} ms more (total {} ms);"
                            + " backend connections of '{}': at most {} in {} samples", CLIENTS,
                    Duration.ofNanos(opened - started).toMillis(), Duration.ofNanos(queried - opened).toMillis(),
                    Duration.ofNanos(queried - started).toMillis(), SandboxAccounts.CLIENT_USER, watch.max(),
                    watch.samples());
            assertThat(BackendConnectionWatch.count(sandbox.primary(), SandboxAccounts.CLIENT_USER))
                    .isLessThanOrEqualTo(POOL_MAX);
            assertThat(watch.violations()).as("samples of the primary's processlist with more than %d connections"
                    + " of '%s'", POOL_MAX, SandboxAccounts.CLIENT_USER).isEmpty();
            assertThat(watch.max()).as("the pool was used at all").isPositive();
        } finally {
            List<Callable<Void>> closes = new ArrayList<>();
            for (Connection client : clients) {
                closes.add(() -> {
                    client.close();
                    return null;
                });
            }
            threads.invokeAll(closes);
            threads.shutdown();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static String query(Connection client, int id) throws SQLException {
        try (Statement st = client.createStatement()) {
            String one;
            try (ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next();
                one = rs.getString(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT name FROM crowd.item WHERE id = " + id)) {
                rs.next();
                return one + " " + rs.getString(1);
            }
        }
    }

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
