package io.tandem.proxy.frontend;

/**
 * Why a session keeps its backend connection between commands instead of giving it back to the pool: the state
 * that lives on that one connection and nowhere else.
 */
enum HoldReason {
    /** An open transaction. */
    TRANSACTION,
    /** State the proxy cannot replay (temporary tables, user locks, user variables, SQL PREPARE …), for good. */
    PINNED,
    /** A prepared statement's open cursor, fetched from later. */
    CURSOR,
    /** COM_STMT_SEND_LONG_DATA sent, its execution still to come. */
    LONG_DATA,
    /**
     * The last statement left warnings or an error: until the next command, which may ask for them (SHOW WARNINGS,
     * {@code @@warning_count}, GET DIAGNOSTICS …), and briefly at most.
     */
    DIAGNOSTICS;

    /** Whether losing the connection loses session state a client relies on (it then loses its connection too). */
    boolean carriesState() {
        return this == TRANSACTION || this == PINNED;
    }
}
