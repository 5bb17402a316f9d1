package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-side prepared statements that sessions close, or leave behind by disconnecting, are closed on the shared
 * backend connections too: otherwise every prepare leaks one server statement until the server's
 * max_prepared_stmt_count (16382) refuses all prepares, for every client. The proxy closes them lazily, when a
 * connection is next used, so what may remain is bounded by the pool (the last session's statements on each
 * connection), not by how many sessions came and went.
 */
class ProxyPreparedStatementCleanupIT {

    private static final int POOL_MAX = 2;
    /** Each session below leaves at most two statements behind it. */
    private static final int LEFT_PER_CONNECTION = 2;

    private static Sandbox sandbox;
    private static ProxyFixture proxy;

    @BeforeAll
    static void start() {
        sandbox = SandboxFixture.start(Flavor.MYSQL, 1);
        proxy = ProxyFixture.start(sandbox, POOL_MAX);
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
    void closedAndAbandonedStatementsDoNotAccumulateOnTheBackends() throws Exception {
        int before = preparedOnServer();
        for (int i = 0; i < 50; i++) {
            try (Connection c = proxy.connect("useServerPrepStmts=true")) {
                try (PreparedStatement closed = c.prepareStatement("SELECT ? + " + i)) {
                    closed.setInt(1, 1);
                    closed.executeQuery().close();
                }
                PreparedStatement abandoned = c.prepareStatement("SELECT ? - " + i);
                abandoned.setInt(1, 1);
                abandoned.executeQuery().close();
            }
        }
        int bound = before + POOL_MAX * LEFT_PER_CONNECTION;
        Await.until("the primary's Prepared_stmt_count at most " + bound + " after 100 statements prepared",
                Duration.ofSeconds(10), ProxyPreparedStatementCleanupIT::preparedOnServer, n -> n <= bound);
        assertThat(preparedOnServer()).isLessThanOrEqualTo(bound);
    }

    private static int preparedOnServer() throws SQLException {
        try (Connection root = sandbox.primary().rootConnection(); Statement st = root.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'")) {
            rs.next();
            return rs.getInt(2);
        }
    }
}
