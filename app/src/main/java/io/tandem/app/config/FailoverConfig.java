package io.tandem.app.config;

import io.tandem.failover.analysis.AnalysisSettings;
import io.tandem.failover.analysis.PromotionRules;
import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.failover.orchestrator.OrchestratorSettings;
import io.tandem.failover.recovery.Hooks;
import io.tandem.failover.recovery.RecoverySettings;
import io.tandem.failover.recovery.ReplicationAccount;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code failover:} section of {@code tandem.yaml}: how {@code tandem orchestrator} probes, judges and
 * recovers. The replication account is not here: it comes from {@code credentials.replication}.
 *
 * @param tick           how often the orchestrator probes and analyzes the cluster
 * @param probe          connect and read timeouts of its probes and of its admin statements
 * @param detection      the bounds a snapshot is judged by
 * @param lockTimeout    how long a recovery waits for the cluster lock
 * @param antiFlapping   no automatic recovery within this time of the last resolved one
 * @param relayLogWait   how long the candidate may take to apply its relay log
 * @param retryBackoff   after an aborted recovery, how long before another may start
 * @param stonithCommand the STONITH hook, program and arguments; empty for none
 * @param stonithTimeout how long the STONITH hook may run
 * @param promotion      servers to prefer, and servers never to promote
 * @param journalRetention how many journal entries the cluster keeps (0: all)
 * @param hooks          commands run before and after failovers and switchovers
 */
public record FailoverConfig(Duration tick, OrchestratorAssembly.Timeouts probe, AnalysisSettings detection,
                             Duration lockTimeout, Duration antiFlapping, Duration relayLogWait,
                             Duration retryBackoff, List<String> stonithCommand, Duration stonithTimeout,
                             PromotionRules promotion, int journalRetention, Hooks hooks) {

    /** What the orchestrator ran with before this section existed, and runs with when it is absent. */
    public static final FailoverConfig DEFAULTS = new FailoverConfig(OrchestratorSettings.DEFAULT_TICK,
            OrchestratorAssembly.Timeouts.DEFAULTS, AnalysisSettings.DEFAULTS, RecoverySettings.DEFAULT_LOCK_TIMEOUT,
            RecoverySettings.DEFAULT_ANTI_FLAPPING, RecoverySettings.DEFAULT_RELAY_LOG_WAIT,
            OrchestratorSettings.DEFAULT_RETRY_BACKOFF, List.of(),
            // RecoverySettings.defaults' STONITH timeout, which has no constant of its own
            Duration.ofSeconds(10), PromotionRules.NONE, OrchestratorSettings.DEFAULT_JOURNAL_RETENTION, Hooks.NONE);

    public FailoverConfig {
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(antiFlapping, "antiFlapping");
        Objects.requireNonNull(relayLogWait, "relayLogWait");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        stonithCommand = List.copyOf(stonithCommand);
        Objects.requireNonNull(stonithTimeout, "stonithTimeout");
        Objects.requireNonNull(promotion, "promotion");
    }

    /** The settings of orchestrator {@code id} of {@code cluster}, repointing replicas with {@code replication}. */
    public OrchestratorSettings settings(String cluster, String id, ReplicationAccount replication) {
        RecoverySettings recovery = new RecoverySettings(lockTimeout, antiFlapping, relayLogWait, replication,
                stonithCommand, stonithTimeout, hooks);
        return new OrchestratorSettings(cluster, id, tick, retryBackoff, detection, promotion, recovery,
                journalRetention);
    }
}
