package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that sends several commands before reading any answer (as MariaDB Connector/J does for batches, and any
 * client may) gets every answer, in the order it sent the commands, in autocommit mode and inside a transaction:
 * the proxy runs one command of a session at a time even when one read delivers several.
 */
class ProxyPipeliningIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private static Sandbox sandbox;
    private static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxFixture.start(Flavor.MYSQL, 1);
        // two loops of four connections: pipelined autocommit statements could otherwise run side by side
        proxy = ProxyFixture.start(sandbox, 8, settings -> settings.withEventLoops(2));
        SandboxFixture.execute(sandbox.primary(), "CREATE DATABASE pipe", "CREATE TABLE pipe.t (id INT PRIMARY KEY)");
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
    void pipelinedAutocommitStatementsAreAnsweredInOrder() throws Exception {
        try (RawMySQLClient client = login()) {
            client.pipeline(List.of("SELECT SLEEP(0.3), 'first'", "SELECT 0, 'second'", "SELECT 0, 'third'"));
            assertThat(client.rows("first")).containsExactly(List.of("0", "first"));
            assertThat(client.rows("second")).containsExactly(List.of("0", "second"));
            assertThat(client.rows("third")).containsExactly(List.of("0", "third"));
            assertThat(client.query("SELECT 1")).containsExactly(List.of("1"));
        }
    }

    @Test
    void pipelinedStatementsInsideATransactionAreAnsweredInOrder() throws Exception {
        try (RawMySQLClient client = login()) {
            client.pipeline(List.of("BEGIN", "INSERT INTO pipe.t VALUES (1)", "SELECT COUNT(*) FROM pipe.t",
                    "INSERT INTO pipe.t VALUES (2)", "SELECT COUNT(*) FROM pipe.t", "ROLLBACK",
                    "SELECT COUNT(*) FROM pipe.t"));
            client.ok("BEGIN");
            client.ok("INSERT 1");
            assertThat(client.rows("count after 1")).containsExactly(List.of("1"));
            client.ok("INSERT 2");
            assertThat(client.rows("count after 2")).containsExactly(List.of("2"));
            client.ok("ROLLBACK");
            assertThat(client.rows("count after the rollback")).containsExactly(List.of("0"));
        }
    }

    private static RawMySQLClient login() throws Exception {
        return RawMySQLClient.login(proxy.port(), SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD,
                READ_TIMEOUT);
    }
}
