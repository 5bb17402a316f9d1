package io.tandem.proxy.replay;

import io.tandem.proxy.session.ServerDefaults;
import io.tandem.proxy.session.ClientTracking;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.FrameSink;
import io.tandem.proxy.backend.SingleRow;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.protocol.packet.TextCommand;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * After a client's statement assigned a {@code session_track_*} variable on a backend connection: reads the values
 * the client now has (the server evaluated whatever expression it used; turning tracking off is not itself
 * reported), then turns the proxy's own tracking back on, so that the connection keeps telling the proxy every
 * change while the client is shown only what it asked for ({@link ClientTracking}).
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/session-state-tracking.html">Session state tracking</a>
 */
public final class TrackingRestore implements FrameSink {

    private static final List<String> VARIABLES = List.of("session_track_schema", "session_track_state_change",
            "session_track_system_variables", "session_track_gtids");

    private final List<String> names;
    private final SingleRow row;
    private final Consumer<Map<String, String>> done;
    private boolean readDone;
    private Map<String, String> values = Map.of();

    private TrackingRestore(List<String> names, int capabilities, Consumer<Map<String, String>> done) {
        this.names = names;
        this.row = new SingleRow(capabilities);
        this.done = done;
    }

    /** The session_track_* variables {@code sql} names: those it may have assigned. */
    public static List<String> assigned(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        if (!lower.contains("session_track_")) {
            return List.of();
        }
        return VARIABLES.stream().filter(lower::contains).toList();
    }

    /**
     * Runs on {@code connection} (which must be between commands), then calls {@code done} with the client's values
     * of the {@code assigned} variables by name (empty when the server would not tell), or null when the proxy's
     * tracking could not be turned back on.
     */
    public static void run(BackendConnection connection, List<String> assigned, Consumer<Map<String, String>> done) {
        boolean mysql = connection.defaults().mysql();
        List<String> names = assigned.stream().filter(name -> mysql || !name.equals("session_track_gtids")).toList();
        StringBuilder select = new StringBuilder("SELECT 1");
        names.forEach(name -> select.append(", @@session.").append(name));
        connection.sink(new TrackingRestore(names, connection.capabilities(), done));
        var alloc = connection.channel().alloc();
        connection.send(MySQLFrame.of(alloc, 0, TextCommand.query(select.toString())));
        connection.send(MySQLFrame.of(alloc, 0, TextCommand.query(ServerDefaults.proxyTracking(mysql))));
    }

    @Override
    public void onFrame(MySQLFrame frame) {
        try {
            if (!readDone) {
                readDone = row.next(frame);
                if (readDone && row.failed() == null) {
                    Map<String, String> read = new HashMap<>();
                    // the first column is the constant that keeps the SELECT valid when no name is left
                    for (int i = 0; i < names.size() && i + 1 < row.values().size(); i++) {
                        read.put(names.get(i), row.values().get(i + 1) == null ? "" : row.values().get(i + 1));
                    }
                    values = read;
                }
                return;
            }
            if (frame.firstByte() == ErrPacket.HEADER) {
                // the connection no longer tracks for the proxy: its state reports cannot be trusted
                values = null;
            }
        } finally {
            frame.release();
        }
        done.accept(values);
    }

    @Override
    public void onClosed(Throwable cause) {
        done.accept(null);
    }
}
