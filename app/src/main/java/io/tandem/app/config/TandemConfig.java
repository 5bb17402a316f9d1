package io.tandem.app.config;

import io.tandem.topology.instance.InstanceKey;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a Tandem role needs to join a real deployment, as read from {@code tandem.yaml} by
 * {@link ConfigLoader}. Passwords are already resolved and held as {@link Secret}s, so printing this record
 * never shows them.
 *
 * @param cluster      the cluster name; a single ZooKeeper path segment
 * @param zookeeper    how to reach the ensemble
 * @param seeds        servers discovery starts from; at least one
 * @param orchestrator the account discovery, monitoring and failover use
 * @param replication  the account replicas use to connect to a (new) primary, when configured
 * @param proxy        the proxy's settings, when this deployment runs one
 * @param failover     how the orchestrator probes, detects and recovers; {@link FailoverConfig#DEFAULTS} when absent
 */
public record TandemConfig(String cluster, ZooKeeperSettings zookeeper, List<InstanceKey> seeds,
                           Credentials orchestrator, Optional<Credentials> replication, Optional<ProxyConfig> proxy,
                           FailoverConfig failover) {

    public TandemConfig {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(zookeeper, "zookeeper");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(replication, "replication");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(failover, "failover");
    }
}
