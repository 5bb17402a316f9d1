package io.tandem.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients other than MySQL Connector/J through the proxy: MariaDB Connector/J (text and server-prepared), a HikariCP
 * pool under concurrent load, and the {@code mariadb} command-line client running a script and sending a 20 MiB
 * BLOB that crosses the 16 MiB packet split both ways.
 */
class ProxyClientsIT {

    private static final int BLOB_BYTES = 20 * 1024 * 1024;

    private static Sandbox sandbox;
    private static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxFixture.start(Flavor.MYSQL, 1);
        proxy = ProxyFixture.start(sandbox, 8);
        SandboxFixture.execute(sandbox.primary(), "CREATE DATABASE clients",
                "CREATE TABLE clients.item (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(40), price DECIMAL(8,2),"
                        + " added DATETIME(6), note TEXT)",
                "CREATE TABLE clients.hit (thread INT, seq INT, PRIMARY KEY (thread, seq))",
                "CREATE TABLE clients.blob_value (id INT PRIMARY KEY, content LONGBLOB)");
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
    @ValueSource(strings = {"useServerPrepStmts=false", "useServerPrepStmts=true",
            "useServerPrepStmts=true&cachePrepStmts=false", "useBulkStmts=false&useServerPrepStmts=true"})
    void mariadbConnectorJMatchesADirectConnection(String options) throws Exception {
        try (Connection c = mariadb(proxy.port(), options); Statement st = c.createStatement()) {
            st.execute("DELETE FROM clients.item");
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO clients.item (name, price, added, note) VALUES (?, ?, NOW(6), ?)")) {
                for (int i = 0; i < 50; i++) {
                    insert.setString(1, "item-" + i);
                    insert.setBigDecimal(2, new BigDecimal(i + ".25"));
                    insert.setString(3, i % 3 == 0 ? null : "note " + i);
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).as(options).hasSize(50);
            }
            String query = "SELECT * FROM clients.item WHERE price > ? ORDER BY id";
            List<List<Object>> direct;
            try (Connection d = mariadb(sandbox.primary().layout().key().port(), options)) {
                direct = Rows.of(d, query, 10);
            }
            assertThat(direct).hasSize(40);
            assertThat(Rows.of(c, query, 10)).as("MariaDB Connector/J with %s through the proxy vs direct", options)
                    .isEqualTo(direct);
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(price) FROM clients.item")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(50);
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("1237.50");
            }
        }
    }

    @Test
    void aHikariPoolOfTenServesEightThreadsWithoutErrors() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(proxy.url("connectTimeout=10000&socketTimeout=30000"));
        config.setUsername(SandboxAccounts.CLIENT_USER);
        config.setPassword(SandboxAccounts.CLIENT_PASSWORD);
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(10);
        config.setConnectionTimeout(30_000);
        config.setPoolName("through-proxy");
        int threads = 8;
        int statements = 200;
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(workers.submit(() -> {
                    for (int i = 0; i < statements; i++) {
                        try {
                            statement(pool, thread, i);
                        } catch (SQLException | RuntimeException e) {
                            errors.add(e);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(errors).as("errors from %d threads x %d statements", threads, statements).isEmpty();
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT thread) FROM clients.hit")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(threads * statements / 2);
                assertThat(rs.getInt(2)).isEqualTo(threads);
            }
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void theMariadbClientRunsAScriptThroughTheProxyAsItDoesDirectly(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("script.sql"), String.join("\n",
                "DROP DATABASE IF EXISTS cli;",
                "CREATE DATABASE cli;",
                "USE cli;",
                "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20));",
                "INSERT INTO t VALUES (1, 'one'), (2, 'two');",
                "UPDATE t SET name = 'TWO' WHERE id = 2;",
                "SELECT id, name FROM t ORDER BY id;",
                "DELIMITER //",
                "CREATE PROCEDURE p() BEGIN SELECT 'first'; SELECT COUNT(*) FROM t; END //",
                "DELIMITER ;",
                "CALL p();",
                "SELECT DATABASE(), @@character_set_client, @@character_set_results;",
                ""));
        MariadbCli.Result direct = MariadbCli.run(sandbox.primary().layout().key().port(),
                SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD, script, Duration.ofSeconds(60));
        assertThat(direct.exitCode()).as("mariadb exit code, direct; stderr: %s", direct.stderr()).isZero();
        MariadbCli.Result proxied = MariadbCli.run(proxy.port(), SandboxAccounts.CLIENT_USER,
                SandboxAccounts.CLIENT_PASSWORD, script, Duration.ofSeconds(60));
        assertThat(proxied.exitCode()).as("mariadb exit code; stderr: %s", proxied.stderr()).isZero();
        assertThat(proxied.stdout()).startsWith("1\tone\n2\tTWO\nfirst\n2\ncli\t").isEqualTo(direct.stdout());
    }

    @Test
    void aTwentyMebibyteBlobSentByTheCliComesBackIntact(@TempDir Path dir) throws Exception {
        byte[] sent = new byte[BLOB_BYTES];
        new Random(20).nextBytes(sent);
        Path script = dir.resolve("blob.sql");
        try (BufferedWriter out = Files.newBufferedWriter(script, StandardCharsets.US_ASCII)) {
            out.write("INSERT INTO clients.blob_value VALUES (1, X'");
            HexFormat hex = HexFormat.of();
            for (int at = 0; at < sent.length; at += 1 << 16) {
                out.write(hex.formatHex(sent, at, Math.min(sent.length, at + (1 << 16))));
            }
            out.write("');\nSELECT LENGTH(content), MD5(content) FROM clients.blob_value WHERE id = 1;\n");
        }
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(sent));

        MariadbCli.Result result = MariadbCli.run(proxy.port(), SandboxAccounts.CLIENT_USER,
                SandboxAccounts.CLIENT_PASSWORD, script, Duration.ofSeconds(120), "--max-allowed-packet=64M");
        assertThat(result.exitCode()).as("mariadb exit code; stderr: %s", result.stderr()).isZero();
        assertThat(result.stdout()).as("length and MD5 the server computed").isEqualTo(BLOB_BYTES + "\t" + md5 + "\n");

        try (Connection c = proxy.connect(""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT content FROM clients.blob_value WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertBytes(rs.getBytes(1), sent, "Connector/J text protocol");
        }
        try (Connection c = mariadb(proxy.port(), "useServerPrepStmts=true");
             PreparedStatement ps = c.prepareStatement("SELECT content FROM clients.blob_value WHERE id = ?")) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertBytes(rs.getBytes(1), sent, "MariaDB Connector/J binary protocol");
            }
        }
    }

    private static void assertBytes(byte[] received, byte[] sent, String how) throws Exception {
        assertThat(received).as("%s: length", how).hasSize(sent.length);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        assertThat(HexFormat.of().formatHex(md5.digest(received))).as("%s: MD5", how)
                .isEqualTo(HexFormat.of().formatHex(md5.digest(sent)));
        assertThat(received).as("%s: bytes", how).isEqualTo(sent);
    }

    private static void statement(HikariDataSource pool, int thread, int i) throws SQLException {
        try (Connection c = pool.getConnection()) {
            if (i % 2 == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO clients.hit VALUES (?, ?)")) {
                    ps.setInt(1, thread);
                    ps.setInt(2, i);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM clients.hit WHERE thread = ?")) {
                    ps.setInt(1, thread);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(i / 2 + 1);
                    }
                }
            }
        }
    }

    private static Connection mariadb(int port, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/?user=" + SandboxAccounts.CLIENT_USER
                + "&password=" + SandboxAccounts.CLIENT_PASSWORD + "&allowPublicKeyRetrieval=true&" + options);
    }
}
