package io.tandem.proxy.session;

import io.netty.buffer.Unpooled;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one OK packet's session-state-change block says changed: system variables with their new values, the
 * schema, the "something changed" flag, and the GTID of the statement (with {@code session_track_gtids=OWN_GTID}).
 *
 * @param stateChanged SESSION_TRACK_STATE_CHANGE said the session state changed; when no variable or schema
 *     change explains it, a user variable, temporary table, lock or SQL prepared statement was created
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html">OK_Packet,
 *     session state information</a>
 */
public record SessionChanges(Map<String, String> variables, String schema, boolean stateChanged, String gtids) {

    public static final SessionChanges NONE = new SessionChanges(Map.of(), null, false, null);
    /** MariaDB reports the session's last GTID as this variable when session_track_system_variables is '*'. */
    static final String MARIADB_LAST_GTID = "last_gtid";

    private static final int SYSTEM_VARIABLES = 0;
    private static final int SCHEMA = 1;
    private static final int STATE_CHANGE = 2;
    private static final int GTIDS = 3;

    public static SessionChanges parse(byte[] block) {
        if (block.length == 0) {
            return NONE;
        }
        MySQLPayload payload = new MySQLPayload(Unpooled.wrappedBuffer(block));
        Map<String, String> variables = new LinkedHashMap<>();
        String schema = null;
        boolean changed = false;
        String gtids = null;
        while (payload.readableBytes() > 0) {
            int type = payload.readInt1();
            MySQLPayload data = new MySQLPayload(Unpooled.wrappedBuffer(payload.readBytesLenenc()));
            switch (type) {
                case SYSTEM_VARIABLES -> variables.put(data.readStringLenenc().toLowerCase(java.util.Locale.ROOT),
                        data.readStringLenenc());
                case SCHEMA -> schema = data.readStringLenenc();
                // unlike the others, this entry's data is the flag itself, not a length-encoded string inside it
                case STATE_CHANGE -> changed = "1".equals(data.readStringEof(StandardCharsets.UTF_8));
                case GTIDS -> {
                    data.readInt1();
                    gtids = new String(data.readBytesLenenc(), StandardCharsets.UTF_8);
                }
                default -> {
                    // transaction characteristics and state: not replayed, read for completeness only
                }
            }
        }
        return new SessionChanges(variables, schema, changed, gtids);
    }

    /**
     * The GTID of the session's own last write, when this report carries one: MySQL's session_track_gtids entry,
     * else MariaDB's last_gtid variable.
     */
    public Optional<GtidSet> lastWrite() {
        if (gtids != null && !gtids.isEmpty()) {
            return Optional.of(GtidSet.parse(gtids));
        }
        String mariaDb = variables.get(MARIADB_LAST_GTID);
        return mariaDb == null || mariaDb.isEmpty() ? Optional.empty()
                : Optional.of(GtidSet.parse(Flavor.MARIADB, mariaDb));
    }

    /** A state change that no tracked variable or schema explains. */
    public boolean untracked() {
        return stateChanged && variables.isEmpty() && schema == null;
    }
}
