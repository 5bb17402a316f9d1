package io.tandem.it.conformance;

/**
 * Client capability and server status bits the harness uses by name.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html">
 *     Capability flags</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/mysql__com_8h.html">SERVER_STATUS_* flags</a>
 */
final class Capability {

    static final int LONG_PASSWORD = 1;
    static final int FOUND_ROWS = 1 << 1;
    static final int LONG_FLAG = 1 << 2;
    static final int CONNECT_WITH_DB = 1 << 3;
    static final int COMPRESS = 1 << 5;
    static final int LOCAL_FILES = 1 << 7;
    static final int PROTOCOL_41 = 1 << 9;
    static final int SSL = 1 << 11;
    static final int TRANSACTIONS = 1 << 13;
    static final int SECURE_CONNECTION = 1 << 15;
    static final int MULTI_STATEMENTS = 1 << 16;
    static final int MULTI_RESULTS = 1 << 17;
    static final int PS_MULTI_RESULTS = 1 << 18;
    static final int PLUGIN_AUTH = 1 << 19;
    static final int CONNECT_ATTRS = 1 << 20;
    static final int PLUGIN_AUTH_LENENC_CLIENT_DATA = 1 << 21;
    static final int SESSION_TRACK = 1 << 23;
    static final int DEPRECATE_EOF = 1 << 24;

    /** What mysql2 sends by default, less the flags that change nothing on the wire. */
    static final int LEGACY_SET = LONG_PASSWORD | FOUND_ROWS | LONG_FLAG | CONNECT_WITH_DB | LOCAL_FILES | PROTOCOL_41
            | TRANSACTIONS | SECURE_CONNECTION | MULTI_RESULTS | PS_MULTI_RESULTS | PLUGIN_AUTH | CONNECT_ATTRS
            | PLUGIN_AUTH_LENENC_CLIENT_DATA;

    /** What Connector/J 8 and libmysqlclient 8 add: session tracking, and an OK instead of the EOF after rows. */
    static final int MODERN_SET = LEGACY_SET | SESSION_TRACK | DEPRECATE_EOF;

    static final int STATUS_MORE_RESULTS_EXISTS = 0x0008;
    static final int STATUS_CURSOR_EXISTS = 0x0040;
    static final int STATUS_LAST_ROW_SENT = 0x0080;
    static final int STATUS_SESSION_STATE_CHANGED = 0x4000;

    private static final String[] STATUS_NAMES = {"IN_TRANS", "AUTOCOMMIT", "STATUS_4", "MORE_RESULTS_EXISTS",
            "NO_GOOD_INDEX_USED", "NO_INDEX_USED", "CURSOR_EXISTS", "LAST_ROW_SENT", "DB_DROPPED",
            "NO_BACKSLASH_ESCAPES", "METADATA_CHANGED", "QUERY_WAS_SLOW", "PS_OUT_PARAMS", "IN_TRANS_READONLY",
            "SESSION_STATE_CHANGED", "STATUS_32768"};

    private Capability() {
    }

    /** Server status flags by name, e.g. {@code AUTOCOMMIT|SESSION_STATE_CHANGED}, for reports. */
    static String statusNames(int status) {
        StringBuilder names = new StringBuilder();
        for (int bit = 0; bit < STATUS_NAMES.length; bit++) {
            if ((status & 1 << bit) != 0) {
                names.append(names.isEmpty() ? "" : "|").append(STATUS_NAMES[bit]);
            }
        }
        return String.format("0x%04x(%s)", status, names);
    }
}
