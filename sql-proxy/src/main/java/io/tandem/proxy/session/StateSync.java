package io.tandem.proxy.session;

import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.FrameSink;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.TextCommand;
import io.tandem.proxy.protocol.packet.ErrPacket;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Brings a backend connection to a session's state before the session's statement runs on it: COM_INIT_DB for the
 * schema and one {@code SET SESSION} for the variables that differ ({@code = DEFAULT} for those the connection
 * changed and the session did not). Replies are consumed here, not relayed; an ERR aborts with the server's words.
 */
public final class StateSync implements FrameSink {

    private static final List<String> CHARSET_PAIRS = List.of("connection", "database", "server");
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
        String set = setStatement(current.variables(), target.variables(), connection.defaults());
        if (set != null) {
            out.add(MySQLFrame.of(alloc, 0, TextCommand.query(set)));
        }
        return out;
    }

    /**
     * {@code SET SESSION a = 1, b = 'x', c = DEFAULT}, or null when nothing differs. A variable the target lacks goes
     * back to what a fresh connection had ({@code defaults}: the handshake's character sets) or to the global
     * default. Character sets are assigned before collations, since assigning {@code character_set_connection}
     * resets {@code collation_connection}; a collation is assigned again whenever its character set is. The
     * session-tracking settings are the proxy's own and never replayed.
     */
    static String setStatement(Map<String, String> current, Map<String, String> target, ServerDefaults defaults) {
        Map<String, String> assignments = new TreeMap<>(StateSync::assignmentOrder);
        target.forEach((name, value) -> {
            if (!Objects.equals(current.get(name), value)) {
                assignments.put(name, literal(name, value));
            }
        });
        current.keySet().stream().filter(name -> !target.containsKey(name)).forEach(name -> {
            String initial = defaults.initial(name);
            if (initial == null) {
                assignments.put(name, "DEFAULT");
            } else if (!initial.equals(current.get(name))) {
                assignments.put(name, literal(name, initial));
            }
        });
        for (String pair : CHARSET_PAIRS) {
            pairAssignments(pair, current, target, defaults, assignments);
        }
        ClientTracking.PROXY_OWNED.forEach(assignments::remove);
        if (assignments.isEmpty()) {
            return null;
        }
        StringJoiner sql = new StringJoiner(", ", "SET SESSION ", "");
        assignments.forEach((name, value) -> sql.add("`" + name + "` = " + value));
        return sql.toString();
    }

    /**
     * A character set and its collation: assigning the character set resets the collation to the set's default,
     * and assigning the collation sets the character set. The session's collation is its own when it set one, the
     * default of its character set when it set only that, and the handshake's when it set neither.
     */
    private static void pairAssignments(String suffix, Map<String, String> current, Map<String, String> target,
                                        ServerDefaults defaults, Map<String, String> assignments) {
        String charset = "character_set_" + suffix;
        String collation = "collation_" + suffix;
        boolean touched = assignments.containsKey(charset) || assignments.containsKey(collation);
        if (target.containsKey(collation)) {
            if (touched) {
                assignments.put(collation, literal(collation, target.get(collation)));
            }
        } else if (target.containsKey(charset)) {
            if (touched || current.containsKey(collation)) {
                assignments.put(charset, literal(charset, target.get(charset)));
                assignments.remove(collation);
            }
        } else if (touched && defaults.initial(collation) != null) {
            assignments.put(collation, literal(collation, defaults.initial(collation)));
        }
    }

    /** Character sets first, then collations, then the rest; by name within each. */
    private static int assignmentOrder(String a, String b) {
        int rank = Integer.compare(rank(a), rank(b));
        return rank != 0 ? rank : a.compareTo(b);
    }

    private static int rank(String name) {
        return name.startsWith("character_set_") ? 0 : name.startsWith("collation_") ? 1 : 2;
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
