package io.tandem.it;

import io.tandem.failover.orchestrator.Orchestrator;
import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.failover.orchestrator.OrchestratorSettings;
import io.tandem.failover.recovery.InstanceAdmin;
import io.tandem.failover.recovery.RecoveryMetrics;
import io.tandem.failover.recovery.RecoveryOutcome;
import io.tandem.failover.recovery.RecoverySettings;
import io.tandem.failover.recovery.ReplicationAccount;
import io.tandem.failover.recovery.Snapshotter;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.store.ZooKeeperConnector;
import org.apache.curator.framework.CuratorFramework;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * One orchestrator "process" inside the test JVM: its own ZooKeeper session and the production
 * {@link OrchestratorAssembly}, built with the snapshotter and admin wrapped by the test (a probe that stalls, a
 * step that fails) through the assembly's {@link OrchestratorAssembly.Parts}.
 */
final class InProcessOrchestrator implements AutoCloseable {

    /** Probes that give up quickly, so that a dead primary is seen within a tick or two on a busy machine. */
    private static final OrchestratorAssembly.Timeouts TIMEOUTS = new OrchestratorAssembly.Timeouts(
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(5));

    final String id;
    final CuratorFramework zooKeeper;
    final Orchestrator orchestrator;
    final List<RecoveryOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final OrchestratorAssembly assembly;

    private InProcessOrchestrator(String zooKeeperAddress, Duration sessionTimeout, String cluster, String id,
                                  UnaryOperator<Snapshotter> snapshots, UnaryOperator<InstanceAdmin> admins) {
        this.id = id;
        this.zooKeeper = ZooKeeperConnector.connect(zooKeeperAddress, sessionTimeout, Duration.ofSeconds(5));
        RecoverySettings recovery = RecoverySettings.defaults(new ReplicationAccount(
                SandboxAccounts.REPLICATION_USER, SandboxAccounts.REPLICATION_PASSWORD));
        OrchestratorSettings settings = OrchestratorSettings.defaults(cluster, id, recovery);
        try {
            this.assembly = OrchestratorAssembly.start(zooKeeper, settings, SandboxAccounts.ORCHESTRATOR_USER,
                    SandboxAccounts.ORCHESTRATOR_PASSWORD, TIMEOUTS,
                    OrchestratorAssembly.Parts.of(Optional.empty(), outcomes::add, RecoveryMetrics.NONE)
                            .wrapping(snapshots, admins));
        } catch (RuntimeException e) {
            zooKeeper.close();
            throw e;
        }
        this.orchestrator = assembly.orchestrator();
    }

    static InProcessOrchestrator start(String zooKeeperAddress, Duration sessionTimeout, String cluster, String id,
                                       UnaryOperator<Snapshotter> snapshots, UnaryOperator<InstanceAdmin> admins) {
        return new InProcessOrchestrator(zooKeeperAddress, sessionTimeout, cluster, id, snapshots, admins);
    }

    boolean leads() {
        return orchestrator.leads();
    }

    /** Ends its ZooKeeper session at once, as a killed process's ends: its latch, lock and observer nodes vanish. */
    void endSession() {
        zooKeeper.close();
    }

    @Override
    public void close() {
        try {
            assembly.close();
        } catch (RuntimeException e) {
            // its ZooKeeper session may be gone already (killed, cut off): nothing of it is left to release
            System.out.println("InProcessOrchestrator " + id + ": closing after its session ended: " + e);
        }
        zooKeeper.close();
    }
}
