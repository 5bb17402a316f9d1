package io.tandem.proxy.protocol;

/**
 * The MySQL error codes the proxy itself answers with, each with its SQLSTATE as the server uses it, so that
 * clients and their retry logic see the errors they already know. Only server codes: the range 2000-2999 belongs
 * to client libraries, and libmariadb (the mariadb CLI, and drivers built on it) reports an ERR packet carrying
 * one as "2027 Received malformed packet" instead of its message.
 *
 * @see <a href="https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html">Server error reference</a>
 * @see <a href="https://dev.mysql.com/doc/mysql-errors/8.0/en/client-error-reference.html">Client error reference</a>
 */
public enum ServerError {
    TOO_MANY_CONNECTIONS(1040, "08004"),
    HANDSHAKE_ERROR(1043, "08S01"),
    ACCESS_DENIED(1045, "28000"),
    NO_DATABASE_SELECTED(1046, "3D000"),
    UNKNOWN_COMMAND(1047, "08S01"),
    SERVER_SHUTDOWN(1053, "08S01"),
    NOT_SUPPORTED_AUTH_MODE(1251, "08004"),
    NO_SUCH_THREAD(1094, "HY000"),
    NOT_OWNER_OF_THREAD(1095, "HY000"),
    NET_PACKET_TOO_LARGE(1153, "08S01"),
    NET_READ_ERROR(1158, "08S01"),
    NET_PACKETS_OUT_OF_ORDER(1156, "08S01"),
    UNKNOWN_STATEMENT_HANDLER(1243, "HY000"),
    NOT_SUPPORTED_YET(1235, "42000"),
    QUERY_INTERRUPTED(1317, "70100"),
    MALFORMED_PACKET(1835, "HY000"),
    LOCK_WAIT_TIMEOUT(1205, "HY000"),
    /** ER_OPTION_PREVENTS_STATEMENT: what a read-only server says; Tandem's answer when writes stay held. */
    OPTION_PREVENTS_STATEMENT(1290, "HY000"),
    /** ER_CLIENT_INTERACTION_TIMEOUT: what MySQL 8.0.24 and later send a client idle beyond wait_timeout. */
    CLIENT_INTERACTION_TIMEOUT(4031, "HY000"),
    /** ER_CONNECT_TO_FOREIGN_DATA_SOURCE, as a FEDERATED table reports it: the proxy could not reach a backend. */
    BACKEND_UNREACHABLE(1429, "HY000"),
    /**
     * ER_QUERY_INTERRUPTED, what a killed statement reports: a backend went away while serving the statement, which
     * may or may not have run. (CR_SERVER_LOST, 2013, would say it better, but it is a client code.)
     */
    BACKEND_LOST(1317, "70100");

    private final int code;
    private final String sqlState;

    ServerError(int code, String sqlState) {
        this.code = code;
        this.sqlState = sqlState;
    }

    public int code() {
        return code;
    }

    public String sqlState() {
        return sqlState;
    }
}
