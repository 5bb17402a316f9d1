package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.flavor.Flavor;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that asks for the compressed protocol (CLIENT_COMPRESS, zlib) gets it from the proxy as from the server,
 * and sees the same answers: Connector/J (or MariaDB Connector/J) with useCompression=true, and the mariadb CLI with
 * --compress, each run directly and through the proxy. Large values cross the 16 MiB packet size, so compressed
 * packets are split and joined in both directions.
 */
final class CompressionScenario implements AutoCloseable {

    /** More than one MySQL packet (0xFFFFFF bytes) and more than one compressed packet. */
    private static final int BIG = 20 * 1024 * 1024;

    private final Flavor flavor;
    private final Sandbox sandbox;
    private final ProxyFixture proxy;

    CompressionScenario(Flavor flavor) throws SQLException {
        this.flavor = flavor;
        this.sandbox = SandboxFixture.start(flavor, 0);
        try {
            SandboxFixture.execute(sandbox.primary(), "SET GLOBAL max_allowed_packet = 67108864",
                    "CREATE DATABASE IF NOT EXISTS z",
                    "CREATE TABLE z.big (id INT PRIMARY KEY, body LONGBLOB)");
            this.proxy = ProxyFixture.start(sandbox, 4, settings -> settings.withServerVersionOf(flavor, null));
        } catch (RuntimeException | SQLException e) {
            sandbox.close();
            throw e;
        }
    }

    private int direct() {
        return sandbox.primary().layout().key().port();
    }

    private Connection jdbc(int port) throws SQLException {
        String url = flavor == Flavor.MYSQL
                ? "jdbc:mysql://127.0.0.1:" + port + "/z?sslMode=DISABLED&allowPublicKeyRetrieval=true"
                + "&useCompression=true&maxAllowedPacket=67108864"
                : "jdbc:mariadb://127.0.0.1:" + port + "/z?useCompression=true&maxAllowedPacket=67108864";
        return DriverManager.getConnection(url, SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD);
    }

    /** The session's compression status rows, a big value written and read back, and a long result, as seen. */
    private List<String> session(int port, int id) throws Exception {
        List<String> seen = new ArrayList<>();
        try (Connection c = jdbc(port); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE 'Compression%'")) {
                while (rs.next()) {
                    seen.add(rs.getString(1) + "=" + rs.getString(2));
                }
            }
            byte[] body = compressibleBytes(BIG);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO big VALUES (?, ?)")) {
                insert.setInt(1, id);
                insert.setBytes(2, body);
                insert.executeUpdate();
            }
            try (ResultSet rs = st.executeQuery("SELECT body, LENGTH(body), MD5(body) FROM big WHERE id = " + id)) {
                assertThat(rs.next()).isTrue();
                byte[] back = rs.getBytes(1);
                assertThat(back).as("the %d-byte value read back", BIG).isEqualTo(body);
                assertThat(rs.getString(3)).isEqualTo(md5(body));
                seen.add("length=" + rs.getLong(2));
            }
            st.execute(flavor == Flavor.MYSQL ? "SET cte_max_recursion_depth = 100000"
                    : "SET max_recursive_iterations = 100000");
            MessageDigest rows = MessageDigest.getInstance("SHA-256");
            int count = 0;
            try (ResultSet rs = st.executeQuery("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                    + " WHERE i < 50000) SELECT i, REPEAT('row', i % 40) FROM n")) {
                while (rs.next()) {
                    rows.update((rs.getInt(1) + ":" + rs.getString(2) + "\n").getBytes());
                    count++;
                }
            }
            seen.add("rows=" + count + " sha256=" + HexFormat.of().formatHex(rows.digest()));
        }
        return seen;
    }

    void aCompressedDriverSessionIsTheSameThroughTheProxy() throws Exception {
        List<String> direct = session(direct(), 1);
        List<String> proxied = session(proxy.port(), 2);

        assertThat(direct).as("directly").contains("Compression=ON", "length=" + BIG, "rows=50000 sha256="
                + direct.get(direct.size() - 1).substring("rows=50000 sha256=".length()));
        assertThat(proxied).isEqualTo(direct);
    }

    void theCliWithCompressPrintsWhatItPrintsDirectly() throws Exception {
        Path script = Files.createTempFile("compress-", ".sql");
        try {
            Files.writeString(script, String.join("\n",
                    "SHOW SESSION STATUS LIKE 'Compression';",
                    "SELECT LENGTH(REPEAT('ab', 3000000)), MD5(REPEAT('ab', 3000000));",
                    "SELECT REPEAT('xy', 40), 1 + 1;",
                    "SELECT * FROM no_such_table;",
                    ""));
            MariadbCli.Result direct = MariadbCli.run(direct(), SandboxAccounts.CLIENT_USER,
                    SandboxAccounts.CLIENT_PASSWORD, script, Duration.ofSeconds(60), "--compress", "--force", "z");
            MariadbCli.Result proxied = MariadbCli.run(proxy.port(), SandboxAccounts.CLIENT_USER,
                    SandboxAccounts.CLIENT_PASSWORD, script, Duration.ofSeconds(60), "--compress", "--force", "z");

            assertThat(direct.stdout()).as("directly; stderr: %s", direct.stderr()).startsWith("Compression\tON\n");
            assertThat(proxied.stdout()).as("stderr: %s", proxied.stderr()).isEqualTo(direct.stdout());
            assertThat(proxied.stderr()).isEqualTo(direct.stderr());
            assertThat(proxied.exitCode()).isEqualTo(direct.exitCode());
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static byte[] compressibleBytes(int size) {
        byte[] bytes = new byte[size];
        java.util.Random random = new java.util.Random(size);
        for (int i = 0; i < size; i++) {
            // text-like: a small alphabet, so that zlib has something to do, but never one long run
            bytes[i] = (byte) ('a' + random.nextInt(16));
        }
        return bytes;
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    @Override
    public void close() {
        proxy.close();
        sandbox.close();
    }
}
