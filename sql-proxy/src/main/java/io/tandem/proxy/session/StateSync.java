package io.tandem.proxy.session;

import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.FrameSink;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.TextCommand;
import io.tandem.proxy.protocol.packet.ErrPacket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
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

    private static final List<String> CHARSET_PAIRS = List.of("database", "server");
    private static final Logger LOG = LoggerFactory.getLogger(StateSync.class);
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
        String set = setStatement(current.variables(), target.variables(), connection.defaults());
        if (set != null) {
            LOG.debug("{}: replaying session state: {}", connection, set);
            out.add(MySQLFrame.of(alloc, 0, TextCommand.query(set)));
        }
        return out;
    }

    /**
     * {@code SET SESSION a = 1, b = 'x', c = DEFAULT}, or null when nothing differs. The connection character sets
     * are replayed as the session made them ({@link ConnectionCharsets}); other character sets before their
     * collations, which assigning them resets. The session-tracking settings are the proxy's own and never replayed.
     */
    static String setStatement(Map<String, String> current, Map<String, String> target, ServerDefaults defaults) {
        Map<String, String> assignments = new TreeMap<>(StateSync::assignmentOrder);
        target.forEach((name, value) -> {
            if (!Objects.equals(current.get(name), value)) {
                assignments.put(name, literal(name, value));
            }
        });
        current.keySet().stream().filter(name -> !target.containsKey(name))
                .forEach(name -> assignments.put(name, "DEFAULT"));
        for (String pair : CHARSET_PAIRS) {
            pairAssignments(pair, current, target, assignments);
        }
        ClientTracking.PROXY_OWNED.forEach(assignments::remove);
        ConnectionCharsets.VARIABLES.forEach(assignments::remove);
        List<String> items = new ArrayList<>(ConnectionCharsets.assignments(current, target, defaults,
                StateSync::literal));
        assignments.forEach((name, value) -> items.add("`" + name + "` = " + value));
        if (items.isEmpty()) {
            return null;
        }
        // SET NAMES takes no scope; every other item is a session variable either way
        return (items.get(0).startsWith("NAMES ") ? "SET " : "SET SESSION ") + String.join(", ", items);
    }

    /**
     * A character set and its collation, other than the connection's: assigning the character set resets the
     * collation to the set's default, and assigning the collation sets the character set.
     */
    private static void pairAssignments(String suffix, Map<String, String> current, Map<String, String> target,
                                        Map<String, String> assignments) {
        String charset = "character_set_" + suffix;
        String collation = "collation_" + suffix;
        boolean touched = assignments.containsKey(charset) || assignments.containsKey(collation);
        if (target.containsKey(collation)) {
            if (touched) {
                assignments.put(collation, literal(collation, target.get(collation)));
            }
        } else if (target.containsKey(charset) && (touched || current.containsKey(collation))) {
            assignments.put(charset, literal(charset, target.get(charset)));
            assignments.remove(collation);
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
