package io.tandem.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import io.tandem.proxy.auth.NativePassword;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.BackendCredentials;
import io.tandem.proxy.backend.BackendKey;
import io.tandem.proxy.backend.BackendPool;
import io.tandem.proxy.backend.EmbeddedBackend;
import io.tandem.proxy.backend.PoolSettings;
import io.tandem.proxy.metrics.ProxyMetrics;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.codec.MySQLFrameDecoder;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.protocol.packet.HandshakeResponse41;
import io.tandem.proxy.protocol.packet.HandshakeV10;
import io.tandem.proxy.protocol.MySQLPacket;
import io.tandem.proxy.protocol.packet.OkPacket;
import io.tandem.proxy.protocol.packet.TextCommand;
import io.tandem.proxy.routing.InstanceHealth;
import io.tandem.proxy.routing.Router;
import io.tandem.proxy.routing.RoutingSettings;
import io.tandem.proxy.session.PreparedStatements;
import io.tandem.topology.instance.InstanceKey;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One client connection to a proxy, on {@link EmbeddedChannel}s end to end: the client's bytes go in through the real
 * frame decoder and {@link FrontendHandler}; what the proxy answers comes out as {@link MySQLFrame}s. Backend
 * connections are {@link EmbeddedBackend}s the test scripts: what the proxy sends a server is read from
 * {@link #backend(int)}, and the server's answers are written into it. A backend opened while {@link #stall} is set
 * never connects, as a server that stopped answering.
 */
public final class EmbeddedProxy implements AutoCloseable {

    public static final String USER = "app";
    public static final String PASSWORD = "secret";
    public static final InstanceKey PRIMARY = EmbeddedBackend.SERVER;
    /** What a modern client asks for: 4.1, plugins, session tracking, no EOF packets, multi-statements. */
    public static final int CLIENT = Capabilities.LONG_PASSWORD | Capabilities.PROTOCOL_41
            | Capabilities.SECURE_CONNECTION | Capabilities.PLUGIN_AUTH | Capabilities.TRANSACTIONS
            | Capabilities.SESSION_TRACK | Capabilities.DEPRECATE_EOF | Capabilities.MULTI_STATEMENTS
            | Capabilities.MULTI_RESULTS;
    /** What the scripted servers speak. */
    public static final int SERVER = CLIENT | Capabilities.CONNECT_ATTRS | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA;

    public final RecordingMetrics metrics = new RecordingMetrics();
    public final EmbeddedChannel client;
    private final List<EmbeddedChannel> backends = new ArrayList<>();
    private final SessionRegistry sessions = new SessionRegistry();
    private BackendPool pool;
    /** Backends opened from now on never connect. */
    public boolean stall;

    public EmbeddedProxy() {
        this(RoutingSettings.DEFAULTS);
    }

    public EmbeddedProxy(RoutingSettings routing) {
        ProxyContext context = new ProxyContext("8.0.31-tandem", FrontendHandler.proxyCapabilities(true),
                new UserRegistry(List.of(ProxyUser.sameOnBackends(USER, PASSWORD))), this::pool,
                Router.of(() -> Optional.of(PRIMARY), routing, InstanceHealth.UNKNOWN), metrics,
                Duration.ofSeconds(10), null, sessions, ClientTimeouts.DEFAULTS);
        client = new EmbeddedChannel(new MySQLFrameDecoder(16 * 1024 * 1024), new FrontendHandler(context, 7));
    }

    private BackendPool pool(EventLoop loop) {
        if (pool == null) {
            pool = new BackendPool(loop, this::open, PoolSettings.DEFAULTS, 1, metrics, PreparedStatements::live);
        }
        return pool;
    }

    private Future<BackendConnection> open(EventLoop loop, BackendKey key, BackendCredentials credentials) {
        if (stall) {
            return loop.newPromise();
        }
        EmbeddedChannel channel = new EmbeddedChannel();
        backends.add(channel);
        return loop.newSucceededFuture(EmbeddedBackend.connection(channel, key, server -> { }));
    }

    /** The pool of the client's event loop. */
    public BackendPool pool() {
        return pool(client.eventLoop());
    }

    /** The {@code index}th backend connection the proxy opened. */
    public EmbeddedChannel backend(int index) {
        return backends.get(index);
    }

    public int backendsOpened() {
        return backends.size();
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /** Reads the greeting and logs in with mysql_native_password; returns the proxy's answer (OK or ERR). */
    public MySQLFrame login(String password) {
        MySQLFrame greeting = answer();
        HandshakeV10 handshake = HandshakeV10.read(greeting.payload());
        greeting.release();
        byte[] scramble = NativePassword.scramble(password.getBytes(StandardCharsets.UTF_8), handshake.nonce());
        send(1, new HandshakeResponse41(CLIENT, 1 << 24, 255, USER, scramble, null, NativePassword.PLUGIN_NAME,
                Map.of()));
        return answer();
    }

    /** Logs in and checks that the proxy said OK. */
    public EmbeddedProxy loggedIn() {
        MySQLFrame ok = login(PASSWORD);
        if (ok.firstByte() != OkPacket.HEADER) {
            throw new AssertionError("login refused: " + describe(ok));
        }
        ok.release();
        return this;
    }

    /** Sends one packet from the client as wire bytes. */
    public void send(int sequenceId, MySQLPacket packet) {
        client.writeInbound(wire(sequenceId, packet));
        client.runPendingTasks();
    }

    /** Sends a COM_QUERY. */
    public void query(String sql) {
        send(0, TextCommand.query(sql));
    }

    /** Sends raw bytes from the client. */
    public void sendBytes(ByteBuf bytes) {
        client.writeInbound(bytes);
        client.runPendingTasks();
    }

    /** The next packet the proxy sent the client, or null. */
    public MySQLFrame answer() {
        client.runPendingTasks();
        return client.readOutbound();
    }

    /** The next packet the proxy sent to backend {@code index}, or null. */
    public MySQLFrame sentTo(int index) {
        return backend(index).readOutbound();
    }

    /** Answers from server {@code index}: the packets arrive at the proxy as wire bytes. */
    public void serverAnswers(int index, int sequenceId, MySQLPacket... packets) {
        for (MySQLPacket packet : packets) {
            backend(index).writeInbound(wire(sequenceId++, packet));
        }
        client.runPendingTasks();
    }

    /** An OK as a server sends it to the proxy, which always asks for session tracking. */
    public static MySQLPacket ok(int statusFlags, byte[] sessionState) {
        OkPacket ok = OkPacket.plain(statusFlags).withSessionState(sessionState);
        return payload -> ok.write(payload, SERVER);
    }

    public static ByteBuf wire(int sequenceId, MySQLPacket packet) {
        ByteBuf body = Unpooled.buffer();
        packet.write(new MySQLPayload(body));
        ByteBuf frame = Unpooled.buffer().writeMediumLE(body.readableBytes()).writeByte(sequenceId).writeBytes(body);
        body.release();
        return frame;
    }

    /** A readable account of a frame the proxy sent: "OK", or "ERR code message". */
    public static String describe(MySQLFrame frame) {
        if (frame == null) {
            return "nothing";
        }
        return switch (frame.firstByte()) {
            case OkPacket.HEADER -> "OK";
            case ErrPacket.HEADER -> {
                ErrPacket err = ErrPacket.read(new MySQLPayload(frame.content().duplicate()));
                yield "ERR " + err.errorCode() + " " + err.message();
            }
            default -> "packet 0x" + Integer.toHexString(frame.firstByte());
        };
    }

    /** The client's session, once logged in. */
    public ClientSession session() {
        return sessions.find(7).orElseThrow();
    }

    @Override
    public void close() {
        client.finishAndReleaseAll();
        backends.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    /** Counts what tests look at. */
    public static final class RecordingMetrics implements ProxyMetrics {
        public final Deque<String> slowWaits = new ArrayDeque<>();
        public final Deque<String> abandonedWaits = new ArrayDeque<>();
        public final Deque<Integer> errors = new ArrayDeque<>();

        @Override
        public void slowWait(String phase) {
            slowWaits.add(phase);
        }

        @Override
        public void abandonedWait(String phase) {
            abandonedWaits.add(phase);
        }

        @Override
        public void error(int code) {
            errors.add(code);
        }
    }
}
