package io.tandem.it;

import io.tandem.proxy.backend.PoolSettings;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11: the {@code mariadb} client through the proxy, a session whose {@code character_set_connection} is ucs2,
 * answered exactly as MariaDB 10.11 answers it directly. Pooled backend connections carry one session's ucs2 to
 * the next, whose replayed {@code SET SESSION} literals MariaDB then read as ucs2 (rejecting 'MyISAM' and
 * '+01:00'); the failed replay was reported twice, and its second report reached the client as an ERR with a
 * client-side error code, which libmariadb calls a malformed packet (2027). One backend connection per server and
 * three clients at once make sessions share connections on every statement, as a busy proxy does.
 */
class ProxyCharsetReplayMariaDbIT {

    private static final String SCRIPT = "SET NAMES utf8, character_set_connection=ucs2;"
            + " SET DEFAULT_STORAGE_ENGINE=MyISAM; DROP TABLE IF EXISTS z1;"
            + " CREATE TABLE z1 (a VARCHAR(10) PRIMARY KEY) COLLATE 'ucs2_unicode_nopad_ci'; SHOW CREATE TABLE z1;\n";
    /** A second kind of session sharing the connections: its time zone is replayed as a string literal. */
    private static final String OTHER = "SET time_zone = '+01:00'; SELECT @@time_zone;\n";
    private static final int CLIENTS = 3;
    private static final int RUNS = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static RoutingFixture fixture;
    private static Path script;
    private static Path other;

    @BeforeAll
    static void start() throws Exception {
        fixture = RoutingFixture.start(Flavor.MARIADB, 2, true, settings -> settings.withEventLoops(1)
                .withPool(new PoolSettings(1, 10_000, Duration.ofSeconds(30), Duration.ofMinutes(5),
                        Duration.ofMinutes(30)))
                .withRouting(settings.routing().withReadYourWrites(true)));
        for (int i = 0; i < CLIENTS; i++) {
            RoutingFixture.execute(fixture.sandbox.primary(), "CREATE DATABASE test" + i);
        }
        // default_storage_engine is not replicated: the replicas' copies of z1 match the primary's only when their
        // applier defaults to the same engine
        for (ServerProcess replica : fixture.sandbox.replicas()) {
            RoutingFixture.execute(replica, "SET GLOBAL default_storage_engine = MyISAM", "STOP SLAVE SQL_THREAD",
                    "START SLAVE SQL_THREAD");
        }
        fixture.sandbox.awaitReplicasCaughtUp();
        script = Files.createTempFile("charset-replay-", ".sql");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        other = Files.createTempFile("charset-replay-other-", ".sql");
        Files.writeString(other, OTHER, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        if (script != null) {
            Files.deleteIfExists(script);
            Files.deleteIfExists(other);
        }
    }

    private static MariadbCli.Result run(int port, Path file, String schema) throws Exception {
        return MariadbCli.run(port, SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD, file, TIMEOUT,
                schema);
    }

    @Test
    void everyRunThroughTheProxyPrintsWhatTheServerPrintsDirectly() throws Exception {
        int primary = fixture.primaryPort();
        MariadbCli.Result direct = run(primary, script, "test0");
        assertThat(direct.stderr()).isEmpty();
        assertThat(direct.stdout()).contains("ENGINE=MyISAM DEFAULT CHARSET=ucs2 COLLATE=ucs2_unicode_nopad_ci");
        MariadbCli.Result directOther = run(primary, other, "test0");
        assertThat(directOther.stderr()).isEmpty();
        fixture.sandbox.awaitReplicasCaughtUp();

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<String>>> differences = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                String schema = "test" + c;
                differences.add(clients.submit(() -> {
                    List<String> seen = new ArrayList<>();
                    for (int i = 0; i < RUNS; i++) {
                        MariadbCli.Result proxied = run(fixture.proxy.port(), script, schema);
                        if (!proxied.equals(direct)) {
                            seen.add(schema + " run " + i + ": " + proxied);
                        }
                        MariadbCli.Result proxiedOther = run(fixture.proxy.port(), other, schema);
                        if (!proxiedOther.equals(directOther)) {
                            seen.add(schema + " other run " + i + ": " + proxiedOther);
                        }
                    }
                    return seen;
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> client : differences) {
                all.addAll(client.get());
            }
            assertThat(all).as("runs through the proxy that differ from the direct run %s", direct).isEmpty();
        } finally {
            clients.shutdownNow();
        }
    }
}
