package io.tandem.app.config;

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
 */
public record ProxyConfig(String bind, int port, int maxBackendConnections, boolean localInfile,
                          List<Credentials> users, Optional<InstanceKey> primary, Optional<Path> tlsDirectory,
                          Optional<Integer> metricsPort, BackendTls backendTls) {

    public ProxyConfig {
        users = List.copyOf(users);
    }
}
