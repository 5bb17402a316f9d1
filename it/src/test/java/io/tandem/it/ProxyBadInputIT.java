package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that misbehave on the wire, written byte by byte on bare sockets: garbage instead of a handshake, packets
 * larger than allowed, unknown and refused commands, a handshake that stalls, and a backend killed under a running
 * statement. Each gets an ERR packet (or a clean close) and never takes the proxy down for anyone else.
 */
class ProxyBadInputIT {

    /** Small enough that one full 16 MiB frame and the next header exceed it. */
    private static final int MAX_PACKET = 20 * 1024 * 1024;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    private static final int SSL = 1 << 11;

    private static Sandbox sandbox;
    private static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxFixture.start(Flavor.MYSQL, 1);
        proxy = ProxyFixture.start(sandbox, 4,
                settings -> settings.withLimits(MAX_PACKET, HANDSHAKE_TIMEOUT));
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

    /**
     * Garbage as the first bytes: an HTTP request, random bytes, a well-framed packet of random content, an empty
     * packet, an SSLRequest followed by silence instead of a TLS ClientHello. Whatever length the first bytes
     * announce, the client gets an ERR (or a close) within the handshake timeout.
     */
    @ParameterizedTest
    @ValueSource(strings = {"http", "random", "framed-random", "empty-packet", "ssl-request-then-silence"})
    void garbageInsteadOfAHandshakeGetsAnErrAndTheProxyServesOthers(String kind) throws Exception {
        long started = System.nanoTime();
        try (RawMySQLClient client = RawMySQLClient.connect(proxy.port(), READ_TIMEOUT)) {
            client.writeRaw(garbage(kind));
            assertThat(client.readGreeting().authPlugin()).isEqualTo("caching_sha2_password");
            RawMySQLClient.Packet answer = client.readPacket();
            if (answer != null) {
                assertThat(answer.isErr()).as("%s: first packet after the greeting: %s", kind, answer).isTrue();
                assertThat(answer.errorCode()).as("%s: %s", kind, answer).isIn(1043, 1153, 1156, 1835);
                assertThat(answer.errorMessage()).as("no internal failure for a client's mistake")
                        .doesNotContain("Internal proxy error");
                assertThat(client.closedByServer()).as("%s: connection closed after the ERR", kind).isTrue();
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HANDSHAKE_TIMEOUT.plusSeconds(5));
        assertThat(selectOne()).isEqualTo(1);
    }

    @Test
    void aPacketChainedPastTheMaximumGetsErr1153AndAClose() throws Exception {
        try (RawMySQLClient client = login()) {
            byte[] frame = new byte[4 + 0xFFFFFF];
            frame[0] = frame[1] = frame[2] = (byte) 0xFF;
            frame[4] = 0x03; // COM_QUERY, continued past 16 MiB
            client.writeRaw(frame);
            // the next header announces another full frame: 32 MiB in all, over the 20 MiB maximum
            client.writeRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1});
            RawMySQLClient.Packet answer = client.readPacket();
            assertThat(answer).as("answer to an oversized packet").isNotNull();
            assertThat(answer.errorCode()).as("%s", answer).isEqualTo(1153);
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(selectOne()).isEqualTo(1);
    }

    @Test
    void anUnknownCommandGetsErr1047AndTheConnectionStillWorks() throws Exception {
        try (RawMySQLClient client = login()) {
            client.command(0x99, new byte[] {1, 2, 3});
            RawMySQLClient.Packet answer = client.readPacket();
            assertThat(answer).isNotNull();
            assertThat(answer.errorCode()).as("%s", answer).isEqualTo(1047);
            assertThat(answer.sequenceId()).isEqualTo(1);
            assertThat(client.query("SELECT 1")).containsExactly(List.of("1"));
        }
    }

    @Test
    void binlogDumpIsRefusedWithErr1235AndTheConnectionStillWorks() throws Exception {
        try (RawMySQLClient client = login()) {
            // COM_BINLOG_DUMP: position 4, no flags, server id 99, file name
            byte[] body = HexFormat.of().parseHex("04000000" + "0000" + "63000000");
            byte[] file = "binlog.000001".getBytes(StandardCharsets.US_ASCII);
            byte[] command = new byte[body.length + file.length];
            System.arraycopy(body, 0, command, 0, body.length);
            System.arraycopy(file, 0, command, body.length, file.length);
            client.command(0x12, command);
            RawMySQLClient.Packet answer = client.readPacket();
            assertThat(answer).isNotNull();
            assertThat(answer.errorCode()).as("%s", answer).isEqualTo(1235);
            assertThat(client.query("SELECT 1")).containsExactly(List.of("1"));
        }
    }

    /** A handshake response that never completes: all of it but its last bytes, then silence. */
    @Test
    void aClientStallingMidPacketIsDisconnectedAfterTheHandshakeTimeout() throws Exception {
        try (RawMySQLClient client = RawMySQLClient.connect(proxy.port(), READ_TIMEOUT)) {
            RawMySQLClient.Greeting greeting = client.readGreeting();
            byte[] response = RawMySQLClient.handshakeResponse(SandboxAccounts.CLIENT_USER,
                    RawMySQLClient.nativeScramble(SandboxAccounts.CLIENT_PASSWORD, greeting.nonce()));
            byte[] partial = new byte[4 + response.length - 5];
            partial[0] = (byte) response.length;
            partial[3] = 1;
            System.arraycopy(response, 0, partial, 4, partial.length - 4);
            long started = System.nanoTime();
            client.writeRaw(partial);
            RawMySQLClient.Packet answer = client.readPacket();
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            if (answer != null) {
                assertThat(answer.errorCode()).as("%s", answer).isEqualTo(1043);
                assertThat(client.closedByServer()).isTrue();
            }
            assertThat(waited).isBetween(HANDSHAKE_TIMEOUT.minusMillis(200), HANDSHAKE_TIMEOUT.plusSeconds(3));
        }
    }

