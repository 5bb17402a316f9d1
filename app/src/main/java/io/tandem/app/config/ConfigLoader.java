package io.tandem.app.config;

import io.tandem.topology.instance.InstanceKey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads {@code tandem.yaml}, the configuration of {@code tandem proxy|orchestrator|console --config FILE} in real
 * deployments, and checks all of it before any role starts. Every problem is a {@link ConfigException} whose
 * message starts with the file and names the key, e.g.
 * {@code tandem.yaml: zookeeper.sessionTimeoutMs must be between 1000 and 600000, got 5}.
 */
public final class ConfigLoader {

    private static final List<String> TOP_LEVEL = List.of("cluster", "zookeeper", "seeds", "credentials", "proxy",
            "failover");
    private static final List<String> ZOOKEEPER = List.of("connect", "sessionTimeoutMs", "connectionTimeoutMs");
    private static final List<String> ACCOUNTS = List.of("orchestrator", "replication");
    // the name becomes a ZooKeeper path segment, so nothing that could split or escape it
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private final Function<String, String> environment;

    /** Resolves {@code passwordEnv} from the process environment. */
    public ConfigLoader() {
        this(System::getenv);
    }

    /** Resolves {@code passwordEnv} through {@code environment}, which returns null for an unset variable. */
    public ConfigLoader(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Reads, checks and resolves {@code file}.
     *
     * @throws ConfigException when the file is missing, not YAML, or any value is missing, unknown or invalid
     */
    public TandemConfig load(Path file) {
        ConfigFile config = ConfigFile.read(file);
        if (config.isEmpty()) {
            throw new ConfigException(file + ": the file is empty (expected keys: "
                    + String.join(", ", TOP_LEVEL) + ")");
        }
        ConfigReader root = config.root().mapping(TOP_LEVEL);
        ConfigReader accounts = root.get("credentials").mapping(ACCOUNTS);
        CredentialsReader credentials = new CredentialsReader(environment, config.directory());
        ConfigReader orchestrator = accounts.get("orchestrator");
        return new TandemConfig(
                cluster(root.get("cluster")),
                zookeeper(root.get("zookeeper")),
                seeds(root.get("seeds")),
                credentials.read(orchestrator).orElseThrow(() -> orchestrator.error(
                        "is required (the account discovery, monitoring and failover use: user, and one of "
                                + "password, passwordEnv, passwordFile)")),
                credentials.read(accounts.get("replication")),
                new ProxyConfigReader(credentials, config.directory()).read(root.get("proxy")),
                new FailoverConfigReader().read(root.get("failover")));
    }

    private static String cluster(ConfigReader node) {
        String name = node.requiredText("the cluster name, e.g. prod");
        if (!CLUSTER_NAME.matcher(name).matches()) {
            throw node.error("'" + name + "' may contain only letters, digits, '-' and '_'"
                    + " (it becomes a ZooKeeper path segment)");
        }
        return name;
    }

    private static ZooKeeperSettings zookeeper(ConfigReader node) {
        node.mapping(ZOOKEEPER);
        String connect = node.get("connect").requiredText("the ZooKeeper connect string, e.g. zk1:2181,zk2:2181");
        long session = node.get("sessionTimeoutMs")
                .wholeNumber(ZooKeeperSettings.DEFAULT_SESSION_TIMEOUT.toMillis(), 1_000, 600_000);
        long connection = node.get("connectionTimeoutMs")
                .wholeNumber(ZooKeeperSettings.DEFAULT_CONNECTION_TIMEOUT.toMillis(), 100, 600_000);
        return new ZooKeeperSettings(connect, Duration.ofMillis(session), Duration.ofMillis(connection));
    }

    private static List<InstanceKey> seeds(ConfigReader node) {
        if (!node.isPresent()) {
            throw node.error("is required (a list of HOST:PORT of servers in the cluster, e.g. [db1:3306])");
        }
        List<ConfigReader> items = node.elements("a list of HOST:PORT");
        if (items.isEmpty()) {
            throw node.error("needs at least one HOST:PORT");
        }
        List<InstanceKey> seeds = new ArrayList<>(items.size());
        for (ConfigReader item : items) {
            InstanceKey seed = item.instanceKey();
            if (seeds.contains(seed)) {
                throw item.error("'" + seed + "' is already listed");
            }
            seeds.add(seed);
        }
        return seeds;
    }
}
