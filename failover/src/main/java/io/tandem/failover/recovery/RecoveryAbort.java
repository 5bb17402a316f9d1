package io.tandem.failover.recovery;

/** An expected reason to stop a recovery: a guard failed or a step could not be done safely. */
final class RecoveryAbort extends RuntimeException {

    RecoveryAbort(String reason) {
        super(reason, null, false, false);
    }
}
