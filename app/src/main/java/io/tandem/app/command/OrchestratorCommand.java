package io.tandem.app.command;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.app.config.ConfigLoader;
import io.tandem.app.config.Credentials;
import io.tandem.app.config.TandemConfig;
import io.tandem.app.metrics.PrometheusEndpoint;
import io.tandem.topology.store.ZooKeeperConnector;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tandem orchestrator --config tandem.yaml}: one orchestrator of a real deployment, with the binlog monitor
 * beside it unless {@code --no-binlog-monitor}. Several may run against one ZooKeeper ensemble; one leads (and
 * recovers), every one observes.
 */
@Command(name = "orchestrator", mixinStandardHelpOptions = true,
        description = "Runs a Tandem orchestrator: probes the cluster every failover.tickMs (default 250 ms),"
                + " publishes what it sees as an observer, and while it leads (ZooKeeper leader latch) fails over a"
                + " dead primary.")
public final class OrchestratorCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "tandem.yaml with credentials.orchestrator and"
            + " credentials.replication, and optionally failover")
    private Path config;

    @Option(names = "--binlog-monitor", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also run the binlog monitor on the primary: heartbeat, lag of each replica in"
                    + " ZooKeeper lag/<instance>, and the recent transactions a failover salvages. Default: on;"
                    + " a leader salvages from its own monitor only, so keep it on wherever one may lead.")
    private boolean binlogMonitor;

    @Option(names = "--metrics-port", description = "Serve Prometheus metrics (tandem.lag.ms, …) on this port.")
    private Integer metricsPort;

    @Option(names = "--id", description = "This orchestrator's id (leader latch and observer node). Default:"
            + " orchestrator-<host>-<pid>")
    private String id;

    @Override
    public Integer call() throws InterruptedException {
        TandemConfig tandem = new ConfigLoader().load(config);
        Credentials replication = tandem.replication().orElseThrow(() -> new IllegalArgumentException(config
                + " has no credentials.replication: the orchestrator repoints replicas with it, e.g."
                + " credentials: {replication: {user: repl, passwordEnv: REPL_PASSWORD}}"));
        String self = id != null ? id : defaultId();
        CuratorFramework zooKeeper = ZooKeeperConnector.connect(tandem.zookeeper().connect(),
                tandem.zookeeper().sessionTimeout(), tandem.zookeeper().connectionTimeout());
        PrometheusEndpoint metrics = metricsPort == null ? null : PrometheusEndpoint.start("0.0.0.0", metricsPort);
        MeterRegistry registry = metrics == null ? new SimpleMeterRegistry() : metrics.registry();
        OrchestratorProcess orchestrator = OrchestratorProcess.start(zooKeeper, tandem.cluster(), self,
                tandem.orchestrator(), replication, tandem.failover(), registry, binlogMonitor);
        System.out.printf("tandem orchestrator %s: watching cluster '%s' through ZooKeeper %s%s%s%n", self,
                tandem.cluster(), tandem.zookeeper().connect(), binlogMonitor ? ", with the binlog monitor"
                        : ", without binlog monitor (no lag, no salvage)",
                metrics == null ? "" : ", metrics on :" + metrics.port() + "/metrics");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            orchestrator.close();
            Optional.ofNullable(metrics).ifPresent(PrometheusEndpoint::close);
            zooKeeper.close();
        }, "tandem-orchestrator-stop"));
        new CountDownLatch(1).await();
        return 0;
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return "orchestrator-" + host.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + ProcessHandle.current().pid();
    }
}
