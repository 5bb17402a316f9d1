package io.tandem.proxy.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * The routing rules that do not depend on live state, in one place for the proxy's sessions and for {@code tandem
 * explain-route}: what a statement's classification means under the settings, and when a session's reads cannot go
 * to a replica at all. Which replica (lag, health, load) is the {@link ReplicaBalancer}'s to decide.
 */
public final class RoutingPolicy {

    private RoutingPolicy() {
    }

    /** The reason a statement is placed for: its classification's, or a read-only transaction a replica may take. */
    public static Reason statementReason(Classification classification, RoutingSettings settings) {
        if (classification.readOnlyTransaction() && settings.readOnlyTransactions()) {
            return Reason.READ_ONLY_TRANSACTION;
        }
        return classification.reason();
    }

    /** Why a session's reads cannot go to a replica now, or null when they can. */
    public static Reason replicaRefusal(RoutingSettings settings, boolean autocommit, boolean inTransaction) {
        if (!settings.readWriteSplit()) {
            return Reason.SPLIT_OFF;
        }
        if (!autocommit) {
            return Reason.AUTOCOMMIT_OFF;
        }
        return inTransaction ? Reason.HELD_TRANSACTION : null;
    }

    /**
     * The decision for {@code sql} in a session in the given state, with its reason and what could still change it
     * at run time, for {@code tandem explain-route} and docs.
     */
    public static Explanation explain(StatementClassifier classifier, CharSequence sql, SqlMode mode,
                                      RoutingSettings settings, boolean autocommit, boolean inTransaction) {
        Classification classification = classifier.classify(sql, mode);
        Reason reason = statementReason(classification, settings);
        List<String> notes = new ArrayList<>();
        if (inTransaction) {
            notes.add("the open transaction keeps its connection; " + classification.explain());
            return new Explanation(Route.PRIMARY, Reason.HELD_TRANSACTION, classification, notes);
        }
        if (reason.route() == Route.PRIMARY) {
            return new Explanation(Route.PRIMARY, reason, classification, notes);
        }
        Reason refusal = replicaRefusal(settings, autocommit, false);
        if (refusal != null) {
            notes.add("the statement itself could run on a replica: " + reason.description());
            return new Explanation(Route.PRIMARY, refusal, classification, notes);
        }
        notes.add("to the ONLINE replica with the fewest statements running among those within maxLagMs ("
                + settings.maxLag().toMillis() + " ms) that this proxy reaches; none qualifies -> primary ("
                + Reason.NO_FRESH_REPLICA.label() + ")");
        notes.add("with read-your-writes, only a replica that has the session's last write (or waits "
                + settings.readYourWritesWait().toMillis() + " ms for it); else primary ("
                + Reason.READ_YOUR_WRITES.label() + ")");
        return new Explanation(Route.REPLICA_ELIGIBLE, reason, classification, notes);
    }

    /**
     * @param route where it goes: the primary, or a replica when one qualifies
     * @param notes what may still change the decision at run time, one line each
     */
    public record Explanation(Route route, Reason reason, Classification classification, List<String> notes) {

        public Explanation {
            notes = List.copyOf(notes);
        }
    }
}
