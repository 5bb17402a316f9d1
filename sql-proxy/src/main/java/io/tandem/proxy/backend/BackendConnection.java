package io.tandem.proxy.backend;

import io.netty.channel.Channel;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.session.ServerDefaults;
import io.tandem.proxy.session.SessionState;

import java.util.HashMap;
import java.util.Map;

/**
 * One authenticated connection to a MySQL server, owned by one event loop. It remembers the session state it was
 * left in (schema, variables) so that the next session using it replays only the difference, and the statement
 * ids of the proxy's prepared statements on it.
 */
public final class BackendConnection {

    private final Channel channel;
    private final BackendKey key;
    private final long threadId;
    private final int capabilities;
    private final long createdNanos = System.nanoTime();
    private final Map<Long, Long> preparedStatements = new HashMap<>();
    private final java.util.Set<Long> typesBound = new java.util.HashSet<>();
    private final BackendChannelHandler handler;
    private final ServerDefaults defaults;
    private SessionState state;
    private long lastUsedNanos = System.nanoTime();
    private boolean detached;
    private boolean retired;

    BackendConnection(Channel channel, BackendChannelHandler handler, BackendKey key, long threadId, int capabilities,
                      SessionState state, ServerDefaults defaults) {
        this.defaults = defaults;
        this.channel = channel;
        this.handler = handler;
        this.key = key;
        this.threadId = threadId;
        this.capabilities = capabilities;
        this.state = state;
    }

    public BackendKey key() {
        return key;
    }

    public Channel channel() {
        return channel;
    }

    /** The server's connection id ({@code CONNECTION_ID()}), for KILL. */
    public long threadId() {
        return threadId;
    }

    public int capabilities() {
        return capabilities;
    }

    /** What this connection's session started with, before the proxy turned on its own tracking. */
    public ServerDefaults defaults() {
        return defaults;
    }

    public SessionState state() {
        return state;
    }

    public void state(SessionState next) {
        this.state = next;
    }

    /** Server statement id of the proxy's statement {@code proxyId} on this connection, or null if not prepared here. */
    public Long statement(long proxyId) {
        return preparedStatements.get(proxyId);
    }

    public void statement(long proxyId, long serverId) {
        preparedStatements.put(proxyId, serverId);
    }

    public Long forgetStatement(long proxyId) {
        typesBound.remove(proxyId);
        return preparedStatements.remove(proxyId);
    }

    /**
     * Closes the server statements of proxy statements no session has any more, and forgets them. COM_STMT_CLOSE has
     * no response, so this can precede the next command directly, or go out while the connection is idle.
     *
     * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_close.html">
     *     COM_STMT_CLOSE</a>
     */
    public void closeStaleStatements(java.util.function.LongPredicate live) {
        boolean closed = false;
        var it = preparedStatements.entrySet().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            if (!live.test(entry.getKey())) {
                io.netty.buffer.ByteBuf close = channel.alloc().ioBuffer(5)
                        .writeByte(io.tandem.proxy.protocol.CommandType.STMT_CLOSE.code())
                        .writeIntLE(entry.getValue().intValue());
                channel.write(new MySQLFrame(0, close), channel.voidPromise());
                typesBound.remove(entry.getKey());
                it.remove();
                closed = true;
            }
        }
        if (closed) {
            channel.flush();
        }
    }

    /** Whether the server statement for {@code proxyId} has been sent parameter types on this connection. */
    public boolean typesBound(long proxyId) {
        return typesBound.contains(proxyId);
    }

    public void typesBound(long proxyId, boolean bound) {
        if (bound) {
            typesBound.add(proxyId);
        } else {
            typesBound.remove(proxyId);
        }
    }

    /** Whether a pinned session took this connection out of its pool for good (see {@link BackendPool#detach}). */
    public boolean detached() {
        return detached;
    }

    /** Marks this connection as no longer the pool's; false if it already was not. */
    boolean detach() {
        boolean first = !detached;
        detached = true;
        return first;
    }

    /**
     * Marks this connection as closed by its pool; false if it already was. A session that loses its client in the
     * middle of a command discards the connection, and the exchange then hears of the close and discards it again.
     */
    boolean retire() {
        boolean first = !retired;
        retired = true;
        return first;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public long createdNanos() {
        return createdNanos;
    }

    public long lastUsedNanos() {
        return lastUsedNanos;
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
    }

    /** Routes the following packets to {@code next}. */
    public void sink(FrameSink next) {
        handler.sink(next);
    }

    /** Stops or resumes reading from the server: backpressure from a slow client. */
    public void autoRead(boolean on) {
        channel.config().setAutoRead(on);
    }

    public void send(MySQLFrame frame) {
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    public void close() {
        handler.closingLocally();
        channel.close();
    }

    /**
     * Closes the connection because the proxy stopped waiting for it: whoever waits on it is told {@code why} as the
     * cause, and the server is not reported lost (it may only be slow).
     */
    public void abandon(String why) {
        handler.abandon(new java.util.concurrent.TimeoutException(why));
        channel.close();
    }

    @Override
    public String toString() {
        return "backend " + key.server() + " thread " + threadId;
    }
}
