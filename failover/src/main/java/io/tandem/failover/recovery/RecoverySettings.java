package io.tandem.failover.recovery;

import java.time.Duration;
import java.util.List;

/**
 * The bounds a recovery runs within.
 *
 * @param lockTimeout how long to wait for the per-cluster lock before aborting
 * @param antiFlapping no automatic recovery starts within this time of the last RESOLVED one
 * @param relayLogWait how long the candidate may take to apply its relay log before the recovery aborts
 * @param replication the account repointed replicas connect with
 * @param stonithCommand the optional STONITH hook (program and arguments); empty to skip it
 * @param stonithTimeout how long the STONITH hook may run
 * @param hooks the commands run before and after failovers and switchovers
 */
public record RecoverySettings(Duration lockTimeout, Duration antiFlapping, Duration relayLogWait,
                               ReplicationAccount replication, List<String> stonithCommand, Duration stonithTimeout,
                               Hooks hooks) {

    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_ANTI_FLAPPING = Duration.ofMinutes(10);
    public static final Duration DEFAULT_RELAY_LOG_WAIT = Duration.ofSeconds(5);

    public RecoverySettings {
        if (replication == null) {
            throw new IllegalArgumentException("a recovery needs the replication account to repoint replicas with");
        }
        stonithCommand = List.copyOf(stonithCommand);
        if (hooks == null) {
            hooks = Hooks.NONE;
        }
    }

    /** Without hooks besides STONITH. */
    public RecoverySettings(Duration lockTimeout, Duration antiFlapping, Duration relayLogWait,
                            ReplicationAccount replication, List<String> stonithCommand, Duration stonithTimeout) {
        this(lockTimeout, antiFlapping, relayLogWait, replication, stonithCommand, stonithTimeout, Hooks.NONE);
    }

    public static RecoverySettings defaults(ReplicationAccount replication) {
        return new RecoverySettings(DEFAULT_LOCK_TIMEOUT, DEFAULT_ANTI_FLAPPING, DEFAULT_RELAY_LOG_WAIT, replication,
                List.of(), Duration.ofSeconds(10));
    }

    public RecoverySettings withAntiFlapping(Duration window) {
        return new RecoverySettings(lockTimeout, window, relayLogWait, replication, stonithCommand, stonithTimeout,
                hooks);
    }

    public RecoverySettings withRelayLogWait(Duration wait) {
        return new RecoverySettings(lockTimeout, antiFlapping, wait, replication, stonithCommand, stonithTimeout,
                hooks);
    }

    public RecoverySettings withStonith(List<String> command) {
        return new RecoverySettings(lockTimeout, antiFlapping, relayLogWait, replication, command, stonithTimeout,
                hooks);
    }

    public RecoverySettings withHooks(Hooks next) {
        return new RecoverySettings(lockTimeout, antiFlapping, relayLogWait, replication, stonithCommand,
                stonithTimeout, next);
    }
}
