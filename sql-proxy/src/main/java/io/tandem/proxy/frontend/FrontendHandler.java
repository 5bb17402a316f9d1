package io.tandem.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.tandem.proxy.auth.AuthNonce;
import io.tandem.proxy.backend.BackendPool;
import io.tandem.proxy.frontend.command.CommandExecutors;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.MalformedPacketException;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.ServerStatus;
import io.tandem.proxy.protocol.codec.CompressedPacketDecoder;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.codec.MySQLFrameDecoder;
import io.tandem.proxy.protocol.packet.AuthMoreData;
import io.tandem.proxy.protocol.packet.AuthSwitchRequest;
import io.tandem.proxy.protocol.packet.ChangeUserRequest;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.protocol.packet.HandshakeResponse41;
import io.tandem.proxy.protocol.packet.HandshakeV10;
import io.tandem.proxy.protocol.packet.OkPacket;
import io.tandem.proxy.protocol.packet.TextCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server side of one client connection: greeting, authentication (with an auth switch to
 * mysql_native_password for clients whose plugin the proxy cannot check), then one command at a time. A malformed
 * packet gets ERR 1835 and, since the byte stream can no longer be trusted, the connection is closed; every other
 * client is unaffected.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html">Connection
 *     phase</a>
 */
public final class FrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(FrontendHandler.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** utf8mb4_general_ci: present on MySQL and MariaDB alike. */
    private static final int CHARACTER_SET = 45;

    private enum Phase { GREETED, SWITCHED, COMMAND, CHANGING_USER }

    private final ProxyContext context;
    private final long connectionId;
    private byte[] nonce = AuthNonce.random(RANDOM);
    private Phase phase = Phase.GREETED;
    private HandshakeResponse41 response;
    private ClientSession session;
    private int sequenceId;
    private ScheduledFuture<?> handshakeDeadline;
    /** Commands a client sent without waiting for the answer before: one read can decode several. */
    private final ArrayDeque<MySQLFrame> pipelined = new ArrayDeque<>();
    /** The server's wait_timeout, enforced here between commands once the client is authenticated. */
    private ClientIdleTimeout idle;
    /** The login waits for the initial schema to be selected before its OK. */
    private boolean loginPending;

    public FrontendHandler(ProxyContext context, long connectionId) {
        this.context = context;
        this.connectionId = connectionId;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        context.metrics().connectionOpened();
        HandshakeV10 greeting = new HandshakeV10(context.serverVersion(), connectionId, nonce,
                context.capabilities(), CHARACTER_SET, ServerStatus.AUTOCOMMIT, greetingPlugin(context));
        ctx.writeAndFlush(MySQLFrame.of(ctx.alloc(), 0, greeting));
        // a deadline from connecting, not only an idle timer: a client trickling bytes must not hold on forever
        handshakeDeadline = ctx.executor().schedule(() -> {
            if (phase != Phase.COMMAND) {
                refuse(ctx, ServerError.HANDSHAKE_ERROR, "Bad handshake: no authentication within "
                        + context.handshakeTimeout().toSeconds() + " s");
            }
        }, context.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MySQLFrame frame = (MySQLFrame) msg;
        if (phase == Phase.COMMAND && session.progress().phase().busy()) {
            // a client that sends before it has its answer: stop reading until the queue drains, so that it is
            // bounded by what one read delivered. autoRead off stops reading, not the delivery of commands already
            // decoded: they wait their turn
            ctx.channel().config().setAutoRead(false);
            pipelined.add(frame);
            return;
        }
        dispatch(ctx, frame);
    }

    private void dispatch(ChannelHandlerContext ctx, MySQLFrame frame) {
        if (phase == Phase.COMMAND && frame.firstByte() == io.tandem.proxy.protocol.CommandType.CHANGE_USER.code()
                && !session.inLocalInfile()) {
            changeUser(ctx, frame);
            return;
        }
        if (phase == Phase.COMMAND) {
            command(ctx, frame);
            return;
        }
        try {
            sequenceId = frame.nextSequenceId();
            if (phase == Phase.GREETED) {
                handshakeResponse(ctx, frame);
            } else if (phase == Phase.CHANGING_USER) {
                String plugin = ClientAuthenticator.supports(response.authPlugin()) ? response.authPlugin()
                        : ClientAuthenticator.NATIVE;
                authenticate(ctx, plugin, frame.payload().readBytesEof());
            } else {
                authenticate(ctx, ClientAuthenticator.NATIVE, frame.payload().readBytesEof());
            }
        } finally {
            frame.release();
        }
    }

    private void handshakeResponse(ChannelHandlerContext ctx, MySQLFrame frame) {
        int expected = ctx.pipeline().get("tls") == null ? 1 : 2;
        if (frame.sequenceId() != expected) {
            refuse(ctx, ServerError.NET_PACKETS_OUT_OF_ORDER, "Got packets out of order: the handshake response must"
                    + " have sequence id " + expected + ", got " + frame.sequenceId());
            return;
        }
        if (frame.length() == HandshakeResponse41.SSL_REQUEST_LENGTH) {
            startTls(ctx, frame);
            return;
        }
        response = HandshakeResponse41.read(frame.payload());
        String plugin = response.authPlugin() == null ? ClientAuthenticator.NATIVE : response.authPlugin();
        if (ClientAuthenticator.supports(plugin)) {
            authenticate(ctx, plugin, response.authResponse());
            return;
        }
        phase = Phase.SWITCHED;
        ctx.writeAndFlush(MySQLFrame.of(ctx.alloc(), sequenceId,
                new AuthSwitchRequest(ClientAuthenticator.NATIVE, nonce)));
    }

    /**
     * COM_CHANGE_USER: the old session ends (its backend connection is given back or closed, as at a disconnect),
     * and the client proves the new user's password against a fresh nonce, through an auth switch.
     */
    private void changeUser(ChannelHandlerContext ctx, MySQLFrame frame) {
        ChangeUserRequest request;
        try {
            request = ChangeUserRequest.read(frame.payload(), session.capabilities(), response.characterSet());
            sequenceId = frame.nextSequenceId();
        } finally {
            frame.release();
        }
        ctx.channel().config().setAutoRead(true);
        idle.cancel();
        session.close();
        context.pool(ctx.channel().eventLoop()).closeStaleStatements();
        session = null;
        response = new HandshakeResponse41(response.capabilities(), response.maxPacketSize(), request.characterSet(),
                request.user(), request.authResponse(), request.database(), request.authPlugin(),
                response.attributes());
        nonce = AuthNonce.random(RANDOM);
        String plugin = ClientAuthenticator.supports(request.authPlugin()) ? request.authPlugin()
                : ClientAuthenticator.NATIVE;
        phase = Phase.CHANGING_USER;
        ctx.writeAndFlush(MySQLFrame.of(ctx.alloc(), sequenceId, new AuthSwitchRequest(plugin, nonce)));
    }

    /** SSLRequest: TLS goes in front of the codec; the real handshake response then arrives encrypted. */
    private void startTls(ChannelHandlerContext ctx, MySQLFrame frame) {
        if (context.tls() == null) {
            refuse(ctx, ServerError.HANDSHAKE_ERROR, "TLS was requested but this proxy listener has no certificate");
            return;
        }
        HandshakeResponse41.readSslRequest(frame.payload());
        MySQLFrameDecoder decoder = ctx.pipeline().get(MySQLFrameDecoder.class);
        ByteBuf early = decoder.takeBuffered();
        SslHandler ssl = context.tls().newHandler(ctx.alloc());
        // SslHandler's own default (10 s) would otherwise decide how long a silent TLS client is kept
        ssl.setHandshakeTimeoutMillis(context.handshakeTimeout().toMillis());
        ctx.pipeline().addFirst("tls", ssl);
        if (early.isReadable()) {
            // now, before any later read: TLS bytes must reach the SslHandler in order. The decoder is not
            // re-entered: it stops after each packet, and a TLS handshake yields no application data.
            ctx.pipeline().fireChannelRead(early);
        } else {
            early.release();
        }
    }

    private void authenticate(ChannelHandlerContext ctx, String plugin, byte[] authResponse) {
        Optional<ProxyUser> user = context.authenticator().verify(response.user(), plugin, authResponse, nonce);
        if (user.isEmpty()) {
            context.metrics().authenticationFailed();
            LOG.info("conn {}: access denied for '{}' from {}", connectionId, response.user(), ctx.channel().remoteAddress());
            boolean password = !ClientAuthenticator.noPassword(plugin, authResponse);
            refuse(ctx, ServerError.ACCESS_DENIED, "Access denied for user '" + response.user() + "'@'"
                    + host(ctx) + "' (using password: " + (password ? "YES" : "NO") + ")");
            return;
        }
        // as the server does, no fast-auth byte when the client sent no password
        if (ClientAuthenticator.CACHING_SHA2.equals(plugin) && !ClientAuthenticator.noPassword(plugin, authResponse)) {
            ctx.write(new MySQLFrame(sequenceId++, ctx.alloc().ioBuffer(2)
                    .writeByte(AuthMoreData.HEADER).writeByte(io.tandem.proxy.auth.CachingSha2Password.FAST_AUTH_SUCCESS)));
        }
        int capabilities = response.capabilities() & context.capabilities();
        BackendPool pool = context.pool(ctx.channel().eventLoop());
        session = new ClientSession(ctx.channel(), connectionId, user.get(), capabilities, response.characterSet(),
                pool, context.router(), context.readYourWrites(user.get(), response.attributes()),
                context.metrics(), context.sessions(), () -> commandDone(ctx));
        phase = Phase.COMMAND;
        handshakeDeadline.cancel(false);
        idle = new ClientIdleTimeout(ctx.channel(), connectionId, context.clientTimeouts().seconds(
                Capabilities.has(response.capabilities(), Capabilities.INTERACTIVE)),
                !context.serverVersion().contains("MariaDB"));
        if (response.database() != null) {
            selectInitialSchema(ctx);
            return;
        }
        ctx.writeAndFlush(MySQLFrame.of(ctx.alloc(), sequenceId, OkPacket.plain(ServerStatus.AUTOCOMMIT)));
        startCompression(ctx);
        idle.arm(session.state());
    }

    /**
     * CLIENT_COMPRESS: every packet after the OK that ends the login, in both directions, travels in compressed
     * packets. Called once that OK is written; a second login on the connection (COM_CHANGE_USER) keeps it on.
     */
    private void startCompression(ChannelHandlerContext ctx) {
        if (Capabilities.has(session.capabilities(), Capabilities.COMPRESS)) {
            CompressedPacketDecoder.install(ctx.pipeline());
        }
    }

    /**
     * The plugin the greeting proposes: caching_sha2_password as MySQL 8.0 does, mysql_native_password in front of
     * MariaDB as MariaDB does (clients that read the version as 5.5.5 expect the older exchange). The proxy checks
     * either, whatever the client answers with.
     */
    private static String greetingPlugin(ProxyContext context) {
        return context.serverVersion().contains("MariaDB") ? ClientAuthenticator.NATIVE
                : ClientAuthenticator.CACHING_SHA2;
    }

    /** CONNECT_WITH_DB: the schema is checked now, as a server would, by running COM_INIT_DB on a backend. */
    private void selectInitialSchema(ChannelHandlerContext ctx) {
        MySQLFrame initDb = MySQLFrame.of(ctx.alloc(), 0,
                new TextCommand(io.tandem.proxy.protocol.CommandType.INIT_DB, response.database()));
        ctx.channel().config().setAutoRead(false);
        loginPending = true;
        session.begin(io.tandem.proxy.protocol.CommandType.INIT_DB.code());
        session.withBackend(sequenceId, initDb, io.tandem.proxy.routing.Reason.NOT_A_QUERY, null,
                backend -> InitialSchema.select(session, backend, initDb, sequenceId));
    }

    private void command(ChannelHandlerContext ctx, MySQLFrame frame) {
        if (session.inLocalInfile()) {
            session.localInfileData(frame);
            return;
        }
        if (frame.length() == 0) {
            frame.release();
            refuse(ctx, ServerError.MALFORMED_PACKET, "empty command packet");
            return;
        }
        if (frame.sequenceId() != 0) {
            int seq = frame.sequenceId();
            frame.release();
            sequenceId = 1;
            refuse(ctx, ServerError.NET_PACKETS_OUT_OF_ORDER, "Got packets out of order: a command must start with"
                    + " sequence id 0, got " + seq);
            return;
        }
        idle.cancel();
        // one command at a time; reading goes on (a request-response client sends nothing more), and only a
        // command arriving while this one runs turns it off (channelRead): toggling it for every command would
        // cost two epoll_ctl calls per statement
        session.begin(frame.firstByte());
        CommandExecutors.of(frame.firstByte()).execute(session, frame);
    }

    /** The session answered its command: the next pipelined one runs (on a fresh stack), or reading resumes. */
    private void commandDone(ChannelHandlerContext ctx) {
        if (loginPending) {
            // the login's OK (after the initial schema was selected) is out
            loginPending = false;
            startCompression(ctx);
        }
        MySQLFrame next = pipelined.poll();
        if (next == null) {
            if (session != null) {
                idle.arm(session.state());
            }
            if (!ctx.channel().config().isAutoRead()) {
                // turning autoRead on also requests a read
                ctx.channel().config().setAutoRead(true);
            }
            return;
        }
        // what arrives before it starts waits behind it
        session.phase(CommandPhase.QUEUED);
        ctx.executor().execute(() -> {
            if (ctx.channel().isActive()) {
                dispatch(ctx, next);
            } else {
                next.release();
            }
        });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (session != null && ctx.channel().isWritable()) {
            session.clientWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (phase != Phase.COMMAND) {
            refuse(ctx, ServerError.HANDSHAKE_ERROR, "Bad handshake: no authentication within "
                    + context.handshakeTimeout().toSeconds() + " s");
        } else if (ctx.pipeline().get(MySQLFrameDecoder.class).hasPartialPacket()) {
            // an idle client between commands is fine; one that stopped in the middle of a packet is not
            sequenceId = 1;
            refuse(ctx, ServerError.NET_READ_ERROR, "Got timeout reading communication packets: no more of the packet"
                    + " within " + context.handshakeTimeout().toSeconds() + " s");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        context.metrics().connectionClosed();
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel(false);
        }
        pipelined.forEach(MySQLFrame::release);
        pipelined.clear();
        if (idle != null) {
            idle.cancel();
        }
        if (session != null) {
            session.close();
            context.pool(ctx.channel().eventLoop()).closeStaleStatements();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof MalformedPacketException) {
            LOG.info("conn {}: malformed packet from {}: {}", connectionId, ctx.channel().remoteAddress(),
                    reason.getMessage());
            ServerError error = reason.getMessage().contains("exceeds the maximum") ? ServerError.NET_PACKET_TOO_LARGE
                    : ServerError.MALFORMED_PACKET;
            refuse(ctx, error, "Malformed packet: " + reason.getMessage());
        } else if (reason instanceof java.io.IOException) {
            LOG.debug("conn {}: {}", connectionId, reason.getMessage());
            ctx.close();
        } else {
            LOG.error("conn {}: unexpected failure, closing the connection", connectionId, reason);
            refuse(ctx, ServerError.MALFORMED_PACKET, "Internal proxy error: " + reason);
        }
    }

    /** One ERR, then close: used where the protocol state cannot be recovered. */
    private void refuse(ChannelHandlerContext ctx, ServerError error, String message) {
        context.metrics().error(error.code());
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(MySQLFrame.of(ctx.alloc(), sequenceId, ErrPacket.of(error, message)))
                    .addListener(f -> ctx.close());
        }
    }

    private static String host(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a ? a.getHostString() : "unknown";
    }

    static int proxyCapabilities(boolean localInfile) {
        return localInfile ? Capabilities.PROXY_SERVER : Capabilities.PROXY_SERVER & ~Capabilities.LOCAL_FILES;
    }
}
