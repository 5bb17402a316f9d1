package io.tandem.failover.orchestrator;

import io.tandem.failover.recovery.CuratorClusterLock;
import io.tandem.failover.recovery.InstanceAdmin;
import io.tandem.failover.recovery.JdbcInstanceAdmin;
import io.tandem.failover.recovery.JdbcSnapshotter;
import io.tandem.failover.recovery.RecoveryMetrics;
import io.tandem.failover.recovery.RecoveryOutcome;
import io.tandem.failover.recovery.Salvager;
import io.tandem.failover.recovery.Snapshotter;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.discovery.JdbcInstanceReader;
import io.tandem.topology.lag.LagStore;
import io.tandem.topology.lag.LagSubscription;
import io.tandem.topology.observer.ObserverKind;
import io.tandem.topology.observer.ObserverStore;
import io.tandem.topology.observer.ObserverSubscription;
import io.tandem.topology.store.TandemPaths;
import org.apache.curator.framework.CuratorFramework;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An {@link Orchestrator} over JDBC and ZooKeeper with everything it owns (probe pools and threads, the admin pools,
 * the lag subscription), started and closed as one: what {@code tandem orchestrator} and the sandbox run.
 */
public final class OrchestratorAssembly implements AutoCloseable {

    /** Probe timeouts: a dead primary must be noticed within one or two ticks. */
    public record Timeouts(Duration connect, Duration read, Duration adminRead) {

        public static final Timeouts DEFAULTS = new Timeouts(Duration.ofMillis(500), Duration.ofMillis(500),
                Duration.ofSeconds(5));
    }

    /**
     * What the assembly is built with besides its settings: salvage, where outcomes and metrics go, and wrappers of
     * the snapshotter and the admin. The wrappers are the seam fault-injection tests use to run this very assembly
     * (a probe that stalls, a promotion that fails); production leaves them the identity.
     */
    public record Parts(Optional<Salvager> salvager, Consumer<RecoveryOutcome> outcomes, RecoveryMetrics metrics,
                        UnaryOperator<Snapshotter> snapshots, UnaryOperator<InstanceAdmin> admins) {

        public static Parts of(Optional<Salvager> salvager, Consumer<RecoveryOutcome> outcomes,
                               RecoveryMetrics metrics) {
            return new Parts(salvager, outcomes, metrics, UnaryOperator.identity(), UnaryOperator.identity());
        }

        public Parts wrapping(UnaryOperator<Snapshotter> nextSnapshots, UnaryOperator<InstanceAdmin> nextAdmins) {
            return new Parts(salvager, outcomes, metrics, nextSnapshots, nextAdmins);
        }
    }

    private final InstanceConnections probeConnections;
    private final ExecutorService probeThreads;
    private final JdbcInstanceAdmin admin;
    private final LagSubscription lag;
    private final Orchestrator orchestrator;
    private final ObserverSubscription observerReports;

    private OrchestratorAssembly(CuratorFramework client, OrchestratorSettings settings, String user,
                                 String password, Timeouts timeouts, Parts parts) {
        TandemPaths paths = new TandemPaths(settings.cluster());
        this.probeConnections = new InstanceConnections(user, password, timeouts.connect(), timeouts.read());
        this.probeThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tandem-probe-" + settings.id());
            t.setDaemon(true);
            return t;
        });
        this.admin = new JdbcInstanceAdmin(user, password, timeouts.connect(), timeouts.adminRead(),
                settings.recovery().relayLogWait());
        this.lag = new LagStore(client, paths).subscribe();
        ObserverStore observers = new ObserverStore(client, paths);
        // the orchestrator exists only below; its reaction to a report is wired through this holder
        AtomicReference<Orchestrator> created = new AtomicReference<>();
        this.observerReports = observers.subscribe(report -> {
            Orchestrator o = created.get();
            if (o != null) {
                o.observed(report);
            }
        });
        JdbcSnapshotter snapshotter = new JdbcSnapshotter(settings.id(), new JdbcInstanceReader(probeConnections),
                observerReports::current, () -> lag.all().values(), probeThreads,
                timeouts.connect().plus(timeouts.read()).plusMillis(250), Clock.systemUTC());
        this.orchestrator = new Orchestrator(settings, client, parts.snapshots().apply(snapshotter),
                parts.admins().apply(admin), new CuratorClusterLock(client, paths),
                observers.register(settings.id(), ObserverKind.ORCHESTRATOR), parts.salvager(), parts.outcomes(),
                Clock.systemUTC(), parts.metrics());
        created.set(orchestrator);
    }

    /** An orchestrator without salvage: a recovery journals that transactions no replica received are lost. */
    public static OrchestratorAssembly start(CuratorFramework client, OrchestratorSettings settings, String user,
                                             String password, Timeouts timeouts,
                                             Consumer<RecoveryOutcome> outcomes) {
        return start(client, settings, user, password, timeouts, Optional.empty(), outcomes);
    }

    /** An orchestrator whose recoveries replay what {@code salvager} holds onto the promoted replica. */
    public static OrchestratorAssembly start(CuratorFramework client, OrchestratorSettings settings, String user,
                                             String password, Timeouts timeouts, Optional<Salvager> salvager,
                                             Consumer<RecoveryOutcome> outcomes) {
        return start(client, settings, user, password, timeouts,
                Parts.of(salvager, outcomes, RecoveryMetrics.NONE));
    }

    /** An orchestrator built with {@code parts}: what {@code tandem orchestrator} and the tests run. */
    public static OrchestratorAssembly start(CuratorFramework client, OrchestratorSettings settings, String user,
                                             String password, Timeouts timeouts, Parts parts) {
        OrchestratorAssembly assembly = new OrchestratorAssembly(client, settings, user, password, timeouts, parts);
        try {
            assembly.orchestrator.start();
            return assembly;
        } catch (RuntimeException e) {
            assembly.close();
            throw e;
        }
    }

    public Orchestrator orchestrator() {
        return orchestrator;
    }

    @Override
    public void close() {
        observerReports.close();
        orchestrator.close();
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
