package io.tandem.failover.recovery;

import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.JournalEvent;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * One recovery's entries in the cluster journal: every transition as {@code RECOVERY_<STATE>} and every notable
 * fact as {@code RECOVERY_NOTE}, each with the recovery id and the milliseconds since detection.
 */
final class RecoveryJournal {

    static final String RECOVERY = "recovery";
    static final String NOTE = "RECOVERY_NOTE";

    private final ClusterJournal journal;
    private final String actor;
    private final String recoveryId;
    private final Clock clock;
    private final long startNanos = System.nanoTime();

    RecoveryJournal(ClusterJournal journal, String actor, String recoveryId, Clock clock) {
        this.journal = journal;
        this.actor = actor;
        this.recoveryId = recoveryId;
        this.clock = clock;
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    void transition(RecoveryState state, String message, Map<String, String> details) {
        RecoveryHistory.transitioned(journal.marks(), state, append(state.eventType(), state, message, details));
    }

    void note(RecoveryState state, String message, Map<String, String> details) {
        append(NOTE, state, message, details);
    }

    private JournalEvent append(String type, RecoveryState state, String message, Map<String, String> details) {
        Map<String, String> all = new HashMap<>(details);
        all.put(RECOVERY, recoveryId);
        all.put("state", state.name());
        all.put("elapsedMs", Long.toString(elapsedMillis()));
        // in the background: a ZooKeeper write costs milliseconds to tens of milliseconds (its transaction log is
        // synced), a dozen entries sit on the failover's critical path, and the view writes that matter stay in order
        JournalEvent event = new JournalEvent(clock.instant(), type, actor, message, all);
        journal.appendInBackground(event);
        return event;
    }
}
