package io.tandem.proxy.session;

import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.FrameSink;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.TextCommand;
import io.tandem.proxy.protocol.packet.ErrPacket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Brings a backend connection to a session's state before the session's statement runs on it: COM_INIT_DB for the
 * schema and one {@code SET SESSION} for the variables that differ ({@code = DEFAULT} for those the connection
 * changed and the session did not). Replies are consumed here, not relayed; an ERR aborts with the server's words.
 */
public final class StateSync implements FrameSink {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private final BackendConnection connection;
    private final SessionState target;
    private final Deque<MySQLFrame> pending;
    private final Runnable done;
    private final Consumer<ErrPacket> failed;

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
        // the common case on the per-statement path: the connection was left in this very state
        if (connection.state().equals(target)) {
            done.run();
            return;
        }
        Deque<MySQLFrame> statements = statements(connection, target);
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
        String set = setStatement(current.variables(), target.variables());
        if (set != null) {
            out.add(MySQLFrame.of(alloc, 0, TextCommand.query(set)));
        }
        return out;
    }

    /** {@code SET SESSION a = 1, b = 'x', c = DEFAULT}, or null when nothing differs. */
    static String setStatement(Map<String, String> current, Map<String, String> target) {
        List<String> assignments = new ArrayList<>();
        target.forEach((name, value) -> {
            if (!Objects.equals(current.get(name), value)) {
                assignments.add("`" + name + "` = " + literal(name, value));
            }
        });
        current.keySet().stream().filter(name -> !target.containsKey(name))
                .forEach(name -> assignments.add("`" + name + "` = DEFAULT"));
        return assignments.isEmpty() ? null : "SET SESSION " + String.join(", ", assignments);
    }

    private static String literal(String name, String value) {
        if (NUMBER.matcher(value).matches()) {
            return value;
        }
        if (value.isEmpty() && name.equals("character_set_results")) {
            return "NULL";
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public void onFrame(MySQLFrame frame) {
        try {
            if (frame.firstByte() == ErrPacket.HEADER) {
                failed.accept(ErrPacket.read(frame.payload()));
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
        connection.state(target);
        done.run();
    }

    @Override
    public void onClosed(Throwable cause) {
        pending.forEach(MySQLFrame::release);
        failed.accept(ErrPacket.of(io.tandem.proxy.protocol.ServerError.BACKEND_LOST, "lost " + connection
                + " while restoring session state" + (cause == null ? "" : ": " + cause.getMessage())));
    }
}
