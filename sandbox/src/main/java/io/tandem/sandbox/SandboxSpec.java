package io.tandem.sandbox;

import io.tandem.topology.flavor.Flavor;

import java.nio.file.Path;

/**
 * What sandbox to start. Defaults (DESIGN.md): MySQL, two replicas, servers on 23306, 23307, …, ZooKeeper on 22181,
 * in {@code .tandem-sandbox}.
 */
public record SandboxSpec(Flavor flavor, int replicas, Path dir, int basePort, int zooKeeperPort, String cluster) {

    public static final int DEFAULT_BASE_PORT = 23306;
    public static final int DEFAULT_ZOOKEEPER_PORT = 22181;
    public static final String DEFAULT_CLUSTER = "sandbox";
    public static final int MAX_REPLICAS = 9;

    public SandboxSpec {
        if (replicas < 0 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("--replicas must be between 0 and " + MAX_REPLICAS + ", got " + replicas);
        }
        if (basePort < 1024 || basePort + replicas > 65535) {
            throw new IllegalArgumentException("--base-port " + basePort + " leaves no room for " + (replicas + 1)
                    + " servers below 65536 (use 1024-" + (65535 - replicas) + ")");
        }
        if (zooKeeperPort < 1024 || zooKeeperPort > 65535) {
            throw new IllegalArgumentException("--zk-port must be between 1024 and 65535, got " + zooKeeperPort);
        }
        if (zooKeeperPort >= basePort && zooKeeperPort <= basePort + replicas) {
            throw new IllegalArgumentException("--zk-port " + zooKeeperPort + " collides with the server ports "
                    + basePort + "-" + (basePort + replicas));
        }
    }

    public static SandboxSpec defaults() {
        return new SandboxSpec(Flavor.MYSQL, 2, Path.of(".tandem-sandbox"), DEFAULT_BASE_PORT, DEFAULT_ZOOKEEPER_PORT,
                DEFAULT_CLUSTER);
    }

    public int servers() {
        return replicas + 1;
    }
}
