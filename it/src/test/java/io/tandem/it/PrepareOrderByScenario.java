package io.tandem.it;

import io.tandem.proxy.frontend.ProxyUser;
import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Preparing {@code SELECT … ORDER BY ?} through the proxy: MySQL 8.0.31 announces the parameter in
 * COM_STMT_PREPARE_OK and sends no definition for it, which once made the proxy drop the connection (EOF packets) or
 * wait forever for the missing definition (CLIENT_DEPRECATE_EOF). A client must see through the proxy the same
 * response as directly, and its connection must keep working. MariaDB sends the definition it announces; the same
 * checks hold there. Subclasses say which server.
 */
abstract class PrepareOrderByScenario {

    private static final String RAW_USER = "rawclient";
    private static final String RAW_PASSWORD = "rawclientpw";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final int COM_QUERY = 0x03;
    private static final int COM_STMT_PREPARE = 0x16;
    private static final int COM_STMT_EXECUTE = 0x17;
    private static final int COM_STMT_CLOSE = 0x19;
    private static final int COM_PING = 0x0E;
    private static final int MYSQL_TYPE_LONGLONG = 0x08;

    private static Flavor flavor;
    private static Sandbox sandbox;
    private static ProxyFixture proxy;

    static void start(Flavor server) throws Exception {
        flavor = server;
        sandbox = SandboxFixture.start(flavor, 0);
        String identified = flavor == Flavor.MYSQL ? "IDENTIFIED WITH mysql_native_password BY '" + RAW_PASSWORD + "'"
                : "IDENTIFIED BY '" + RAW_PASSWORD + "'";
        SandboxFixture.execute(sandbox.primary(), "CREATE DATABASE po", "CREATE TABLE po.t (a INT)",
                "INSERT INTO po.t VALUES (3), (1), (2)", "CREATE USER '" + RAW_USER + "'@'%' " + identified,
                "GRANT SELECT ON po.* TO '" + RAW_USER + "'@'%'");
        proxy = ProxyFixture.start(sandbox, 2, settings -> settings.withServerVersionOf(server, null),
                ProxyUser.sameOnBackends(RAW_USER, RAW_PASSWORD));
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

    static Stream<Arguments> statements() {
        return Stream.of(
                arguments("SELECT a FROM po.t ORDER BY ?", 1, 3, 0),
                arguments("SELECT a FROM po.t ORDER BY ?", 1, 3, RawMySQLClient.DEPRECATE_EOF),
                arguments("SELECT a FROM po.t WHERE a > ? ORDER BY ?", 2, 2, 0),
                arguments("SELECT a FROM po.t WHERE a > ? ORDER BY ?", 2, 2, RawMySQLClient.DEPRECATE_EOF));
    }

    @ParameterizedTest(name = "{0}, capabilities {3}")
    @MethodSource("statements")
    void aRawClientSeesTheServersPrepareResponseAndKeepsItsConnection(String sql, int parameters, int rows,
                                                                       int capabilities) throws Exception {
        List<RawMySQLClient.Packet> direct;
        try (RawMySQLClient client = RawMySQLClient.login(sandbox.primary().layout().port(), RAW_USER, RAW_PASSWORD,
                READ_TIMEOUT, capabilities)) {
            direct = prepare(client, sql);
        }
        try (RawMySQLClient client = RawMySQLClient.login(proxy.port(), RAW_USER, RAW_PASSWORD, READ_TIMEOUT,
                capabilities)) {
            List<RawMySQLClient.Packet> proxied = prepare(client, sql);

            assertThat(describe(proxied)).as("the prepare response through the proxy").isEqualTo(describe(direct));
            byte[] ok = proxied.get(0).payload();
            assertThat(ok[0]).as("COM_STMT_PREPARE_OK").isZero();
            int announced = (ok[7] & 0xFF) | (ok[8] & 0xFF) << 8;
            assertThat(announced).as("parameters announced").isEqualTo(parameters);
            byte[] id = Arrays.copyOfRange(ok, 1, 5);
            assertThat(execute(client, id, parameters, capabilities)).as("rows of " + sql).isEqualTo(rows);
            client.command(COM_STMT_CLOSE, id);
            client.command(COM_QUERY, "SELECT 1".getBytes(StandardCharsets.UTF_8));
            assertThat(rows(client, capabilities)).as("rows of SELECT 1 on the same connection afterwards").isOne();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void aDriverFaresAsItDoesDirectly(String sql, int parameters, int rows, int capabilities) throws Exception {
        if (capabilities != 0) {
            return; // the drivers choose their capabilities: one run per statement is enough
        }
        String direct = prepared(jdbc(sandbox.primary().layout().port()), sql);
        String proxied = prepared(jdbc(proxy.port()), sql);

        assertThat(proxied).as("the driver through the proxy, as directly").isEqualTo(direct);
        try (Connection c = jdbc(proxy.port());
             PreparedStatement ps = c.prepareStatement("SELECT a FROM po.t WHERE a > ?")) {
            ps.setInt(1, 0);
            assertThat(count(ps)).as("another prepare through the proxy afterwards").isEqualTo(3);
        }
    }

    /** Connector/J for MySQL, MariaDB Connector/J for MariaDB; server-side prepares, a 3 s read timeout. */
    private static Connection jdbc(int port) throws SQLException {
        String url = flavor == Flavor.MYSQL
                ? "jdbc:mysql://127.0.0.1:" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true"
                        + "&useServerPrepStmts=true&emulateUnsupportedPstmts=false&socketTimeout=3000"
                : "jdbc:mariadb://127.0.0.1:" + port + "/?useServerPrepStmts=true&socketTimeout=3000";
        return DriverManager.getConnection(url, SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD);
    }

    /** What the driver makes of preparing and running {@code sql}: counts and rows, or how it failed. */
    private static String prepared(Connection connection, String sql) {
        try (Connection c = connection; PreparedStatement ps = c.prepareStatement(sql)) {
            int parameters = ps.getParameterMetaData().getParameterCount();
            int columns = ps.getMetaData().getColumnCount();
            for (int i = 1; i <= parameters; i++) {
                ps.setInt(i, 1);
            }
            return parameters + " parameters, " + columns + " columns, " + count(ps) + " rows";
        } catch (SQLException e) {
            return "failed: " + e.getClass().getSimpleName() + " (SQLState " + e.getSQLState() + ")";
        }
    }

    private static int count(PreparedStatement ps) throws SQLException {
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    /**
     * COM_STMT_PREPARE followed at once by COM_PING: without EOF packets only the ping's OK shows where the prepare
     * response ends. Returns the prepare response without that OK.
     */
    private static List<RawMySQLClient.Packet> prepare(RawMySQLClient client, String sql) throws Exception {
        client.command(COM_STMT_PREPARE, sql.getBytes(StandardCharsets.UTF_8));
        client.command(COM_PING, new byte[0]);
        List<RawMySQLClient.Packet> packets = new ArrayList<>();
        packets.add(requireNext(client));
        for (RawMySQLClient.Packet next = requireNext(client); !next.isOk(); next = requireNext(client)) {
            packets.add(next);
        }
        return packets;
    }

    private static RawMySQLClient.Packet requireNext(RawMySQLClient client) throws Exception {
        RawMySQLClient.Packet packet = client.readPacket();
        assertThat(packet).as("a packet (the connection is still open)").isNotNull();
        return packet;
    }

    /** Sequence ids and payloads, the statement id in COM_STMT_PREPARE_OK masked (the proxy has its own ids). */
    private static List<String> describe(List<RawMySQLClient.Packet> packets) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            byte[] payload = packets.get(i).payload().clone();
            if (i == 0 && payload.length >= 5 && payload[0] == 0) {
                Arrays.fill(payload, 1, 5, (byte) 0);
            }
            out.add(packets.get(i).sequenceId() + " " + java.util.HexFormat.of().formatHex(payload));
        }
        return out;
    }

    /** COM_STMT_EXECUTE with every parameter the BIGINT 1; returns how many binary rows came back. */
    private static int execute(RawMySQLClient client, byte[] id, int parameters, int capabilities) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(id);
        body.write(0);
        body.writeBytes(new byte[] {1, 0, 0, 0});
        body.writeBytes(new byte[(parameters + 7) / 8]);
        body.write(1);
        for (int i = 0; i < parameters; i++) {
            body.writeBytes(new byte[] {MYSQL_TYPE_LONGLONG, 0});
        }
        for (int i = 0; i < parameters; i++) {
            body.writeBytes(new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
        }
        client.command(COM_STMT_EXECUTE, body.toByteArray());
        return rows(client, capabilities);
    }

    /** Reads a result set, text or binary, with or without EOF packets; returns how many rows it had. */
    private static int rows(RawMySQLClient client, int capabilities) throws Exception {
        RawMySQLClient.Packet columnCount = requireNext(client);
        assertThat(columnCount.isErr()).as("answered %s", columnCount).isFalse();
        for (int i = 0; i < (columnCount.payload()[0] & 0xFF); i++) {
            requireNext(client);
        }
        if (capabilities == 0) {
            assertThat(requireNext(client).isEof()).as("EOF after the column definitions").isTrue();
        }
        int rows = 0;
        for (RawMySQLClient.Packet row = requireNext(client); (row.payload()[0] & 0xFF) != 0xFE;
             row = requireNext(client)) {
            rows++;
        }
        return rows;
    }
}
