package io.tandem.app.command;

import io.tandem.app.config.ConfigLoader;
import io.tandem.app.config.TandemConfig;
import io.tandem.sandbox.SandboxSpec;
import io.tandem.topology.store.CoordinationException;
import io.tandem.topology.store.ZooKeeperConnector;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Which cluster a read-only command ({@code status}, {@code check}) looks at: a config file, or a connect string and
 * a cluster name, each defaulting to the sandbox's.
 */
final class ClusterTarget {

    @Option(names = "--config", description = "tandem.yaml of a real deployment (ZooKeeper and cluster name)")
    Path config;

    @ArgGroup(exclusive = false)
    Direct direct;

    static final class Direct {
        @Option(names = "--zk", description = "ZooKeeper connect string. Default: the sandbox's 127.0.0.1:"
                + SandboxSpec.DEFAULT_ZOOKEEPER_PORT)
        String zooKeeper;

        @Option(names = "--cluster", description = "Cluster name. Default: " + SandboxSpec.DEFAULT_CLUSTER)
        String cluster;
    }

    /** Where the cluster's ZooKeeper is and how long to wait for it. */
    record Address(String connect, String cluster, Duration sessionTimeout, Duration connectTimeout,
                   boolean sandbox) {

        /** A session to ZooKeeper; failing, an error that says what to check. */
        CuratorFramework open() {
            try {
                return ZooKeeperConnector.connect(connect, sessionTimeout, connectTimeout);
            } catch (CoordinationException e) {
                throw new CoordinationException(e.getMessage() + (sandbox
                        ? ": is the sandbox running (./tandem sandbox)? For a real cluster pass --config or --zk"
                        : ": check the connect string and that ZooKeeper is up"), e);
            }
        }
    }

    /** The address {@code target} names; the sandbox's when it is null (no option given). */
    static Address resolve(ClusterTarget target) {
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
        return new Address(connect, cluster, sessionTimeout, connectTimeout, target == null);
    }
}
