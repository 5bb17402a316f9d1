package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.tandem.proxy.frontend.ProxyUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connector/J through the proxy, with and without TLS, text and server-side prepared statements, batch rewriting
 * and cursor fetch: the same results as a direct connection to the primary.
 */
class ProxyConnectorJIT {

    private static Sandbox sandbox;
    private static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxFixture.start(Flavor.MYSQL, 1);
        SandboxFixture.execute(sandbox.primary(), "CREATE USER 'reporter'@'%' IDENTIFIED BY 'reporterpw'",
                "GRANT SELECT ON *.* TO 'reporter'@'%'");
        proxy = ProxyFixture.start(sandbox, 8, ProxyUser.sameOnBackends("reporter", "reporterpw"));
        try (Connection c = proxy.direct(""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE shop");
            st.execute("CREATE TABLE shop.item (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(40), price DECIMAL(8,2),"
                    + " added DATETIME(6), note TEXT)");
        }
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
    @ValueSource(strings = {"sslMode=DISABLED&allowPublicKeyRetrieval=true", "sslMode=REQUIRED",
            "sslMode=DISABLED&allowPublicKeyRetrieval=true&useServerPrepStmts=true&cachePrepStmts=true",
            "sslMode=REQUIRED&useServerPrepStmts=true&cachePrepStmts=true",
            "sslMode=DISABLED&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true",
            "sslMode=REQUIRED&useServerPrepStmts=true&rewriteBatchedStatements=true",
            "sslMode=REQUIRED&useCursorFetch=true&defaultFetchSize=7"})
    void textAndServerPreparedStatementsMatchADirectConnection(String options) throws Exception {
        {
            try (Connection c = proxy.connect(options); Statement st = c.createStatement()) {
                st.execute("DELETE FROM shop.item");
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO shop.item (name, price, added, note) VALUES (?, ?, NOW(6), ?)")) {
                    for (int i = 0; i < 50; i++) {
                        insert.setString(1, "item-" + i);
                        insert.setBigDecimal(2, new java.math.BigDecimal(i + ".25"));
                        insert.setString(3, i % 3 == 0 ? null : "note " + i);
                        insert.addBatch();
                    }
                    assertThat(insert.executeBatch()).as(options).hasSize(50);
                }
                assertThat(Rows.of(c, "SELECT * FROM shop.item WHERE price > ? ORDER BY id", 10))
                        .as("proxy with %s vs direct", options)
                        .isEqualTo(rowsDirect("SELECT * FROM shop.item WHERE price > ? ORDER BY id", 10));
            }
        }
    }

    @Test
    void changeUserSwitchesAccountsOnTheSameConnection() throws Exception {
        try (Connection c = proxy.connect("sslMode=DISABLED&allowPublicKeyRetrieval=true")) {
            assertThat(currentUser(c)).isEqualTo("app@%");
            c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).changeUser("reporter", "reporterpw");
            assertThat(currentUser(c)).isEqualTo("reporter@%");
            c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).changeUser("app", "app");
            assertThat(currentUser(c)).isEqualTo("app@%");
        }
    }

    @Test
    void queryTimeoutCancelsTheStatementOnTheBackend() throws Exception {
        // Connector/J cancels with KILL QUERY <id from the greeting> on a second connection: the proxy maps the id
        try (Connection c = proxy.connect("sslMode=DISABLED&allowPublicKeyRetrieval=true");
             Statement st = c.createStatement()) {
            st.setQueryTimeout(1);
            long started = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.executeQuery("SELECT SLEEP(20)"))
                    .isInstanceOf(com.mysql.cj.jdbc.exceptions.MySQLTimeoutException.class);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(10));
            try (ResultSet rs = st.executeQuery("SELECT 7")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the connection is still usable").isEqualTo(7);
            }
        }
    }

    private static String currentUser(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<List<Object>> rowsDirect(String sql, int parameter) throws SQLException {
        try (Connection c = proxy.direct("useServerPrepStmts=true")) {
            return Rows.of(c, sql, parameter);
        }
    }
}
