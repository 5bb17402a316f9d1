package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Graceful shutdown: the proxy stops accepting at once, lets a transaction in progress commit within the drain
 * deadline, then closes; the committed row is on the server.
 */
class ProxyShutdownIT {

    @Test
    void drainsAnOpenTransactionThenCloses() throws Exception {
        try (Sandbox sandbox = SandboxFixture.start(Flavor.MYSQL, 0)) {
            SandboxFixture.execute(sandbox.primary(), "CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY)");
            ProxyFixture proxy = ProxyFixture.start(sandbox, 2);
            try (Connection c = proxy.connect("sslMode=DISABLED&allowPublicKeyRetrieval=true");
                 Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.executeUpdate("INSERT INTO d.t VALUES (1)");

                CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> proxy.shutdown(Duration.ofSeconds(30)));
                Await.until("the listener to close", Duration.ofSeconds(10), () -> refused(proxy), closed -> closed);
                assertThat(stopping).as("the open transaction holds the drain").isNotDone();

                c.commit();
                stopping.get(20, TimeUnit.SECONDS);
                assertThatThrownBy(() -> st.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
            }
            try (Connection direct = proxy.direct(""); Statement st = direct.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM d.t")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the transaction committed during the drain").isEqualTo(1);
            }
        }
    }

    private static boolean refused(ProxyFixture proxy) {
        try (Connection ignored = proxy.connect("connectTimeout=1000&sslMode=DISABLED&allowPublicKeyRetrieval=true")) {
            return false;
        } catch (SQLException e) {
            return true;
        }
    }
}
