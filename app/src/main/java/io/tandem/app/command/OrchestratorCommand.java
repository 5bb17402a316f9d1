package io.tandem.app.command;

import io.tandem.app.config.ConfigLoader;
import io.tandem.app.config.Credentials;
import io.tandem.app.config.TandemConfig;
import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.failover.orchestrator.OrchestratorSettings;
import io.tandem.failover.recovery.RecoverySettings;
import io.tandem.failover.recovery.ReplicationAccount;
import io.tandem.topology.store.ZooKeeperConnector;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tandem orchestrator --config tandem.yaml}: one orchestrator of a real deployment. Several may run against
 * one ZooKeeper ensemble; one leads (and recovers), every one observes.
 */
@Command(name = "orchestrator", mixinStandardHelpOptions = true,
        description = "Runs a Tandem orchestrator: probes the cluster every 250 ms, publishes what it sees as an"
                + " observer, and while it leads (ZooKeeper leader latch) fails over a dead primary.")
public final class OrchestratorCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "tandem.yaml with credentials.orchestrator and"
            + " credentials.replication")
    private Path config;

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
        OrchestratorAssembly orchestrator = start(zooKeeper, tandem.cluster(), self, tandem.orchestrator(),
                replication);
        System.out.printf("tandem orchestrator %s: watching cluster '%s' through ZooKeeper %s%n", self,
                tandem.cluster(), tandem.zookeeper().connect());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            orchestrator.close();
            zooKeeper.close();
        }, "tandem-orchestrator-stop"));
        new CountDownLatch(1).await();
        return 0;
    }

    /** An orchestrator with the default timings; recoveries log their outcome (the journal holds every step). */
    static OrchestratorAssembly start(CuratorFramework zooKeeper, String cluster, String id, Credentials account,
                                      Credentials replication) {
        RecoverySettings recovery = RecoverySettings.defaults(new ReplicationAccount(replication.user(),
                replication.password().reveal()));
        return OrchestratorAssembly.start(zooKeeper, OrchestratorSettings.defaults(cluster, id, recovery),
                account.user(), account.password().reveal(), OrchestratorAssembly.Timeouts.DEFAULTS, outcome -> { });
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
