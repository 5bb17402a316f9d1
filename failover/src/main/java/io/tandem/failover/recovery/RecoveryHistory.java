package io.tandem.failover.recovery;

import io.tandem.topology.store.JournalEntry;
import io.tandem.topology.store.JournalEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the journal says about past recoveries: when the last one resolved, and whether the last one never ended. */
public final class RecoveryHistory {

    private final List<JournalEntry> entries;

    public RecoveryHistory(List<JournalEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** When the most recent recovery reached RESOLVED, if one ever did. */
    public Optional<Instant> lastResolved() {
        for (int i = entries.size() - 1; i >= 0; i--) {
            JournalEvent event = entries.get(i).event();
            if (event.type().equals(RecoveryState.RESOLVED.eventType())) {
                return Optional.of(event.at());
            }
        }
        return Optional.empty();
    }

    /** The terminal event (RESOLVED or ABORTED) of the most recent recovery that ended, if one ever did. */
    public Optional<JournalEvent> lastFinished() {
        for (int i = entries.size() - 1; i >= 0; i--) {
            JournalEvent event = entries.get(i).event();
            Optional<RecoveryState> state = RecoveryState.ofEventType(event.type());
            if (state.isPresent() && state.get().terminal() && event.details().containsKey(RecoveryJournal.RECOVERY)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    /**
     * The last transition of the most recent recovery when it has no terminal state: its leader died or lost its
     * session mid-run.
     */
    public Optional<JournalEvent> unfinished() {
        for (int i = entries.size() - 1; i >= 0; i--) {
            JournalEvent event = entries.get(i).event();
            Optional<RecoveryState> state = RecoveryState.ofEventType(event.type());
            if (state.isPresent() && event.details().containsKey(RecoveryJournal.RECOVERY)) {
                return state.get().terminal() ? Optional.empty() : Optional.of(event);
            }
        }
        return Optional.empty();
    }
}
