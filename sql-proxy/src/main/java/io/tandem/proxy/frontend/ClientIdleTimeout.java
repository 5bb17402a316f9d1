package io.tandem.proxy.frontend;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.session.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The server's {@code wait_timeout} on a client connection, which the proxy must enforce itself: backend connections
 * are pooled, so the server's own timer never sees a client idle. Armed on the client's event loop when a command is
 * answered, with the session's effective timeout (its tracked {@code wait_timeout}, else the global one, or the global
 * {@code interactive_timeout} for a client that connected with CLIENT_INTERACTIVE, as a server copies it at login);
 * cancelled when the next command arrives, so it never runs while a command does. On expiry the client sees what the
 * server does: MySQL 8.0.24 and later send ERR 4031 ER_CLIENT_INTERACTION_TIMEOUT, then close; MariaDB 10.11 resets
 * the connection without a packet.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_wait_timeout">
 *     wait_timeout</a>
 */
final class ClientIdleTimeout {

    private static final Logger LOG = LoggerFactory.getLogger(ClientIdleTimeout.class);
    /** What MySQL 8.0 says, word for word (sql/share/messages_to_clients.txt). */
    static final String MESSAGE = "The client was disconnected by the server because of inactivity. See wait_timeout"
            + " and interactive_timeout for configuring this behavior.";

    private final Channel client;
    private final long connectionId;
    private final long defaultSeconds;
    private final boolean sendsError;
    private ScheduledFuture<?> pending;

    /**
     * @param defaultSeconds the global wait_timeout, or interactive_timeout for an interactive client
     * @param sendsError whether the server tells the client before closing (MySQL), or resets (MariaDB)
     */
    ClientIdleTimeout(Channel client, long connectionId, long defaultSeconds, boolean sendsError) {
        this.client = client;
        this.connectionId = connectionId;
        this.defaultSeconds = defaultSeconds;
        this.sendsError = sendsError;
    }

    /** The client may now be idle: the session's timeout starts. */
    void arm(SessionState state) {
        cancel();
        long seconds = seconds(state);
        if (seconds > 0 && client.isActive()) {
            pending = client.eventLoop().schedule(() -> expire(seconds), seconds, TimeUnit.SECONDS);
        }
    }

    /** A command arrived, or the connection ended: no timeout until the next {@link #arm}. */
    void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** The session's own wait_timeout when it set one, else the default this connection started with. */
    long seconds(SessionState state) {
        String value = state.variables().get("wait_timeout");
        if (value != null) {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                LOG.debug("conn {}: wait_timeout '{}' is not a number; using {} s", connectionId, value,
                        defaultSeconds);
            }
        }
        return defaultSeconds;
    }

    private void expire(long seconds) {
        pending = null;
        if (!client.isActive()) {
            return;
        }
        LOG.debug("conn {}: idle for {} s (wait_timeout), closing as the server would", connectionId, seconds);
        if (sendsError) {
            client.writeAndFlush(MySQLFrame.of(client.alloc(), 0,
                    ErrPacket.of(ServerError.CLIENT_INTERACTION_TIMEOUT, MESSAGE))).addListener(f -> client.close());
        } else {
            // a zero linger makes the close a reset, as MariaDB's is
            client.config().setOption(ChannelOption.SO_LINGER, 0);
            client.close();
        }
    }
}
