package io.tandem.app.command;

import io.tandem.app.config.ConfigLoader;
import io.tandem.app.config.TandemConfig;
import io.tandem.sandbox.SandboxSpec;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.json.TandemJson;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.lag.LagStore;
import io.tandem.topology.store.ClusterMarks;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.CoordinationException;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.store.ZooKeeperConnector;
import io.tandem.topology.view.Member;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tandem status}: the cluster view as ZooKeeper holds it, for people (a table) or programs ({@code --json}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints the cluster view: epoch, primary, replicas, replication health, GTID sets, lag,"
                + " and the last recovery.")
public final class StatusCommand implements Callable<Integer> {

    /** Either a config file, or a connect string and cluster name (defaults: the sandbox's). */
    static final class Target {
        @Option(names = "--config", description = "tandem.yaml of a real deployment (ZooKeeper and cluster name)")
        Path config;

        @ArgGroup(exclusive = false)
        Direct direct;
    }

    static final class Direct {
        @Option(names = "--zk", description = "ZooKeeper connect string. Default: the sandbox's 127.0.0.1:"
                + SandboxSpec.DEFAULT_ZOOKEEPER_PORT)
        String zooKeeper;

        @Option(names = "--cluster", description = "Cluster name. Default: " + SandboxSpec.DEFAULT_CLUSTER)
        String cluster;
    }

    @ArgGroup(exclusive = true)
    private Target target;

    @Option(names = "--json", description = "Print JSON: the view exactly as stored, the replicas' lag samples"
            + " and the last recovery.")
    private boolean json;

    @Override
    public Integer call() {
        String connect = "127.0.0.1:" + SandboxSpec.DEFAULT_ZOOKEEPER_PORT;
        String cluster = SandboxSpec.DEFAULT_CLUSTER;
        Duration connectTimeout = Duration.ofSeconds(5);
        Duration sessionTimeout = Duration.ofSeconds(15);
        if (target != null && target.config != null) {
            TandemConfig config = new ConfigLoader().load(target.config);
            connect = config.zookeeper().connect();
            cluster = config.cluster();
            connectTimeout = config.zookeeper().connectionTimeout();
            sessionTimeout = config.zookeeper().sessionTimeout();
        } else if (target != null && target.direct != null) {
            connect = target.direct.zooKeeper != null ? target.direct.zooKeeper : connect;
            cluster = target.direct.cluster != null ? target.direct.cluster : cluster;
        }
        VersionedView view;
        Map<InstanceKey, LagSample> lag = new LinkedHashMap<>();
        Optional<LastRecovery> lastRecovery;
        try (CuratorFramework zooKeeper = connect(connect, sessionTimeout, connectTimeout)) {
            ClusterViewStore store = new ClusterViewStore(zooKeeper, cluster);
            String where = connect;
            String name = cluster;
            view = store.read().orElseThrow(() -> new IllegalStateException("no view of cluster '" + name
                    + "' in ZooKeeper at " + where + " (" + store.paths().view() + "): start ./tandem sandbox, or an"
                    + " orchestrator for a real cluster, first"));
            LagStore lagStore = new LagStore(zooKeeper, store.paths());
            for (Member replica : view.view().replicas()) {
                lagStore.read(replica.key()).ifPresent(sample -> lag.put(replica.key(), sample));
            }
            lastRecovery = LastRecovery.in(new ClusterMarks(zooKeeper, cluster));
        }
        PrintStream out = System.out;
        if (json) {
            out.println(TandemJson.encodePretty(new StatusDocument(view.view(), List.copyOf(lag.values()),
                    lastRecovery.orElse(null))));
        } else {
            new StatusReport(view, lag, lastRecovery, Clock.systemUTC().instant()).print(out);
        }
        return 0;
    }

    private CuratorFramework connect(String connect, Duration sessionTimeout, Duration connectTimeout) {
        try {
            return ZooKeeperConnector.connect(connect, sessionTimeout, connectTimeout);
        } catch (CoordinationException e) {
            boolean sandbox = target == null;
            throw new CoordinationException(e.getMessage() + (sandbox
                    ? ": is the sandbox running (./tandem sandbox)? For a real cluster pass --config or --zk"
                    : ": check the connect string and that ZooKeeper is up"), e);
        }
    }
}