    /**
     * A client that trickles its handshake a byte at a time, each well within the timeout, is still cut off once
     * the timeout has passed since it connected: the timeout bounds the handshake, not the silence between bytes.
     */
    @Test
    void aClientTricklingItsHandshakeIsDisconnectedAfterTheHandshakeTimeout() throws Exception {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (RawMySQLClient client = RawMySQLClient.connect(proxy.port(), READ_TIMEOUT)) {
            long started = System.nanoTime();
            RawMySQLClient.Greeting greeting = client.readGreeting();
            byte[] response = RawMySQLClient.handshakeResponse(SandboxAccounts.CLIENT_USER,
                    RawMySQLClient.nativeScramble(SandboxAccounts.CLIENT_PASSWORD, greeting.nonce()));
            byte[] packet = new byte[4 + response.length];
            packet[0] = (byte) response.length;
            packet[3] = 1;
            System.arraycopy(response, 0, packet, 4, response.length);
            int[] next = {0};
            trickle.scheduleAtFixedRate(() -> {
                try {
                    if (next[0] < packet.length - 1) { // never the last byte: the handshake must not complete
                        client.writeRaw(new byte[] {packet[next[0]++]});
                    }
                } catch (java.io.IOException closed) {
                    trickle.shutdown();
                }
            }, 0, 300, TimeUnit.MILLISECONDS);
            RawMySQLClient.Packet answer = client.readPacket();
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            if (answer != null) {
                assertThat(answer.errorCode()).as("%s", answer).isEqualTo(1043);
            }
            assertThat(waited).as("time from connecting to being cut off")
                    .isBetween(HANDSHAKE_TIMEOUT.minusMillis(200), HANDSHAKE_TIMEOUT.plusSeconds(3));
        } finally {
            trickle.shutdownNow();
            assertThat(trickle.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aBackendKilledMidStatementGivesItsClientAnErrorAndOthersCarryOn() throws Exception {
        try (Connection victim = proxy.connect("socketTimeout=30000");
             Connection bystander = proxy.connect("socketTimeout=30000");
             Connection root = sandbox.primary().rootConnection()) {
            CompletableFuture<Integer> sleeping = CompletableFuture.supplyAsync(() -> {
                try (Statement st = victim.createStatement(); ResultSet rs = st.executeQuery("SELECT SLEEP(5)")) {
                    rs.next();
                    return rs.getInt(1);
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            long thread = Await.until("SELECT SLEEP(5) to run on the primary", Duration.ofSeconds(5),
                    () -> backendThreadRunning(root, "SELECT SLEEP(5)"), id -> id > 0);
            try (Statement st = root.createStatement()) {
                st.execute("KILL " + thread);
            }
            Throwable failure = sleeping.handle((result, error) -> error).get(10, TimeUnit.SECONDS);
            assertThat(failure).as("the statement whose backend was killed").isNotNull();
            SQLException error = (SQLException) failure.getCause();
            assertThat(error.getErrorCode()).as("%s", error.getMessage()).isIn(2013, 1317);
            assertThat(selectOne(bystander)).isEqualTo(1);
            assertThat(selectOne(victim)).as("the victim's session had no state to lose").isEqualTo(1);
        }
        assertThat(selectOne()).isEqualTo(1);
    }

    private static long backendThreadRunning(Connection root, String sql) throws SQLException {
        try (Statement st = root.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM information_schema.processlist WHERE user = '"
                     + SandboxAccounts.CLIENT_USER + "' AND info = '" + sql + "'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static byte[] garbage(String kind) {
        Random random = new Random(kind.hashCode());
        return switch (kind) {
            case "http" -> "GET / HTTP/1.1\r\nHost: tandem\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            case "random" -> {
                byte[] bytes = new byte[1024];
                random.nextBytes(bytes);
                yield bytes;
            }
            case "framed-random" -> {
                byte[] bytes = new byte[4 + 40];
                random.nextBytes(bytes);
                bytes[0] = 40;
                bytes[1] = 0;
                bytes[2] = 0;
                bytes[3] = 1;
                yield bytes;
            }
            case "ssl-request-then-silence" -> {
                // SSLRequest: capabilities with CLIENT_SSL, max packet, character set, 23 zero bytes
                int capabilities = RawMySQLClient.PROTOCOL_41 | RawMySQLClient.SECURE_CONNECTION | SSL;
                byte[] bytes = new byte[4 + 32];
                bytes[0] = 32;
                bytes[3] = 1;
                for (int i = 0; i < 4; i++) {
                    bytes[4 + i] = (byte) (capabilities >> (8 * i));
                }
                bytes[10] = 1; // 16 MiB max packet
                bytes[12] = 45;
                yield bytes;
            }
            case "empty-packet" -> new byte[] {0, 0, 0, 1};
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static RawMySQLClient login() throws Exception {
        return RawMySQLClient.login(proxy.port(), SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD,
                READ_TIMEOUT);
    }

    /** A normal Connector/J client still gets served. */
    private static int selectOne() throws SQLException {
        try (Connection c = proxy.connect("connectTimeout=5000&socketTimeout=10000")) {
            return selectOne(c);
        }
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
