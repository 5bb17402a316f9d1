package io.tandem.app.command;

import io.tandem.failover.recovery.RecoveryHistory;
import io.tandem.topology.store.ClusterMarks;
import io.tandem.topology.store.JournalEvent;

import java.time.Instant;
import java.util.Optional;

/**
 * The most recent recovery that ended, as {@code tandem status} shows it: read from the mark of its terminal
 * journal event.
 *
 * @param outcome {@code RESOLVED} or {@code ABORTED}
 * @param newPrimary the promoted server, {@code null} for an aborted run
 * @param reason why an aborted run stopped, {@code null} for a resolved one
 */
record LastRecovery(String id, String outcome, long elapsedMillis, String newPrimary, Instant at, String reason) {

    static Optional<LastRecovery> in(ClusterMarks marks) {
        return new RecoveryHistory(marks).lastFinished().map(LastRecovery::of);
    }

    private static LastRecovery of(JournalEvent event) {
        String outcome = event.type().substring("RECOVERY_".length());
        boolean resolved = "RESOLVED".equals(outcome);
        return new LastRecovery(event.details().get("recovery"), outcome,
                Long.parseLong(event.details().getOrDefault("elapsedMs", "0")),
                resolved ? event.details().get("primary") : null, event.at(), resolved ? null : event.message());
    }

    /** One line under the table. */
    String describe() {
        String tail = newPrimary != null ? ", new primary " + newPrimary : reason != null ? ": " + reason : "";
        return "last recovery " + id + " " + outcome + " at " + at + " after " + elapsedMillis + " ms" + tail;
    }
}
