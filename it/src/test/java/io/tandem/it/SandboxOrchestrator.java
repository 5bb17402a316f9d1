package io.tandem.it;

import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.failover.orchestrator.OrchestratorSettings;
import io.tandem.failover.recovery.RecoveryOutcome;
import io.tandem.failover.recovery.RecoverySettings;
import io.tandem.failover.recovery.ReplicationAccount;
import io.tandem.failover.recovery.Salvager;
import io.tandem.failover.salvage.BinlogFileSalvager;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.discovery.InstanceConnections;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An {@link OrchestratorAssembly} on a {@link RoutingFixture}'s sandbox, as {@code tandem orchestrator} runs it but on
 * the sandbox accounts and with probe timeouts short enough for a test, and the salvagers such a test hands it.
 */
final class SandboxOrchestrator {

    private static final OrchestratorAssembly.Timeouts TIMEOUTS = new OrchestratorAssembly.Timeouts(
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(5));

    private SandboxOrchestrator() {
    }

    static OrchestratorAssembly start(RoutingFixture fixture, Optional<Salvager> salvager,
                                      Consumer<RecoveryOutcome> outcomes) {
        return start(fixture, "it-orchestrator", salvager, outcomes);
    }

    static OrchestratorAssembly start(RoutingFixture fixture, String id, Optional<Salvager> salvager,
                                      Consumer<RecoveryOutcome> outcomes) {
        RecoverySettings recovery = RecoverySettings.defaults(new ReplicationAccount(
                SandboxAccounts.REPLICATION_USER, SandboxAccounts.REPLICATION_PASSWORD));
        return OrchestratorAssembly.start(fixture.zooKeeper,
                OrchestratorSettings.defaults(fixture.sandbox.spec().cluster(), id, recovery),
                SandboxAccounts.ORCHESTRATOR_USER, SandboxAccounts.ORCHESTRATOR_PASSWORD, TIMEOUTS, salvager,
                outcomes);
    }

    /** Connections as the orchestrator account with room for a salvage's long reads and writes. */
    static InstanceConnections salvageConnections() {
        return new InstanceConnections(SandboxAccounts.ORCHESTRATOR_USER, SandboxAccounts.ORCHESTRATOR_PASSWORD,
                Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    /** Salvage from the dead primary's own binary log files, with nothing to fall back on. */
    static BinlogFileSalvager binlogFileSalvager() {
        return new BinlogFileSalvager(salvageConnections(), Optional.empty());
    }
}
