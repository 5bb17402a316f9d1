package io.tandem.failover.recovery;

import io.tandem.failover.analysis.Analysis;
import io.tandem.failover.analysis.AnalysisCode;
import io.tandem.topology.instance.InstanceKey;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one mapping from a problem to what Tandem does about it on its own. The orchestrator dispatches with it, each
 * recovery re-checks with it after taking the cluster lock, and a dry-run explains with it; the switch over every
 * {@link AnalysisCode} is exhaustive, so a new code cannot be added without deciding its recovery here.
 */
public final class RecoveryPlanner {

    private RecoveryPlanner() {
    }

    /** The recovery Tandem runs by itself for {@code code}, or empty when it only reports it. */
    public static Optional<RecoveryKind> recoveryFor(AnalysisCode code) {
        return Optional.ofNullable(switch (code) {
            case DEAD_PRIMARY, DEAD_PRIMARY_AND_SOME_REPLICAS -> RecoveryKind.FAILOVER;
            case FENCED_MEMBER_WRITABLE, OLD_PRIMARY_RETURNED -> RecoveryKind.REJOIN;
            // nothing can be promoted: a DBA must bring a server back or relax the rules
            case DEAD_PRIMARY_NO_CANDIDATE, DEAD_PRIMARY_AND_REPLICAS, DEAD_PRIMARY_WITHOUT_REPLICAS -> null;
            // the primary may be alive: acting on a partial view is how split brains start
            case UNREACHABLE_PRIMARY_NO_QUORUM, UNREACHABLE_PRIMARY_REPLICAS_OK -> null;
            // someone set it on purpose, or fenced it: a DBA decides
            case PRIMARY_READ_ONLY, PRIMARY_SUPER_READ_ONLY -> null;
            // replica problems: routing already keeps reads away from them; repairing them needs a DBA's judgement
            case ERRANT_GTID, REPLICA_WRONG_SOURCE, REPLICA_WRITABLE, REPLICATION_IO_ERROR, REPLICATION_STOPPED,
                 LAGGING_REPLICA, UNREACHABLE_REPLICA -> null;
        });
    }

    /** Whether Tandem acts on {@code analysis} by itself; otherwise it is only reported. */
    public static boolean actionable(Analysis analysis) {
        return recoveryFor(analysis.code()).isPresent();
    }

    /**
     * The problem to act on now among {@code found}: a failover before a rejoin (a cluster without a primary first),
     * then the most urgent.
     */
    public static Optional<Analysis> next(List<Analysis> found) {
        return found.stream().filter(RecoveryPlanner::actionable)
                .min(Comparator.comparing((Analysis a) -> recoveryFor(a.code()).orElseThrow())
                        .thenComparing(Analysis::priority));
    }

    /**
     * The re-check after the lock: the problem among {@code found} that still calls for {@code kind} about
     * {@code subject}, if any. A recovery without one stops: already fixed, or never real.
     */
    public static Optional<Analysis> stillCalledFor(List<Analysis> found, RecoveryKind kind, InstanceKey subject) {
        return found.stream().filter(a -> a.subject().equals(subject)
                && recoveryFor(a.code()).map(kind::equals).orElse(false)).findFirst();
    }
}
