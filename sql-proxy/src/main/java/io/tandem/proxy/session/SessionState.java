package io.tandem.proxy.session;

import java.util.Map;
import java.util.Objects;
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

    public SessionState {
        variables = Map.copyOf(variables);
    }

    public SessionState withSchema(String next) {
        return Objects.equals(next, schema) ? this : new SessionState(next, variables);
    }

    public SessionState withVariable(String name, String value) {
        Map<String, String> next = new TreeMap<>(variables);
        next.put(name.toLowerCase(java.util.Locale.ROOT), value);
        return new SessionState(schema, next);
    }
}
