package io.tandem.it;

import io.tandem.proxy.backend.PoolSettings;
import io.tandem.sandbox.Sandbox;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 on MySQL 8.0.31, which also reads a quoted SET value in the connection's character_set_connection and
 * so rejects '+01:00' as a time zone under ucs2: one backend connection shared by two sessions, one of them in ucs2,
 * and the other's replayed time zone must still apply. See {@link ProxyCharsetReplayMariaDbIT}.
 */
class ProxyCharsetReplayIT {

    private static Sandbox sandbox;
    private static ProxyFixture proxy;

    @BeforeAll
    static void start() {
        sandbox = SandboxFixture.start(Flavor.MYSQL, 0);
        proxy = ProxyFixture.start(sandbox, 1, settings -> settings.withEventLoops(1).withPool(new PoolSettings(1,
                10_000, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(30))));
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

    private static String one(Statement statement, String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void aTimeZoneReplayedOntoAConnectionLeftInUcs2StillApplies() throws Exception {
        String options = "useSSL=false&allowPublicKeyRetrieval=true";
        try (Connection ucs2 = proxy.connect(options); Statement a = ucs2.createStatement();
             Connection zoned = proxy.connect(options); Statement b = zoned.createStatement()) {
            a.execute("SET NAMES utf8mb4, character_set_connection = ucs2");
            b.execute("SET time_zone = '+01:00'");
            // the one backend connection is left in ucs2 again
            assertThat(one(a, "SELECT @@character_set_connection")).isEqualTo("ucs2");

            assertThat(one(b, "SELECT @@time_zone")).as("replayed onto the ucs2 connection").isEqualTo("+01:00");
            assertThat(one(b, "SELECT @@character_set_connection")).isNotEqualTo("ucs2");
            assertThat(one(a, "SELECT @@character_set_connection")).isEqualTo("ucs2");
        }
    }
}
