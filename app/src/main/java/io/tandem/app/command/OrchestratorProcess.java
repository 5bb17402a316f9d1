package io.tandem.app.command;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.app.metrics.MicrometerRecoveryMetrics;
import io.tandem.app.config.Credentials;
import io.tandem.app.config.FailoverConfig;
import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.failover.recovery.ReplicationAccount;
import io.tandem.failover.recovery.Salvager;
import io.tandem.failover.salvage.BinlogFileSalvager;
import io.tandem.failover.salvage.BinlogSalvager;
import io.tandem.monitor.BinlogMonitor;
import io.tandem.monitor.MonitorSettings;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.store.ViewSubscription;
import org.apache.curator.framework.CuratorFramework;

import java.time.Duration;
import java.util.Optional;

/**
 * What {@code tandem orchestrator} and the sandbox run as one: an orchestrator and, beside it, the binlog monitor
 * (following the published view's primary). A recovery salvages what the new primary lacks from the dead primary's
 * binary log files when this host can read them, else from the monitor's recent transactions; without the monitor
 * and out of reach of the files, it journals that nothing could be salvaged.
 */
final class OrchestratorProcess implements AutoCloseable {

    private static final Duration SALVAGE_CONNECT = Duration.ofSeconds(2);
    private static final Duration SALVAGE_READ = Duration.ofSeconds(30);

    private final ViewSubscription view;
    private final BinlogMonitor monitor;
    private final BinlogSalvager salvager;
    private BinlogFileSalvager files;
    private OrchestratorAssembly orchestrator;

    private OrchestratorProcess(ViewSubscription view, BinlogMonitor monitor, BinlogSalvager salvager) {
        this.view = view;
        this.monitor = monitor;
        this.salvager = salvager;
    }

    /** Starts the monitor (when {@code withMonitor}) and then the orchestrator; on failure stops what started. */
    static OrchestratorProcess start(CuratorFramework zooKeeper, String cluster, String id, Credentials account,
                                     Credentials replication, FailoverConfig failover, MeterRegistry registry,
                                     boolean withMonitor) {
        OrchestratorProcess process = withMonitor ? monitored(zooKeeper, cluster, account, registry)
                : new OrchestratorProcess(null, null, null);
        try {
            ReplicationAccount repl = new ReplicationAccount(replication.user(), replication.password().reveal());
            process.files = new BinlogFileSalvager(new InstanceConnections(account.user(),
                    account.password().reveal(), SALVAGE_CONNECT, SALVAGE_READ),
                    Optional.<Salvager>ofNullable(process.salvager));
            process.orchestrator = OrchestratorAssembly.start(zooKeeper, failover.settings(cluster, id, repl),
                    account.user(), account.password().reveal(), failover.probe(),
                    OrchestratorAssembly.Parts.of(Optional.<Salvager>of(process.files), outcome -> { },
                            new MicrometerRecoveryMetrics(registry)));
            return process;
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private static OrchestratorProcess monitored(CuratorFramework zooKeeper, String cluster, Credentials account,
                                                 MeterRegistry registry) {
        String user = account.user();
        String password = account.password().reveal();
        ViewSubscription view = new ClusterViewStore(zooKeeper, cluster).subscribe(v -> { });
        BinlogMonitor monitor;
        try {
            monitor = BinlogMonitor.start(MonitorSettings.defaults(cluster, user, password),
                    () -> view.current().map(VersionedView::view), zooKeeper, registry);
        } catch (RuntimeException e) {
            view.close();
            throw e;
        }
        BinlogSalvager salvager = new BinlogSalvager(monitor.recentTransactions(),
                new InstanceConnections(user, password, SALVAGE_CONNECT, SALVAGE_READ));
        return new OrchestratorProcess(view, monitor, salvager);
    }

    @Override
    public void close() {
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (files != null) {
            files.close();
        }
        if (salvager != null) {
            salvager.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (view != null) {
            view.close();
        }
    }
}
