package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A KILL the proxy cannot map to a backend thread is refused with ER_NOT_SUPPORTED_YET, never relayed: the ids
 * clients see are the proxy's, and passed on unchanged they would name unrelated backend sessions. The collision is
 * arranged on purpose: the number killed through the proxy is the thread id of a live session of the same account
 * on the primary, which must survive. A lone KILL keeps working. Subclasses say which server.
 */
abstract class KillScenario {

    private static final int ER_NOT_SUPPORTED_YET = 1235;
    private static final int COM_STMT_PREPARE = 0x16;

    private static Flavor flavor;
    private static Sandbox sandbox;
    private static ProxyFixture proxy;

    static void start(Flavor server) {
        flavor = server;
        sandbox = SandboxFixture.start(server, 0);
        proxy = ProxyFixture.start(sandbox, 4, settings -> settings.withServerVersionOf(server, null));
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

    @ParameterizedTest
    @ValueSource(strings = {"KILL %d; SELECT 1", "SELECT 1; KILL %d", "KILL QUERY %d; SELECT 1",
            "PREPARE s FROM 'KILL %d'", "KILL %d + 0", "KILL QUERY ID %d", "KILL CONNECTION %d * 1"})
    void aKillThatCannotBeTranslatedIsRefusedAndKillsNothing(String template) throws Exception {
        try (Connection victim = jdbc(sandbox.primary().layout().port());
             Connection client = jdbc(proxy.port()); Statement st = client.createStatement()) {
            long thread = connectionId(victim);
            String sql = template.formatted(thread);

            Throwable refused = catchThrowable(() -> st.execute(sql));

            assertThat(alive(victim)).as("the backend session with thread id %d after %s", thread, sql).isTrue();
            assertThat(refused).as(sql).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).as("error code of %s: %s", sql, e.getMessage())
                        .isEqualTo(ER_NOT_SUPPORTED_YET);
                assertThat(e.getMessage()).contains("KILL").contains("send that statement by itself");
            });
            assertThat(one(st)).as("the refused client's connection").isEqualTo(1);
        }
    }

    @Test
    void killUserIsRefused() throws Exception {
        try (Connection victim = jdbc(sandbox.primary().layout().port());
             Connection client = jdbc(proxy.port()); Statement st = client.createStatement()) {
            long thread = connectionId(victim);
            assertThatThrownBy(() -> st.execute("KILL USER " + SandboxAccounts.CLIENT_USER))
                    .isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(ER_NOT_SUPPORTED_YET));
            assertThat(connectionId(victim)).isEqualTo(thread);
        }
    }

    @Test
    void anotherProxySessionsIdInAMultiStatementIsRefusedToo() throws Exception {
        try (Connection other = jdbc(proxy.port()); Connection client = jdbc(proxy.port());
             Statement st = client.createStatement()) {
            long otherId = greetingId(other);
            assertThatThrownBy(() -> st.execute("KILL " + otherId + "; SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(ER_NOT_SUPPORTED_YET));
            try (Statement alive = other.createStatement()) {
                assertThat(one(alive)).as("the other proxy session").isEqualTo(1);
            }
        }
    }

    @Test
    void aKillSentToCOM_STMT_PREPAREIsRefused() throws Exception {
        try (Connection victim = jdbc(sandbox.primary().layout().port());
             RawMySQLClient client = RawMySQLClient.login(proxy.port(), SandboxAccounts.CLIENT_USER,
                     SandboxAccounts.CLIENT_PASSWORD, Duration.ofSeconds(5))) {
            long thread = connectionId(victim);
            client.command(COM_STMT_PREPARE, ("KILL " + thread).getBytes(StandardCharsets.UTF_8));

            RawMySQLClient.Packet answer = client.readPacket();
            assertThat(answer.errorCode()).as("answer to COM_STMT_PREPARE KILL %d: %s", thread, answer)
                    .isEqualTo(ER_NOT_SUPPORTED_YET);
            assertThat(alive(victim)).isTrue();
            assertThat(client.query("SELECT 1")).containsExactly(List.of("1"));
        }
    }

    @Test
    void aLoneKillStillClosesTheProxySessionItNames() throws Exception {
        try (Connection target = jdbc(proxy.port()); Connection client = jdbc(proxy.port());
             Statement st = client.createStatement()) {
            long targetId = greetingId(target);
            st.execute("KILL " + targetId);
            assertThatThrownBy(() -> {
                try (Statement dead = target.createStatement()) {
                    one(dead);
                }
            }).isInstanceOf(SQLException.class);
            assertThat(one(st)).isEqualTo(1);
        }
    }

    private static Connection jdbc(int port) throws SQLException {
        return jdbc(port, "");
    }

    /** Connector/J for MySQL, MariaDB Connector/J for MariaDB, multi-statements allowed. */
    private static Connection jdbc(int port, String options) throws SQLException {
        String url = flavor == Flavor.MYSQL
                ? "jdbc:mysql://127.0.0.1:" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true"
                : "jdbc:mariadb://127.0.0.1:" + port + "/?allowPublicKeyRetrieval=true";
        return DriverManager.getConnection(url + "&allowMultiQueries=true" + options, SandboxAccounts.CLIENT_USER,
                SandboxAccounts.CLIENT_PASSWORD);
    }

    private static boolean alive(Connection c) {
        try (Statement st = c.createStatement()) {
            return one(st) == 1;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The id a connection's greeting announced: through the proxy, the proxy's own id for the session. */
    private static long greetingId(Connection c) throws SQLException {
        return flavor == Flavor.MYSQL ? c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getId()
                : c.unwrap(org.mariadb.jdbc.Connection.class).getThreadId();
    }

    /** {@code CONNECTION_ID()}: the server's thread id of the connection (through the proxy, of its backend). */
    private static long connectionId(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int one(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
