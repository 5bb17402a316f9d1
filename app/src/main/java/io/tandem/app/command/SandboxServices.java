package io.tandem.app.command;

import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.discovery.JdbcInstanceReader;
import io.tandem.topology.discovery.TopologyDiscovery;
import io.tandem.topology.discovery.ViewPublisher;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.proxy.auth.TlsMaterial;
import io.tandem.sandbox.CacheDirectory;
import io.tandem.proxy.ProxySettings;
import io.tandem.app.config.Credentials;
import io.tandem.app.config.FailoverConfig;
import io.tandem.app.config.Secret;
import io.tandem.app.metrics.PrometheusEndpoint;
import io.tandem.proxy.metrics.MicrometerProxyMetrics;
import io.tandem.proxy.frontend.ProxyUser;
import io.tandem.proxy.frontend.UserRegistry;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.store.ZooKeeperConnector;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Tandem processes a sandbox runs beside its servers: discovery publishing the cluster view (epoch 1) and
 * refreshing member health every second (it leaves a view with a failover in progress to the recovery), one
 * orchestrator that fails over a dead primary with the binlog monitor beside it (lag in ZooKeeper and metrics, salvage
 * of what no replica received), and the proxy; the console joins here when it lands.
 */
final class SandboxServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxServices.class);
    private static final Duration REFRESH = Duration.ofSeconds(1);

    private final CuratorFramework zooKeeper;
    private final InstanceConnections connections;
    private final ScheduledExecutorService scheduler;
    private final long epoch;
    private ProxyAssembly proxy;
    private OrchestratorProcess orchestrator;
    private PrometheusEndpoint metrics;

    private SandboxServices(CuratorFramework zooKeeper, InstanceConnections connections,
                            ScheduledExecutorService scheduler, long epoch) {
        this.zooKeeper = zooKeeper;
        this.connections = connections;
        this.scheduler = scheduler;
        this.epoch = epoch;
    }

    /**
     * Starts the services (the orchestrator with its binlog monitor only when {@code withOrchestrator}); on failure
     * stops what was started and rethrows.
     */
    static SandboxServices start(Sandbox sandbox, int proxyPort, int metricsPort, boolean withOrchestrator) {
        SandboxServices services = publish(sandbox);
        try {
            services.metrics = PrometheusEndpoint.start("127.0.0.1", metricsPort);
            if (withOrchestrator) {
                services.orchestrator = OrchestratorProcess.start(services.zooKeeper, sandbox.spec().cluster(),
                        "sandbox-orchestrator", new Credentials(SandboxAccounts.ORCHESTRATOR_USER,
                                Secret.of(SandboxAccounts.ORCHESTRATOR_PASSWORD)),
                        new Credentials(SandboxAccounts.REPLICATION_USER,
                                Secret.of(SandboxAccounts.REPLICATION_PASSWORD)),
                        FailoverConfig.DEFAULTS, services.metrics.registry(), true);
            }
            services.startProxy(sandbox, proxyPort);
            return services;
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    /** The proxy on 127.0.0.1 only (the sandbox's accounts are public), following the view in ZooKeeper. */
    private void startProxy(Sandbox sandbox, int port) {
        // a self-signed certificate, made once per user, so clients can require TLS (sslMode=REQUIRED)
        TlsMaterial tls = TlsMaterial.selfSigned(CacheDirectory.userDefault().root().resolve("proxy-tls"),
                "tandem-sandbox-proxy");
        try {
            proxy = ProxyAssembly.start(zooKeeper, sandbox.spec().cluster(),
                    ProxySettings.defaults(port).withHost("127.0.0.1"),
                    new UserRegistry(List.of(ProxyUser.sameOnBackends(SandboxAccounts.CLIENT_USER,
                            SandboxAccounts.CLIENT_PASSWORD))), new MicrometerProxyMetrics(metrics.registry()), tls,
                    new Credentials(SandboxAccounts.ORCHESTRATOR_USER,
                            Secret.of(SandboxAccounts.ORCHESTRATOR_PASSWORD)));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage().replace("change the proxy port", "use --proxy-port"), e);
        }
    }

    private static SandboxServices publish(Sandbox sandbox) {
        String cluster = sandbox.spec().cluster();
        CuratorFramework zooKeeper = ZooKeeperConnector.connect(sandbox.zooKeeperConnectString(),
                Duration.ofSeconds(15), Duration.ofSeconds(5));
        InstanceConnections connections = new InstanceConnections(SandboxAccounts.ORCHESTRATOR_USER,
                SandboxAccounts.ORCHESTRATOR_PASSWORD, Duration.ofSeconds(2));
        ViewPublisher publisher = new ViewPublisher(cluster, sandbox.keys(),
                new TopologyDiscovery(new JdbcInstanceReader(connections)), new ClusterViewStore(zooKeeper, cluster),
                Clock.systemUTC(), Duration.ofSeconds(2));
        long epoch = publisher.publishInitial().view().epoch();
        new ClusterJournal(zooKeeper, cluster).append(new JournalEvent(Clock.systemUTC().instant(), "SANDBOX_STARTED",
                "sandbox", "sandbox started: " + sandbox.describeDistribution() + ", view published at epoch " + epoch,
                Map.of("primary", sandbox.primary().layout().key().toString(),
                        "replicas", Integer.toString(sandbox.replicas().size()))));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tandem-view-refresh");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> refresh(publisher), REFRESH.toMillis(), REFRESH.toMillis(),
                TimeUnit.MILLISECONDS);
        return new SandboxServices(zooKeeper, connections, scheduler, epoch);
    }

    private static void refresh(ViewPublisher publisher) {
        try {
            publisher.refresh();
        } catch (RuntimeException e) {
            // boundary: one failed refresh (ZooKeeper blip, server restarting) must not end the schedule
            LOG.warn("sandbox: view refresh failed: {}", e.getMessage());
        }
    }

    long epoch() {
        return epoch;
    }

    @Override
    public void close() {
        if (proxy != null) {
            proxy.shutdown(Duration.ofSeconds(5));
        }
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.close();
        zooKeeper.close();
    }
}
