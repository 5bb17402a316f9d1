package io.tandem.proxy.backend;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Promise;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.codec.MySQLFrameDecoder;
import io.tandem.proxy.protocol.codec.MySQLFrameEncoder;
import io.tandem.proxy.protocol.packet.TextCommand;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.session.ServerDefaults;
import io.tandem.proxy.session.SessionState;
import io.tandem.proxy.transport.NettyTransport;
import io.tandem.topology.instance.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Opens authenticated backend connections on a given event loop (the one of the pool that will own them), then
 * turns on session state tracking, which is how the proxy learns every replayable change a client makes.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/session-state-tracking.html">Session state tracking</a>
 */
public final class BackendConnector implements BackendOpener {

    private static final Logger LOG = LoggerFactory.getLogger(BackendConnector.class);
    private static final MySQLFrameEncoder ENCODER = new MySQLFrameEncoder();

    private final Duration connectTimeout;
    private final int maxPacketSize;
    private final SslContext tls;
    private final List<Consumer<InstanceKey>> lostListeners = new CopyOnWriteArrayList<>();

    public BackendConnector(Duration connectTimeout, int maxPacketSize) {
        this(connectTimeout, maxPacketSize, null);
    }

    /** @param tls TLS towards servers that offer it, or null for plain connections */
    public BackendConnector(Duration connectTimeout, int maxPacketSize, SslContext tls) {
        this.connectTimeout = connectTimeout;
        this.maxPacketSize = maxPacketSize;
        this.tls = tls;
    }

    /**
     * Runs {@code listener} on the event loop whenever a connection to a server cannot be made or ends without this
     * proxy closing it: the first sign of a dead server, long before the next health probe. Keep it short.
     */
    public void onServerLost(Consumer<InstanceKey> listener) {
        lostListeners.add(listener);
    }

    private void serverLost(InstanceKey server) {
        for (Consumer<InstanceKey> listener : lostListeners) {
            try {
                listener.accept(server);
            } catch (RuntimeException e) {
                // boundary: a failing listener must not break the connection's own close handling
                LOG.error("server-lost listener failed for {}", server, e);
            }
        }
    }

