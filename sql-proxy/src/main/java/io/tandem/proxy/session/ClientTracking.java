package io.tandem.proxy.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.proxy.protocol.MySQLPayload;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The session-state tracking a client would have on a direct connection: the server's global settings, then its
 * own {@code SET session_track_*}. The proxy tracks everything on its backend connections for itself, so each OK
 * packet's state block is cut down to what this client's trackers would have reported before it is relayed.
 *
 * @param allVariables {@code session_track_system_variables = '*'}
 * @param variables the tracked variables otherwise, lower case
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/session-state-tracking.html">Session state tracking</a>
 */
public record ClientTracking(boolean schema, boolean stateChange, boolean gtids, boolean allVariables,
                             Set<String> variables) {

    /** The variables a client's SET changes on the backend only for as long as the proxy lets it: never replayed. */
    public static final Set<String> PROXY_OWNED = Set.of("session_track_schema", "session_track_state_change",
            "session_track_system_variables", "session_track_gtids");

    private static final int SYSTEM_VARIABLES = 0;
    private static final int SCHEMA = 1;
    private static final int STATE_CHANGE = 2;
    private static final int GTIDS = 3;

    public ClientTracking {
        variables = Set.copyOf(variables);
    }

    /** The tracking of a session with {@code session} variables on servers with {@code defaults}. */
    public static ClientTracking of(ServerDefaults defaults, Map<String, String> session) {
        String list = value("session_track_system_variables", defaults, session);
        Set<String> names = list == null ? Set.of() : Arrays.stream(list.split(","))
                .map(name -> name.trim().toLowerCase(Locale.ROOT)).filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
        return new ClientTracking(on(value("session_track_schema", defaults, session)),
                on(value("session_track_state_change", defaults, session)),
                on(value("session_track_gtids", defaults, session)), names.contains("*"), names);
    }

    private static String value(String name, ServerDefaults defaults, Map<String, String> session) {
        String own = session.get(name);
        return own != null ? own : defaults.get(name);
    }

    private static boolean on(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        return !(v.isEmpty() || v.equals("0") || v.equals("OFF"));
    }

    /** Whether this client sees every entry the proxy's own tracking produces. */
    public boolean everything() {
        return schema && stateChange && gtids && allVariables;
    }

    /**
     * The entries of a session-state block this client tracks, in the server's order; an empty array when none
     * is left (the OK then goes without SERVER_SESSION_STATE_CHANGED).
     */
    public byte[] filter(byte[] block) {
        if (block.length == 0 || everything()) {
            return block;
        }
        MySQLPayload in = new MySQLPayload(Unpooled.wrappedBuffer(block));
        ByteBuf kept = Unpooled.buffer(block.length);
        MySQLPayload out = new MySQLPayload(kept);
        while (in.readableBytes() > 0) {
            int type = in.readInt1();
            byte[] data = in.readBytesLenenc();
            if (tracks(type, data)) {
                out.writeInt1(type).writeBytesLenenc(data);
            }
        }
        byte[] result = new byte[kept.readableBytes()];
        kept.readBytes(result);
        return result;
    }

    private boolean tracks(int type, byte[] data) {
        return switch (type) {
            case SYSTEM_VARIABLES -> allVariables || variables.contains(new MySQLPayload(Unpooled.wrappedBuffer(data))
                    .readStringLenenc().toLowerCase(Locale.ROOT));
            case SCHEMA -> schema;
            case STATE_CHANGE -> stateChange;
            case GTIDS -> gtids;
            // transaction characteristics and state: only a client that turned them on has them on its backend
            default -> true;
        };
    }

    @Override
    public String toString() {
        return "schema=" + schema + " state_change=" + stateChange + " gtids=" + gtids + " variables="
                + (allVariables ? "*" : String.join(",", variables));
    }
}
