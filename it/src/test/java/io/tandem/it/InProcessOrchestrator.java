package io.tandem.it;

import io.tandem.failover.orchestrator.Orchestrator;
import io.tandem.failover.orchestrator.OrchestratorSettings;
import io.tandem.failover.recovery.CuratorClusterLock;
import io.tandem.failover.recovery.InstanceAdmin;
import io.tandem.failover.recovery.JdbcInstanceAdmin;
import io.tandem.failover.recovery.JdbcSnapshotter;
import io.tandem.failover.recovery.RecoveryOutcome;
import io.tandem.failover.recovery.RecoverySettings;
import io.tandem.failover.recovery.ReplicationAccount;
import io.tandem.failover.recovery.Snapshotter;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.discovery.JdbcInstanceReader;
import io.tandem.topology.lag.LagStore;
import io.tandem.topology.lag.LagSubscription;
import io.tandem.topology.observer.ObserverKind;
import io.tandem.topology.observer.ObserverStore;
import io.tandem.topology.store.TandemPaths;
import io.tandem.topology.store.ZooKeeperConnector;
import org.apache.curator.framework.CuratorFramework;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One orchestrator "process" inside the test JVM: its own ZooKeeper session, probe pool and admin connections, wired
 * as {@code OrchestratorAssembly} wires them, except that the test may wrap the {@link Snapshotter} and the
 * {@link InstanceAdmin} it is built with (through the orchestrator's public constructor, no hook in production code).
 */
final class InProcessOrchestrator implements AutoCloseable {

    final String id;
    final CuratorFramework zooKeeper;
    final Orchestrator orchestrator;
    final List<RecoveryOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final InstanceConnections probeConnections;
    private final ExecutorService probeThreads;
    private final JdbcInstanceAdmin admin;
    private final LagSubscription lag;

    private InProcessOrchestrator(String zooKeeperAddress, Duration sessionTimeout, String cluster, String id,
                                  UnaryOperator<Snapshotter> snapshots, UnaryOperator<InstanceAdmin> admins) {
        this.id = id;
        this.zooKeeper = ZooKeeperConnector.connect(zooKeeperAddress, sessionTimeout, Duration.ofSeconds(5));
        TandemPaths paths = new TandemPaths(cluster);
        RecoverySettings recovery = RecoverySettings.defaults(new ReplicationAccount(
                SandboxAccounts.REPLICATION_USER, SandboxAccounts.REPLICATION_PASSWORD));
        OrchestratorSettings settings = OrchestratorSettings.defaults(cluster, id, recovery);
        this.probeConnections = new InstanceConnections(SandboxAccounts.ORCHESTRATOR_USER,
                SandboxAccounts.ORCHESTRATOR_PASSWORD, Duration.ofMillis(250), Duration.ofMillis(500));
        this.probeThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "it-probe-" + id);
            t.setDaemon(true);
            return t;
        });
        this.admin = new JdbcInstanceAdmin(SandboxAccounts.ORCHESTRATOR_USER, SandboxAccounts.ORCHESTRATOR_PASSWORD,
                Duration.ofMillis(250), Duration.ofSeconds(5), recovery.relayLogWait());
        this.lag = new LagStore(zooKeeper, paths).subscribe();
        ObserverStore observers = new ObserverStore(zooKeeper, paths);
        Snapshotter snapshotter = new JdbcSnapshotter(id, new JdbcInstanceReader(probeConnections),
                observers::current, () -> lag.all().values(), probeThreads, Duration.ofMillis(1_000),
                Clock.systemUTC());
        this.orchestrator = new Orchestrator(settings, zooKeeper, snapshots.apply(snapshotter), admins.apply(admin),
                new CuratorClusterLock(zooKeeper, paths), observers.register(id, ObserverKind.ORCHESTRATOR),
                Optional.empty(), outcomes::add, Clock.systemUTC(), io.tandem.failover.recovery.RecoveryMetrics.NONE);
    }

    static InProcessOrchestrator start(String zooKeeperAddress, Duration sessionTimeout, String cluster, String id,
                                       UnaryOperator<Snapshotter> snapshots, UnaryOperator<InstanceAdmin> admins) {
        InProcessOrchestrator process = new InProcessOrchestrator(zooKeeperAddress, sessionTimeout, cluster, id,
                snapshots, admins);
        process.orchestrator.start();
        return process;
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
        closeQuietly();
        zooKeeper.close();
    }

    private void closeQuietly() {
        try {
            orchestrator.close();
        } catch (RuntimeException e) {
            // its ZooKeeper session may be gone already (killed, cut off): nothing of it is left to release
            System.out.println("InProcessOrchestrator " + id + ": closing after its session ended: " + e);
        }
        lag.close();
        probeThreads.shutdownNow();
        try {
            probeThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close();
        probeConnections.close();
    }
}
