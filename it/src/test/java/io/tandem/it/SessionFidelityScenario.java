package io.tandem.it;

import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client sees of its own session through the proxy, packet for packet against the primary itself: OK packets
 * carry only the session-state entries the client's own trackers would report (none without CLIENT_SESSION_TRACK),
 * whatever the proxy tracks for itself; and the connection character set and collation a client chose hold on every
 * backend connection that serves it, replicas included, while a client that chose none keeps its handshake's.
 * A raw client, so every byte is compared; reads go to the replicas (read/write splitting on).
 */
abstract class SessionFidelityScenario {

    private static final int NO_TRACKING = RawMySQLClient.MULTI_STATEMENTS | RawMySQLClient.MULTI_RESULTS;
    private static final int TRACKING = NO_TRACKING | RawMySQLClient.SESSION_TRACK;
    private static final List<String> SESSION_STATEMENTS = List.of(
            "INSERT INTO fidelity.t (v) VALUES ('x')",
            "SET sql_mode = 'ANSI_QUOTES'",
            "SET @a = 1; SET @b = 2",
            "SET time_zone = '+01:00'",
            "USE fidelity",
            "SELECT v FROM fidelity.t LIMIT 1",
            "SET autocommit = 0",
            "INSERT INTO fidelity.t (v) VALUES ('in a transaction')",
            "COMMIT",
            "SET autocommit = 1",
            "SET session_track_system_variables = '*'",
            "SET sql_mode = ''",
            "SET session_track_state_change = ON",
            "SET @c = 3",
            "SET session_track_schema = OFF",
            "USE test",
            // a client that turns tracking off must not blind the proxy: its state still follows it to replicas
            "SET session_track_system_variables = ''",
            "SET sql_mode = 'ANSI_QUOTES'",
            "SELECT @@sql_mode",
            "SELECT @@sql_mode, @@time_zone",
            "USE fidelity",
            "SELECT DATABASE()",
            "SELECT DATABASE(), @@sql_mode");

    static RoutingFixture fixture;

    static void start(Flavor flavor) throws Exception {
        fixture = RoutingFixture.start(flavor, 2, true, settings -> settings);
        RoutingFixture.execute(fixture.sandbox.primary(), "CREATE DATABASE fidelity",
                "CREATE TABLE fidelity.t (v VARCHAR(40))", "CREATE DATABASE IF NOT EXISTS test",
                "GRANT ALL ON test.* TO '" + SandboxAccounts.CLIENT_USER + "'@'%'");
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
    void okPacketsCarryOnlyWhatTheClientsOwnTrackersReport() throws Exception {
        for (int capabilities : List.of(NO_TRACKING, TRACKING)) {
            String client = capabilities == TRACKING ? "a CLIENT_SESSION_TRACK client" : "a client without tracking";
            try (RawMySQLClient direct = login(fixture.primaryPort(), capabilities);
                 RawMySQLClient proxied = login(fixture.proxy.port(), capabilities)) {
                for (String sql : SESSION_STATEMENTS) {
                    assertThat(RawMySQLClient.hex(proxied.response(sql))).as("%s: %s", client, sql)
                            .isEqualTo(RawMySQLClient.hex(direct.response(sql)));
                }
            }
        }
    }

    @Test
    void theConnectionCollationAClientChoseHoldsOnEveryConnectionThatServesIt() throws Exception {
        try (RawMySQLClient direct = login(fixture.primaryPort(), NO_TRACKING);
             RawMySQLClient proxied = login(fixture.proxy.port(), NO_TRACKING)) {
            for (String names : List.of("SET NAMES utf8mb4 COLLATE utf8mb4_bin", "SET NAMES latin1",
                    "SET collation_connection = 'utf8mb4_unicode_ci'", "SET NAMES utf8mb4")) {
                assertThat(RawMySQLClient.hex(proxied.response(names))).as(names).isEqualTo(RawMySQLClient.hex(direct.response(names)));
                for (int i = 0; i < 4; i++) {
                    String read = "SELECT @@collation_connection, @@character_set_client, 'a literal'";
                    assertThat(RawMySQLClient.hex(proxied.response(read))).as("after %s, read %d", names, i)
                            .isEqualTo(RawMySQLClient.hex(direct.response(read)));
                }
            }
        }
        // the pooled connections that served the sessions above now serve one that chose nothing
        for (int i = 0; i < 4; i++) {
            try (RawMySQLClient direct = login(fixture.primaryPort(), NO_TRACKING);
                 RawMySQLClient proxied = login(fixture.proxy.port(), NO_TRACKING)) {
                String read = "SELECT @@collation_connection, @@character_set_results, 'a literal'";
                assertThat(RawMySQLClient.hex(proxied.response(read))).as("a new session, read %d", i)
                        .isEqualTo(RawMySQLClient.hex(direct.response(read)));
            }
        }
    }

    private static RawMySQLClient login(int port, int capabilities) throws Exception {
        return RawMySQLClient.login(port, SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD,
                Duration.ofSeconds(30), capabilities);
    }
}
