package io.tandem.proxy.routing;

import java.util.Objects;

/**
 * What the text of one COM_QUERY (possibly a multi-statement) says about where it may run, why, and what it does
 * to the session. The proxy combines it with what only the session knows: transaction and autocommit state from
 * the server's status flags, temporary tables, the replica-hint policy, lag.
 *
 * @param route               where the text alone allows the statement to run; always {@code reason.route()}
 * @param reason              the strongest reason found, or the hint that overrode it
 * @param hint                the hint written in the statement, even when it could not apply
 * @param startsTransaction   BEGIN, START TRANSACTION, XA START, or COMMIT/ROLLBACK AND CHAIN
 * @param endsTransaction     COMMIT, ROLLBACK (not ROLLBACK TO SAVEPOINT), XA COMMIT/ROLLBACK
 * @param readOnlyTransaction START TRANSACTION READ ONLY, which a configured proxy may send to a replica
 * @param setsAutocommit      the session autocommit value a SET assigns, {@code null} when none is assigned;
 *                            a value that is not a literal reads as {@code false}, the safe assumption
 * @param temporaryTables     CREATE or DROP TEMPORARY TABLE: the proxy should refresh its list of temp tables
 * @param statementCount      statements in the text; more than one is a multi-statement
 */
public record Classification(
        Route route,
        Reason reason,
        RouteHint hint,
        boolean startsTransaction,
        boolean endsTransaction,
        boolean readOnlyTransaction,
        Boolean setsAutocommit,
        boolean temporaryTables,
        int statementCount) {

    public Classification {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(hint, "hint");
        if (route != reason.route()) {
            throw new IllegalArgumentException(reason + " routes to " + reason.route() + ", not " + route);
        }
    }

    public boolean replicaEligible() {
        return route == Route.REPLICA_ELIGIBLE;
    }

    /** One line for {@code tandem explain-route} and debug logs, e.g. "primary: SELECT … FOR UPDATE … locks rows". */
    public String explain() {
        StringBuilder line = new StringBuilder(96).append(route.label()).append(": ").append(reason.description());
        if (hint == RouteHint.REPLICA && reason != Reason.HINT_REPLICA && reason != Reason.HINT_PRIMARY) {
            line.append(" (tandem:replica hint ignored: it never moves writes, locks or session changes)");
        }
        if (statementCount > 1) {
            line.append(" [").append(statementCount).append(" statements]");
        }
        return line.toString();
    }
}
