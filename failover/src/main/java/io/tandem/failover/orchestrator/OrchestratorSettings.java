package io.tandem.failover.orchestrator;

import io.tandem.failover.analysis.AnalysisSettings;
import io.tandem.failover.analysis.PromotionRules;
import io.tandem.failover.recovery.RecoverySettings;

import java.time.Duration;

/**
 * How one orchestrator runs.
 *
 * @param id this process's id: its leader-latch participant id and its observer id
 * @param tick how often it snapshots and analyzes the cluster (default 250 ms)
 * @param retryBackoff after an aborted recovery, how long before another may start
 * @param journalRetention how many journal entries the cluster keeps (the orchestrators prune beyond it; 0 keeps all)
 */
public record OrchestratorSettings(String cluster, String id, Duration tick, Duration retryBackoff,
                                   AnalysisSettings analysis, PromotionRules rules, RecoverySettings recovery,
                                   int journalRetention) {

    public static final Duration DEFAULT_TICK = Duration.ofMillis(250);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(5);
    /** Enough for months of a healthy cluster's events, small enough to list in well under a second. */
    public static final int DEFAULT_JOURNAL_RETENTION = 10_000;

    public static OrchestratorSettings defaults(String cluster, String id, RecoverySettings recovery) {
        return new OrchestratorSettings(cluster, id, DEFAULT_TICK, DEFAULT_RETRY_BACKOFF, AnalysisSettings.DEFAULTS,
                PromotionRules.NONE, recovery, DEFAULT_JOURNAL_RETENTION);
    }
}