    /** Connects, authenticates and prepares a connection; the promise fails with a message naming the server. */
    @Override
    public Promise<BackendConnection> open(EventLoop loop, BackendKey key, BackendCredentials credentials) {
        Promise<BackendConnection> promise = loop.newPromise();
        Handshake handshake = new Handshake(key, credentials, promise, tls);
        BackendChannelHandler handler = new BackendChannelHandler(handshake, key.server(), this::serverLost);
        ChannelFuture connected = new Bootstrap().group(loop).channel(NettyTransport.socketChannel(loop))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new MySQLFrameDecoder(maxPacketSize), ENCODER, handler);
                    }
                })
                .connect(key.server().host(), key.server().port());
        handshake.bind(connected.channel(), handler);
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                serverLost(key.server());
                promise.tryFailure(new BackendException("cannot connect to " + key.server() + ": "
                        + f.cause().getMessage(), f.cause()));
            }
        });
        loop.schedule(() -> {
            if (promise.tryFailure(new BackendException("backend " + key.server() + " did not complete the handshake"
                    + " within " + connectTimeout.toMillis() + " ms"))) {
                handler.closingLocally();
                connected.channel().close();
            }
        }, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return promise;
    }

    /** The connection phase, then the statement that turns tracking on. */
    private static final class Handshake implements FrameSink {

        private final BackendKey key;
        private final Promise<BackendConnection> promise;
        private final BackendCredentials credentials;
        private final SslContext tls;
        private BackendAuthenticator authenticator;
        private Channel channel;
        private BackendChannelHandler handler;
        private BackendConnection connection;
        private BackendAuthenticator.Done greeting;
        private boolean mysql;
        private SingleRow defaultsRow;

        Handshake(BackendKey key, BackendCredentials credentials, Promise<BackendConnection> promise,
                  SslContext tls) {
            this.tls = tls;
            this.key = key;
            this.credentials = credentials;
            this.promise = promise;
        }

        void bind(Channel ch, BackendChannelHandler h) {
            this.channel = ch;
            this.handler = h;
            this.authenticator = new BackendAuthenticator(credentials, key.capabilities(), key.characterSet(),
                    ch.alloc(), tls != null);
        }

        @Override
        public void onFrame(MySQLFrame frame) {
            try {
                if (connection != null) {
                    trackingEnabled(frame);
                } else if (defaultsRow != null) {
                    defaultsRead(frame);
                } else {
                    authenticate(frame);
                }
            } catch (RuntimeException e) {
                // boundary: any failure while connecting fails this connection attempt only
                fail("handshake with " + key.server() + " failed: " + e.getMessage(), e);
            } finally {
                frame.release();
            }
        }

        private void authenticate(MySQLFrame frame) {
            BackendAuthenticator.Step step = authenticator.onPacket(frame);
            if (step instanceof BackendAuthenticator.Reply reply) {
                channel.writeAndFlush(reply.frame());
            } else if (step instanceof BackendAuthenticator.StartTls start) {
                startTls(start.sslRequest());
            } else if (step instanceof BackendAuthenticator.Failed failed) {
                fail("backend " + key.server() + " refused " + key.user() + ": " + failed.reason(), null);
            } else if (step instanceof BackendAuthenticator.Done done) {
                greeting = done;
                mysql = !done.greeting().serverVersion().toLowerCase().contains("mariadb");
                // pipelined: what a fresh session has, then the proxy's own tracking on top of it
                channel.write(MySQLFrame.of(channel.alloc(), 0, TextCommand.query(ServerDefaults.query(mysql))));
                channel.writeAndFlush(MySQLFrame.of(channel.alloc(), 0,
                        TextCommand.query(ServerDefaults.proxyTracking(mysql))));
                defaultsRow = new SingleRow(done.capabilities());
            }
        }

        /** SSLRequest in clear, then TLS in front of the codec; the response goes once the TLS handshake is done. */
        private void startTls(MySQLFrame sslRequest) {
            channel.writeAndFlush(sslRequest).addListener(sent -> {
                if (!sent.isSuccess()) {
                    fail("cannot send SSLRequest to " + key.server() + ": " + sent.cause(), sent.cause());
                    return;
                }
                SslHandler ssl = tls.newHandler(channel.alloc(), key.server().host(), key.server().port());
                channel.pipeline().addFirst("tls", ssl);
                ssl.handshakeFuture().addListener(done -> {
                    if (done.isSuccess()) {
                        channel.writeAndFlush(authenticator.tlsEstablished().frame());
                    } else {
                        fail("TLS handshake with " + key.server() + " failed: " + done.cause().getMessage(),
                                done.cause());
                    }
                });
            });
        }

        private void defaultsRead(MySQLFrame frame) {
            if (!defaultsRow.next(frame)) {
                return;
            }
            ServerDefaults read = defaultsRow.failed() != null ? ServerDefaults.MYSQL_BUILT_IN
                    : ServerDefaults.of(ServerDefaults.names(mysql), defaultsRow.values());
            if (defaultsRow.failed() != null) {
                LOG.warn("backend {} did not tell its session defaults ({}); assuming MySQL's", key.server(),
                        defaultsRow.failed());
            }
            connection = new BackendConnection(channel, handler, key, greeting.greeting().connectionId(),
                    greeting.capabilities(), SessionState.INITIAL, read);
        }

        private void trackingEnabled(MySQLFrame frame) {
            if (frame.firstByte() == ErrPacket.HEADER) {
                fail("backend " + key.server() + " refused session tracking: " + ErrPacket.read(frame.payload()), null);
                return;
            }
            if (!promise.trySuccess(connection)) {
                handler.closingLocally();
                channel.close();
            }
        }

        private void fail(String message, Throwable cause) {
            promise.tryFailure(new BackendException(message, cause));
            handler.closingLocally();
            channel.close();
        }

        @Override
        public void onClosed(Throwable cause) {
            promise.tryFailure(new BackendException("backend " + key.server() + " closed the connection during the"
                    + " handshake" + (cause == null ? "" : ": " + cause.getMessage()), cause));
        }
    }
}
