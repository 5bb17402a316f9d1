package io.tandem.proxy.routing;

/**
 * Why a statement goes where it goes. The names are stable: they are metric labels
 * ({@code tandem.proxy.queries{route,reason}}) and {@code tandem explain-route} output.
 *
 * <p>Declaration order is precedence: when a statement (or a multi-statement) shows several reasons, the one
 * declared first is reported. The two hint reasons are applied last and take no part in that comparison.
 */
public enum Reason {
    HINT_PRIMARY(Route.PRIMARY, Kind.HINT, "a tandem:primary hint asks for the primary"),
    HINT_REPLICA(Route.REPLICA_ELIGIBLE, Kind.HINT, "a tandem:replica hint allows a replica"),
    MULTI_STATEMENT_WRITE(Route.PRIMARY, Kind.WRITE, "a multi-statement that contains a write"),
    UNSURE(Route.PRIMARY, Kind.STATE, "the classifier cannot tell what the statement does"),
    WRITE(Route.PRIMARY, Kind.WRITE, "INSERT, UPDATE, DELETE, REPLACE or LOAD changes data"),
    DDL(Route.PRIMARY, Kind.WRITE, "DDL changes the schema"),
    /** CREATE/DROP TEMPORARY TABLE: the table lives on the backend that created it. */
    TEMPORARY_TABLE(Route.PRIMARY, Kind.WRITE, "CREATE/DROP TEMPORARY TABLE keeps a table on one backend"),
    ACCOUNT_MANAGEMENT(Route.PRIMARY, Kind.WRITE, "account management (CREATE USER, GRANT, SET PASSWORD …) "
            + "changes the grant tables"),
    CALL(Route.PRIMARY, Kind.WRITE, "CALL runs a procedure that may write"),
    /** SET GLOBAL/PERSIST, FLUSH, KILL, replication control, table maintenance, plugins, LOCK INSTANCE … */
    SERVER_ADMIN(Route.PRIMARY, Kind.STATE, "server administration acts on one server"),
    LOCK_TABLES(Route.PRIMARY, Kind.STATE, "LOCK/UNLOCK TABLES holds table locks for the session"),
    TRANSACTION_CONTROL(Route.PRIMARY, Kind.STATE, "transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, XA …)"),
    /** SET of session variables, user variables, names, USE: the proxy replays it on every backend it uses. */
    SESSION_STATE(Route.PRIMARY, Kind.STATE, "SET or USE changes session state"),
    PREPARED_STATEMENT(Route.PRIMARY, Kind.STATE, "SQL PREPARE/EXECUTE/DEALLOCATE works on session state"),
    HANDLER(Route.PRIMARY, Kind.STATE, "HANDLER keeps a table cursor open in the session"),
    LOCKING_READ(Route.PRIMARY, Kind.STATE, "SELECT … FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE locks rows"),
    LOCKING_FUNCTION(Route.PRIMARY, Kind.STATE, "a user-level lock function (GET_LOCK …) must coordinate on "
            + "one server"),
    SELECT_INTO(Route.PRIMARY, Kind.STATE, "SELECT … INTO writes variables or a file"),
    USER_VARIABLE_ASSIGNMENT(Route.PRIMARY, Kind.STATE, "a query assigns a user variable with :="),
    LAST_INSERT_ID(Route.PRIMARY, Kind.SESSION_READ, "LAST_INSERT_ID() reads the session's last insert"),
    FOUND_ROWS(Route.PRIMARY, Kind.SESSION_READ, "FOUND_ROWS() / SQL_CALC_FOUND_ROWS pair with the session's "
            + "previous query"),
    ROW_COUNT(Route.PRIMARY, Kind.SESSION_READ, "ROW_COUNT() reads the session's previous statement"),
    /** SHOW WARNINGS/ERRORS/PROFILE(S), GET DIAGNOSTICS, @@warning_count: best run where the last statement ran. */
    DIAGNOSTICS(Route.PRIMARY, Kind.SESSION_READ, "diagnostics describe the session's previous statement"),
    DO_STATEMENT(Route.PRIMARY, Kind.STATE, "DO evaluates expressions for their side effects"),
    EMPTY(Route.PRIMARY, Kind.STATE, "the statement is empty"),
    READ(Route.REPLICA_ELIGIBLE, Kind.READ, "a query that only reads"),
    SHOW(Route.REPLICA_ELIGIBLE, Kind.READ, "SHOW reads metadata"),
    EXPLAIN(Route.REPLICA_ELIGIBLE, Kind.READ, "EXPLAIN/DESCRIBE does not run the statement"),
    HELP(Route.REPLICA_ELIGIBLE, Kind.READ, "HELP reads the help tables"),

