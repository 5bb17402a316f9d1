package io.tandem.failover.recovery;

import io.tandem.topology.store.ClusterMarks;
import io.tandem.topology.store.JournalEvent;

import java.time.Instant;
import java.util.Optional;

/**
 * What the cluster's marks say about past recoveries: when the last one resolved, the last one that ended, and the
 * latest one if it never ended. Each answer is one small ZooKeeper read, however long the journal: anti-flapping runs
 * inside a recovery, the takeover check when a leader starts, and neither may grow with the cluster's history.
 */
public final class RecoveryHistory {

    /** The RESOLVED transition of the last recovery that resolved ({@code last/recovery}, as DESIGN.md names it). */
    static final String RESOLVED = "recovery";
    /** The terminal transition (RESOLVED or ABORTED) of the last recovery that ended. */
    static final String FINISHED = "recovery-finished";
    /** The latest transition of the latest recovery, finished or not. */
    static final String LATEST = "recovery-step";
    /** The last acknowledgement of a recovery, which lifts anti-flapping for the next one. */
    static final String ACKNOWLEDGED = "recovery-acknowledged";

    private final ClusterMarks marks;

    public RecoveryHistory(ClusterMarks marks) {
        this.marks = marks;
    }

    /** When the most recent recovery reached RESOLVED, if one ever did. */
    public Optional<Instant> lastResolved() {
        return marks.get(RESOLVED).map(JournalEvent::at);
    }

    /**
     * The last resolved recovery when it blocks another now: within {@code window} of {@code now} and not
     * acknowledged since. The one anti-flapping rule, for the recovery and its dry-run alike.
     */
    public Optional<Instant> blockingResolution(java.time.Duration window, Instant now) {
        return lastResolved().filter(resolved -> resolved.plus(window).isAfter(now)
                && lastAcknowledged().map(ack -> !ack.isAfter(resolved)).orElse(true));
    }

    /** When an operator last acknowledged the recoveries, lifting anti-flapping, if one ever did. */
    public Optional<Instant> lastAcknowledged() {
        return marks.get(ACKNOWLEDGED).map(JournalEvent::at);
    }

    /** Records an operator's acknowledgement (journaled beside it). */
    static void acknowledged(ClusterMarks marks, JournalEvent event) {
        marks.put(ACKNOWLEDGED, event);
    }

    /** The terminal event (RESOLVED or ABORTED) of the most recent recovery that ended, if one ever did. */
    public Optional<JournalEvent> lastFinished() {
        return marks.get(FINISHED);
    }

    /**
     * The last transition of the most recent recovery when it has no terminal state: its leader died or lost its
     * session mid-run.
     */
    public Optional<JournalEvent> unfinished() {
        return marks.get(LATEST).filter(event -> RecoveryState.ofEventType(event.type())
                .map(state -> !state.terminal()).orElse(false));
    }

    /** Records a recovery's transition (in the background, on its time-critical path) in the marks it belongs to. */
    static void transitioned(ClusterMarks marks, RecoveryState state, JournalEvent event) {
        marks.putInBackground(LATEST, event);
        if (state.terminal()) {
            marks.putInBackground(FINISHED, event);
        }
        if (state == RecoveryState.RESOLVED) {
            marks.putInBackground(RESOLVED, event);
        }
    }

    /**
     * Records, waiting for ZooKeeper, a recovery's terminal event written by other means than a run (a new leader
     * closing a recovery no live leader owns as ABORTED).
     */
    public static void finished(ClusterMarks marks, JournalEvent terminal) {
        marks.put(LATEST, terminal);
        marks.put(FINISHED, terminal);
        if (RecoveryState.RESOLVED.eventType().equals(terminal.type())) {
            marks.put(RESOLVED, terminal);
        }
    }
}
