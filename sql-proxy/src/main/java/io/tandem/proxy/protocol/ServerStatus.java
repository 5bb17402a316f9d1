package io.tandem.proxy.protocol;

/**
 * Server status flags carried by OK and EOF packets: how the proxy knows a session is inside a transaction and
 * whether more result sets follow.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/mysql__com_8h.html">SERVER_STATUS_* in mysql_com.h</a>
 */
public final class ServerStatus {

    public static final int IN_TRANS = 1;
    public static final int AUTOCOMMIT = 1 << 1;
    public static final int MORE_RESULTS_EXISTS = 1 << 3;
    public static final int CURSOR_EXISTS = 1 << 6;
    public static final int LAST_ROW_SENT = 1 << 7;
    public static final int IN_TRANS_READONLY = 1 << 13;
    public static final int SESSION_STATE_CHANGED = 1 << 14;

    private ServerStatus() {
    }

    public static boolean has(int flags, int flag) {
        return (flags & flag) != 0;
    }
}
