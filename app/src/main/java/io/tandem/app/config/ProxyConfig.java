package io.tandem.app.config;

import io.tandem.proxy.routing.RoutingSettings;

import java.util.Set;

import io.tandem.proxy.backend.BackendTls;
import io.tandem.topology.instance.InstanceKey;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code proxy:} section of {@code tandem.yaml}: where {@code tandem proxy} listens and whom it lets in.
 *
 * @param users accounts clients log in with; the proxy uses the same account towards the backends
 * @param primary a fixed backend, for running without ZooKeeper; empty to follow the cluster view
 * @param tlsDirectory where a self-signed certificate is made once and kept; empty for no TLS
 * @param metricsPort the Prometheus endpoint's port ({@code GET /metrics}); empty for none
 * @param backendTls TLS towards the servers: off, preferred (default) or verify
 * @param routing read/write splitting, lag bound, read-only transactions, write hold during failovers
 * @param readYourWritesUsers accounts whose sessions read their own writes (besides {@code routing}'s all-or-none)
 * @param monitor the account the proxy probes servers with (read_only, GTIDs, reachability); empty for none, and
 *                routing then follows the cluster view alone
 */
public record ProxyConfig(String bind, int port, int maxBackendConnections, boolean localInfile,
                          List<Credentials> users, Optional<InstanceKey> primary, Optional<Path> tlsDirectory,
                          Optional<Integer> metricsPort, BackendTls backendTls, RoutingSettings routing,
                          Set<String> readYourWritesUsers, Optional<Credentials> monitor) {

    public ProxyConfig {
        users = List.copyOf(users);
        readYourWritesUsers = Set.copyOf(readYourWritesUsers);
    }
}
