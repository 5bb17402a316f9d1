package io.tandem.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.tandem.proxy.auth.TlsMaterial;
import io.tandem.proxy.backend.BackendConnector;
import io.tandem.proxy.backend.BackendTls;
import io.tandem.proxy.backend.BackendPool;
import io.tandem.proxy.routing.BackendTargets;
import io.tandem.proxy.frontend.FrontendHandler;
import io.tandem.proxy.frontend.ProxyContext;
import io.tandem.proxy.metrics.ProxyMetrics;
import io.tandem.proxy.frontend.SessionRegistry;
import io.tandem.proxy.frontend.SessionStatusRewriter;
import io.tandem.proxy.frontend.UserRegistry;
import io.tandem.proxy.routing.InstanceHealth;
import io.tandem.proxy.routing.Router;
import io.tandem.proxy.session.PreparedStatements;
import io.tandem.proxy.transport.NettyTransport;
import io.tandem.proxy.protocol.codec.MySQLFrameDecoder;
import io.tandem.proxy.protocol.codec.MySQLFrameEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proxy's listener: one Netty server whose event loops each own a backend pool, so a client connection and
 * the backend connections it uses always share one thread.
 */
public final class ProxyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);
    private static final MySQLFrameEncoder ENCODER = new MySQLFrameEncoder();

    private final ProxySettings settings;
    private final EventLoopGroup boss = NettyTransport.eventLoopGroup(1);
    private final EventLoopGroup workers;
    private final Map<EventLoop, BackendPool> pools = new ConcurrentHashMap<>();
    private final AtomicLong connectionIds = new AtomicLong();
    private final ProxyContext context;
    private final BackendConnector connector;
    private Channel listener;

    public ProxyServer(ProxySettings settings, UserRegistry users, BackendTargets targets, ProxyMetrics metrics) {
        this(settings, users, targets, metrics, null);
    }

    /** @param tls the certificate offered to clients (sslMode=REQUIRED works), or null to offer no TLS */
    public ProxyServer(ProxySettings settings, UserRegistry users, BackendTargets targets, ProxyMetrics metrics,
                       TlsMaterial tls) {
        this(settings, users, targets, InstanceHealth.UNKNOWN, metrics, tls);
    }

    /**
     * @param health this proxy's own observations of the instances (reachable, read-only, lag, executed GTIDs),
     *               consulted by routing; {@link InstanceHealth#UNKNOWN} to follow the view alone
     */
    public ProxyServer(ProxySettings settings, UserRegistry users, BackendTargets targets, InstanceHealth health,
                       ProxyMetrics metrics, TlsMaterial tls) {
        this.settings = settings;
        this.workers = NettyTransport.eventLoopGroup(settings.eventLoops());
        this.connector = new BackendConnector(settings.backendConnectTimeout(), settings.maxPacketSize(),
                settings.backendTls() == BackendTls.OFF ? null
                        : TlsMaterial.backendContext(settings.backendTls() == BackendTls.VERIFY));
        this.context = new ProxyContext(settings.serverVersion(),
                ProxyContext.capabilities(settings.localInfile(), tls != null), users,
                loop -> pools.computeIfAbsent(loop, l -> new BackendPool(l, connector, settings.pool(),
                        settings.eventLoops(), metrics, PreparedStatements::live)), Router.of(targets, settings.routing(), health), metrics,
                settings.handshakeTimeout(),
                tls == null ? null : tls.serverContext(), new SessionRegistry(), settings.clientTimeouts());
    }

    /** Binds the listener. @throws IllegalStateException naming the address when it cannot be bound */
    public ProxyServer start() {
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers).channel(NettyTransport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new IdleStateHandler(settings.handshakeTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                                new MySQLFrameDecoder(settings.maxPacketSize()), ENCODER,
                                new SessionStatusRewriter(),
                                new FrontendHandler(context, connectionIds.incrementAndGet()));
                    }
                });
        try {
            listener = bootstrap.bind(new InetSocketAddress(settings.host(), settings.port())).sync().channel();
        } catch (Exception e) {
            // boundary: bind failures (port in use, bad address) arrive as checked exceptions from Netty
            close();
            throw new IllegalStateException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage() + " (is another proxy running? change the proxy port)", e);
        }
        LOG.info("proxy: listening on {}:{} ({} transport)", settings.host(), port(), NettyTransport.name());
        return this;
    }

    /**
     * Runs {@code listener} (on an event loop; keep it short) when a backend connection cannot be made or ends without
     * this proxy closing it, e.g. to probe that server at once.
     */
    public void onServerLost(java.util.function.Consumer<io.tandem.topology.instance.InstanceKey> listener) {
        connector.onServerLost(listener);
    }

    /** What this proxy's sessions consult to place statements. */
    public Router router() {
        return context.router();
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * Graceful stop: no new connections, then up to {@code drain} for running commands and open transactions to
     * finish, then every connection is closed.
     */
    public void shutdown(java.time.Duration drain) {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (context.sessions().busy() > 0 && System.nanoTime() < deadline) {
            // the event loops do the work; this thread only waits for them to get there
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50));
        }
        long left = context.sessions().busy();
        if (left > 0) {
            LOG.warn("proxy: closing {} sessions still busy after {} s", left, drain.toSeconds());
        }
        close();
    }

    /** Stops accepting, then closes client and backend connections. */
    @Override
    public void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
