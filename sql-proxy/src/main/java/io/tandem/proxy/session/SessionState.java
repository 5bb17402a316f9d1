package io.tandem.proxy.session;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The replayable part of a client session: its default schema and the session system variables it changed, as
 * the server reported them through session state tracking. Immutable: a change makes a new state, and a backend
 * connection remembers the state it was left in so the next user replays only the difference.
 *
 * @param schema the default database, or {@code null}
 * @param variables session system variables changed from their global defaults, by lower-case name
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/session-state-tracking.html">Server tracking of client
 *     session state</a>
 */
public record SessionState(String schema, Map<String, String> variables) {

    public static final SessionState INITIAL = new SessionState(null, Map.of());
    /**
     * Variables a server reports but no SET may assign (replaying them fails with error 1238), and MariaDB's
     * last_gtid, its report of the session's own GTID ({@link SessionChanges#lastWrite}).
     */
    private static final Set<String> NOT_REPLAYABLE = Set.of("in_transaction", "warning_count", "error_count",
            SessionChanges.MARIADB_LAST_GTID);

    public SessionState {
        variables = Map.copyOf(variables);
    }

    /** The state after the changes an OK packet reported: its schema and every replayable variable. */
    public SessionState after(SessionChanges changes) {
        // an empty schema is none: MariaDB reports one after a statement that read a view, in a session without one
        SessionState next = changes.schema() == null ? this
                : withSchema(changes.schema().isEmpty() ? null : changes.schema());
        Map<String, String> variables = null;
        for (Map.Entry<String, String> variable : changes.variables().entrySet()) {
            if (!NOT_REPLAYABLE.contains(variable.getKey())) {
                if (variables == null) {
                    variables = new TreeMap<>(next.variables);
                }
                variables.put(variable.getKey().toLowerCase(Locale.ROOT), variable.getValue());
            }
        }
        if (variables != null) {
            // a character set reported without its collation reset the collation to the set's default
            for (String suffix : List.of("connection", "database", "server")) {
                if (changes.variables().containsKey("character_set_" + suffix)
                        && !changes.variables().containsKey("collation_" + suffix)) {
                    variables.remove("collation_" + suffix);
                }
            }
        }
        return variables == null ? next : new SessionState(next.schema, variables);
    }

    public SessionState withSchema(String next) {
        return Objects.equals(next, schema) ? this : new SessionState(next, variables);
    }

    /** This state with {@code values} set, by lower-case name. */
    public SessionState withVariables(Map<String, String> values) {
        Map<String, String> next = new TreeMap<>(variables);
        values.forEach((name, value) -> next.put(name.toLowerCase(Locale.ROOT), value));
        return new SessionState(schema, next);
    }

    public SessionState withoutVariable(String name) {
        if (!variables.containsKey(name)) {
            return this;
        }
        Map<String, String> next = new TreeMap<>(variables);
        next.remove(name);
        return new SessionState(schema, next);
    }

    /** After a SET NAMES the server accepted: the collation it chose, which session tracking does not report. */
    public SessionState withNames(SetNames names) {
        SessionState next = withVariable(ConnectionCharsets.NAMES, names.text());
        return names.collation() == null ? next.withoutVariable("collation_connection")
                : next.withVariable("collation_connection", names.collation());
    }

    public SessionState withVariable(String name, String value) {
        Map<String, String> next = new TreeMap<>(variables);
        next.put(name.toLowerCase(Locale.ROOT), value);
        return new SessionState(schema, next);
    }
}