    // What only the session knows; never produced by the classifier.
    HELD_TRANSACTION(Route.PRIMARY, Kind.SESSION, "an open transaction stays on the connection that began it"),
    HELD_PINNED(Route.PRIMARY, Kind.SESSION, "the session is pinned to one backend connection"),
    HELD_CURSOR(Route.PRIMARY, Kind.SESSION, "an open cursor or pending long data keeps the session's connection"),
    HELD_DIAGNOSTICS(Route.PRIMARY, Kind.SESSION, "diagnostics are read where the session's previous statement ran"),
    AUTOCOMMIT_OFF(Route.PRIMARY, Kind.SESSION, "autocommit is off: every statement belongs to a transaction"),
    NO_FRESH_REPLICA(Route.PRIMARY, Kind.SESSION, "no ONLINE replica within maxLagMs can take the read"),
    READ_YOUR_WRITES(Route.PRIMARY, Kind.SESSION, "no replica applied the session's last write in time"),
    OWN_DEFINITIONS(Route.PRIMARY, Kind.SESSION, "the session ran DDL: the data dictionary is read where it ran"),
    READ_ONLY_TRANSACTION(Route.REPLICA_ELIGIBLE, Kind.SESSION, "START TRANSACTION READ ONLY may run on a replica"),
    SPLIT_OFF(Route.PRIMARY, Kind.SESSION, "read/write splitting is off"),
    NOT_A_QUERY(Route.PRIMARY, Kind.SESSION, "commands other than queries and statement executions go to the "
            + "primary");

    /** What a reason says about the statement, which decides how it combines and whether a replica hint may win. */
    private enum Kind { HINT, WRITE, STATE, SESSION_READ, READ, SESSION }

    private final Route route;
    private final Kind kind;
    private final String description;

    Reason(Route route, Kind kind, String description) {
        this.route = route;
        this.kind = kind;
        this.description = description;
    }

    public Route route() {
        return route;
    }

    /** One line for humans, e.g. "SELECT … FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE locks rows". */
    public String description() {
        return description;
    }

    /** Changes data or schema: a multi-statement containing it is a {@link #MULTI_STATEMENT_WRITE}. */
    public boolean writes() {
        return kind == Kind.WRITE;
    }

    /**
     * Whether {@code /* tandem:replica *}{@code /} may send it to a replica: reads, and reads of session values
     * whose answer on a replica is merely meaningless. Never writes, locks, or state changes.
     */
    public boolean allowsReplicaHint() {
        return kind == Kind.READ || kind == Kind.SESSION_READ;
    }

    /** A read a replica may serve and that can be sent again elsewhere if its backend dies before answering. */
    public boolean retryableRead() {
        return kind == Kind.READ || this == HINT_REPLICA;
    }

    /** A reason only the session gives (transaction, autocommit, lag, …); the classifier never returns it. */
    public boolean fromSession() {
        return kind == Kind.SESSION;
    }

    /** Lower-case name for metric tags. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether this reason is reported in preference to {@code other}. */
    boolean outranks(Reason other) {
        return ordinal() < other.ordinal();
    }
}
