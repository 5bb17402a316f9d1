package io.tandem.failover.recovery;

import io.tandem.topology.instance.InstanceKey;

/**
 * How a recovery ended.
 *
 * @param state RESOLVED or ABORTED
 * @param lastStep the state the run was in when it ended (for an abort: where it stopped)
 * @param reason why it aborted; {@code null} when resolved
 * @param newPrimary the promoted replica; {@code null} unless resolved
 * @param epoch the epoch of the view it published; 0 unless resolved
 */
public record RecoveryOutcome(String recoveryId, RecoveryState state, RecoveryState lastStep, String reason,
                              InstanceKey newPrimary, long epoch, long elapsedMillis) {

    public boolean resolved() {
        return state == RecoveryState.RESOLVED;
    }
}
