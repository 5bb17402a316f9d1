package io.tandem.failover.recovery;

import java.util.Optional;

/**
 * The states of one recovery, in the order a successful one passes them (DESIGN.md, "failover", with SALVAGING after
 * PROMOTING: replaying needs the candidate writable and done with its relay log). {@link #ABORTED}
 * may follow any state; {@link #RESOLVED} and {@link #ABORTED} end a run. Each transition is one journal event of
 * type {@code RECOVERY_<STATE>}.
 */
public enum RecoveryState {
    DETECTED,
    LOCKED,
    VERIFIED,
    FENCING,
    PROMOTING,
    SALVAGING,
    REPOINTING,
    PUBLISHED,
    RESOLVED,
    ABORTED;

    private static final String PREFIX = "RECOVERY_";

    public boolean terminal() {
        return this == RESOLVED || this == ABORTED;
    }

    /** The journal event type of entering this state, e.g. {@code RECOVERY_FENCING}. */
    public String eventType() {
        return PREFIX + name();
    }

    /** The state a journal event type records, if it is a recovery transition. */
    public static Optional<RecoveryState> ofEventType(String type) {
        if (type == null || !type.startsWith(PREFIX)) {
            return Optional.empty();
        }
        for (RecoveryState state : values()) {
            if (state.eventType().equals(type)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
