package io.tandem.proxy.replay;

import io.tandem.proxy.session.SetSessionStatement;
import io.tandem.proxy.session.SessionState;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.FrameSink;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.TextCommand;
import io.tandem.proxy.protocol.packet.ErrPacket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Brings a backend connection to a session's state before the session's statement runs on it: COM_INIT_DB for the
 * schema and one {@code SET SESSION} for the variables that differ ({@code = DEFAULT} for those the connection
 * changed and the session did not, see {@link SetSessionStatement}). Replies are consumed here, not relayed; an ERR
 * aborts with the server's words. The outcome is reported once: the caller discards a connection whose replay
 * failed, and that close must not be reported as a second failure of the same statement.
 */
public final class StateSync implements FrameSink {

    private static final Logger LOG = LoggerFactory.getLogger(StateSync.class);

    private final BackendConnection connection;
    private final SessionState target;
    private final Deque<MySQLFrame> pending;
    private final Runnable done;
    private final Consumer<ErrPacket> failed;
    private boolean over;

    private StateSync(BackendConnection connection, SessionState target, Deque<MySQLFrame> pending, Runnable done,
                      Consumer<ErrPacket> failed) {
        this.connection = connection;
        this.target = target;
        this.pending = pending;
        this.done = done;
        this.failed = failed;
    }

    /** Runs {@code done} once the connection is in {@code target}; {@code failed} with the server's error if not. */
    public static void apply(BackendConnection connection, SessionState target, Runnable done,
                             Consumer<ErrPacket> failed) {
        apply(connection, target, false, done, failed);
    }

    /**
     * As {@link #apply(BackendConnection, SessionState, Runnable, Consumer)}; with {@code clearDiagnostics} the
     * warnings and errors another session's statement left on the connection are cleared too (by a statement that
     * has none), so that a diagnostics statement describes nothing but the session's own.
     */
    public static void apply(BackendConnection connection, SessionState target, boolean clearDiagnostics,
                             Runnable done, Consumer<ErrPacket> failed) {
        // the common case on the per-statement path: the connection was left in this very state
        if (connection.state().equals(target) && !clearDiagnostics) {
            done.run();
            return;
        }
        Deque<MySQLFrame> statements = statements(connection, target);
        if (clearDiagnostics) {
            // MySQL clears them with any statement that is not a diagnostics one; MariaDB with one that uses a table
            String clear = connection.defaults().mysql() ? "DO 0"
                    : "DO (SELECT 1 FROM information_schema.ENGINES LIMIT 0)";
            statements.add(MySQLFrame.of(connection.channel().alloc(), 0, TextCommand.query(clear)));
        }
        if (statements.isEmpty()) {
            done.run();
            return;
        }
        StateSync sync = new StateSync(connection, target, statements, done, failed);
        connection.sink(sync);
        connection.send(statements.poll());
    }

    private static Deque<MySQLFrame> statements(BackendConnection connection, SessionState target) {
        Deque<MySQLFrame> out = new ArrayDeque<>();
        SessionState current = connection.state();
        var alloc = connection.channel().alloc();
        if (target.schema() != null && !target.schema().equals(current.schema())) {
            out.add(MySQLFrame.of(alloc, 0, new TextCommand(CommandType.INIT_DB, target.schema())));
        }
        String set = SetSessionStatement.of(current.variables(), target.variables(), connection.defaults());
        if (set != null) {
            LOG.debug("{}: replaying session state: {}", connection, set);
            out.add(MySQLFrame.of(alloc, 0, TextCommand.query(set)));
        }
        return out;
    }

    @Override
    public void onFrame(MySQLFrame frame) {
        if (over) {
            frame.release();
            return;
        }
        try {
            if (frame.firstByte() == ErrPacket.HEADER) {
                fail(ErrPacket.read(frame.payload()));
                return;
            }
        } finally {
            frame.release();
        }
        MySQLFrame next = pending.poll();
        if (next != null) {
            connection.send(next);
            return;
        }
        over = true;
        connection.state(target);
        done.run();
    }

    @Override
    public void onClosed(Throwable cause) {
        if (over) {
            return;
        }
        fail(ErrPacket.of(io.tandem.proxy.protocol.ServerError.BACKEND_LOST, "lost " + connection
                + " while restoring session state" + (cause == null ? "" : ": " + cause.getMessage())));
    }

    private void fail(ErrPacket err) {
        over = true;
        pending.forEach(MySQLFrame::release);
        pending.clear();
        failed.accept(err);
    }
}
