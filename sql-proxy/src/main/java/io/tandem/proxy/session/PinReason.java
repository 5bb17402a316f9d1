package io.tandem.proxy.session;

/**
 * Why a session had to keep one backend connection for good: state the server cannot report in a replayable form.
 * Counted by reason in {@code tandem.proxy.pinned{reason}}.
 */
public enum PinReason {
    TEMPORARY_TABLE,
    USER_LOCK,
    LOCK_TABLES,
    USER_VARIABLE,
    SQL_PREPARE,
    /** The server reported a state change Tandem cannot name (e.g. SET TRANSACTION for the next transaction). */
    UNTRACKED_STATE,
    /** COM_SET_OPTION changed multi-statement handling on the connection. */
    SET_OPTION
}
