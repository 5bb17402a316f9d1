package io.tandem.proxy.session;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client connecting straight to a server would start its session with, read once per backend connection
 * before the proxy changes anything on it: the character set variables its handshake collation chose, and the
 * server's global session-tracking settings (which the proxy overrides on its own connections, so a client must
 * be shown only what these would report).
 *
 * @param values variable values by lower-case name; a NULL value is the empty string
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/charset-connection.html">Connection character sets</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/session-state-tracking.html">Session state tracking</a>
 */
public record ServerDefaults(Map<String, String> values) {

    /** Session variables set from the handshake's collation, in the order a replay must assign them. */
    public static final List<String> HANDSHAKE_VARIABLES = List.of("character_set_client", "character_set_results",
            "character_set_connection", "collation_connection");
    /** MySQL 8.0 defaults, for a connection whose server was not asked (tests, a server refusing the query). */
    public static final ServerDefaults MYSQL_BUILT_IN = new ServerDefaults(Map.of("session_track_schema", "1",
            "session_track_state_change", "0", "session_track_gtids", "OFF", "session_track_system_variables",
            "time_zone,autocommit,character_set_client,character_set_results,character_set_connection"));

    private static final List<String> TRACKING = List.of("session_track_schema", "session_track_state_change",
            "session_track_system_variables");

    public ServerDefaults {
        values = Map.copyOf(values);
    }

    /** The names {@link #query} reads, in its column order. */
    public static List<String> names(boolean mysql) {
        List<String> names = new java.util.ArrayList<>(HANDSHAKE_VARIABLES);
        names.addAll(TRACKING);
        if (mysql) {
            // MariaDB has no session_track_gtids: its last_gtid is reported as a system variable
            names.add("session_track_gtids");
        }
        return names;
    }

    /** One SELECT of {@link #names}: session values of the handshake variables, global tracking settings. */
    public static String query(boolean mysql) {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> names = names(mysql);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            sql.append(i == 0 ? "" : ", ").append(name.startsWith("session_track") ? "@@global." : "@@session.")
                    .append(name);
        }
        return sql.toString();
    }

    /** The defaults from {@link #query}'s row. */
    public static ServerDefaults of(List<String> names, List<String> row) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < names.size() && i < row.size(); i++) {
            values.put(names.get(i), row.get(i) == null ? "" : row.get(i));
        }
        return new ServerDefaults(values);
    }

    /** The statement that turns on the proxy's own tracking, which tells it every replayable change of a session. */
    public static String proxyTracking(boolean mysql) {
        return "SET SESSION session_track_schema = ON, session_track_state_change = ON,"
                + " session_track_system_variables = '*'" + (mysql ? ", session_track_gtids = OWN_GTID" : "");
    }

    /** Whether these are a MySQL server's (MariaDB has no session_track_gtids). */
    public boolean mysql() {
        return values.containsKey("session_track_gtids");
    }

    /** The value {@code name} has on a fresh connection, or null when it is the server's global default. */
    public String initial(String name) {
        return HANDSHAKE_VARIABLES.contains(name) ? values.get(name) : null;
    }

    public String get(String name) {
        return values.get(name);
    }
}
