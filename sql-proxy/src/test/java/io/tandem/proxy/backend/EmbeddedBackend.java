package io.tandem.proxy.backend;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.codec.MySQLFrameDecoder;
import io.tandem.proxy.session.SessionState;
import io.tandem.topology.instance.InstanceKey;

import java.util.function.Consumer;

/**
 * A {@link BackendConnection} over an {@link EmbeddedChannel}, for tests outside this package of whatever drives
 * a connection: the server's answers go in as wire bytes through the real frame decoder, and what the proxy sends
 * comes out as {@link MySQLFrame}s (no encoder, so they stay readable).
 */
public final class EmbeddedBackend {

    public static final InstanceKey SERVER = InstanceKey.parse("db2:3306");

    private EmbeddedBackend() {
    }

    /** An authenticated connection, its packets going nowhere until a sink is set. */
    public static BackendConnection connection(EmbeddedChannel channel, int capabilities) {
        return connection(channel, capabilities, server -> { });
    }

    /** The same, telling {@code serverLost} when the channel ends without the connection being closed. */
    public static BackendConnection connection(EmbeddedChannel channel, int capabilities,
                                               Consumer<InstanceKey> serverLost) {
        return connection(channel, new BackendKey(SERVER, "app", capabilities, 255), serverLost);
    }

    /** A connection of the pool {@code key} names, speaking the capabilities it asks for. */
    public static BackendConnection connection(EmbeddedChannel channel, BackendKey key,
                                               Consumer<InstanceKey> serverLost) {
        BackendChannelHandler handler = new BackendChannelHandler(new FrameSink() {
            @Override
            public void onFrame(MySQLFrame frame) {
                frame.release();
                throw new IllegalStateException("a packet before any sink was set: " + frame);
            }

            @Override
            public void onClosed(Throwable cause) {
            }
        }, key.server(), serverLost);
        channel.pipeline().addLast(new MySQLFrameDecoder(16 * 1024 * 1024), handler);
        return new BackendConnection(channel, handler, key, 17, key.capabilities(), SessionState.INITIAL, io.tandem.proxy.session.ServerDefaults.MYSQL_BUILT_IN);
    }
}
