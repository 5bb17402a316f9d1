package io.tandem.it;

import io.tandem.proxy.frontend.ClientTimeouts;
import io.tandem.sandbox.Sandbox;
import io.tandem.topology.flavor.Flavor;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client idle beyond its session's wait_timeout (or, with CLIENT_INTERACTIVE, the global interactive_timeout) is
 * disconnected by the proxy as the server disconnects it directly: the same bytes, if any, then the end of the
 * stream, within a bounded time. Backend connections are pooled, so the server's own timer never fires for a
 * client of the proxy; the proxy must run it.
 */
final class WaitTimeoutScenario implements AutoCloseable {

    /** A mysql_native_password account, so that the raw client can log in directly on MySQL 8.0 too. */
    private static final String RAW_USER = "idle_raw";
    private static final String RAW_PASSWORD = "idle-raw";
    private static final int INTERACTIVE_SECONDS = 3;
    /** How late after the timeout the close may come: the server checks once per second at best. */
    private static final Duration SLACK = Duration.ofSeconds(3);

    private final Sandbox sandbox;
    private final ProxyFixture proxy;

    WaitTimeoutScenario(Flavor flavor) throws SQLException {
        this.sandbox = SandboxFixture.start(flavor, 0);
        try {
            String plugin = flavor == Flavor.MYSQL ? " WITH mysql_native_password" : "";
            SandboxFixture.execute(sandbox.primary(), "CREATE USER '" + RAW_USER + "'@'%' IDENTIFIED" + plugin
                            + " BY '" + RAW_PASSWORD + "'", "SET GLOBAL interactive_timeout = " + INTERACTIVE_SECONDS);
            this.proxy = ProxyFixture.start(sandbox, 4, settings -> settings
                    .withServerVersionOf(flavor, null)
                    .withClientTimeouts(new ClientTimeouts(Duration.ofHours(8),
                            Duration.ofSeconds(INTERACTIVE_SECONDS))),
                    io.tandem.proxy.frontend.ProxyUser.sameOnBackends(RAW_USER, RAW_PASSWORD));
        } catch (RuntimeException | SQLException e) {
            sandbox.close();
            throw e;
        }
    }

    /**
     * What an idle client receives (a packet, or none: {@code payload} null), how its stream ends (a clean end or a
     * reset) and after how long.
     */
    record Disconnect(int sequenceId, byte[] payload, String ending, Duration after) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Disconnect d && d.sequenceId == sequenceId && Arrays.equals(d.payload, payload)
                    && d.ending.equals(ending);
        }

        @Override
        public int hashCode() {
            return 31 * sequenceId + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return (payload == null ? "no packet" : new RawMySQLClient.Packet(sequenceId, payload).toString())
                    + ", then " + ending;
        }
    }

    /** Logs in, optionally sets the session's wait_timeout, then waits for what the server does. */
    private static Disconnect idleUntilDisconnected(int port, int capabilities, String set) throws IOException {
        try (RawMySQLClient client = RawMySQLClient.login(port, RAW_USER, RAW_PASSWORD, Duration.ofSeconds(15),
                capabilities)) {
            if (set != null) {
                client.command(0x03, set.getBytes(StandardCharsets.UTF_8));
                client.ok(set);
            }
            long start = System.nanoTime();
            // blocking reads with their own deadline (the socket's read timeout): the idleness under test
            RawMySQLClient.Packet packet;
            try {
                packet = client.readPacket();
            } catch (SocketException reset) {
                return new Disconnect(-1, null, "reset", Duration.ofNanos(System.nanoTime() - start));
            }
            Duration after = Duration.ofNanos(System.nanoTime() - start);
            if (packet == null) {
                return new Disconnect(-1, null, "end of stream", after);
            }
            String ending;
            try {
                RawMySQLClient.Packet more = client.readPacket();
                ending = more == null ? "end of stream" : "another packet " + more;
            } catch (SocketException reset) {
                ending = "reset";
            }
            return new Disconnect(packet.sequenceId(), packet.payload(), ending, after);
        }
    }

    private void assertSameDisconnect(int capabilities, String set, Duration timeout) throws IOException {
        Disconnect direct = idleUntilDisconnected(sandbox.primary().layout().key().port(), capabilities, set);
        Disconnect proxied = idleUntilDisconnected(proxy.port(), capabilities, set);

        assertThat(proxied).as("proxy vs server").isEqualTo(direct);
        assertThat(proxied.after()).isBetween(timeout.minusMillis(100), timeout.plus(SLACK));
    }

    void aSessionsWaitTimeoutDisconnectsItAsTheServerDoes() throws IOException {
        assertSameDisconnect(0, "SET SESSION wait_timeout = 2", Duration.ofSeconds(2));
    }

    void anInteractiveClientIsDisconnectedAfterInteractiveTimeout() throws IOException {
        assertSameDisconnect(RawMySQLClient.INTERACTIVE, null, Duration.ofSeconds(INTERACTIVE_SECONDS));
    }

    void anInteractiveClientsOwnWaitTimeoutStillWins() throws IOException {
        assertSameDisconnect(RawMySQLClient.INTERACTIVE, "SET SESSION wait_timeout = 1", Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        proxy.close();
        sandbox.close();
    }
}
