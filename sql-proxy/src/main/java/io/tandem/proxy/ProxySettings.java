package io.tandem.proxy;

import io.tandem.proxy.backend.BackendTls;
import io.tandem.proxy.backend.PoolSettings;
import io.tandem.proxy.frontend.ClientTimeouts;

import io.tandem.proxy.routing.RoutingSettings;
import io.tandem.topology.flavor.Flavor;

import java.time.Duration;

/**
 * How a proxy listens and talks to backends.
 *
 * @param serverVersion what clients see as the server version; MySQL clients read features from it
 * @param maxPacketSize the largest logical packet accepted from a client or backend
 * @param localInfile whether LOAD DATA LOCAL INFILE is relayed; when off, clients are told it is unavailable
 * @param backendTls whether connections to backends are encrypted
 * @param routing how reads are split from writes and writes held during failovers
 * @param clientTimeouts the servers' global wait_timeout and interactive_timeout, enforced on client connections
 */
public record ProxySettings(String host, int port, int eventLoops, String serverVersion, int maxPacketSize,
                            boolean localInfile, Duration handshakeTimeout, Duration backendConnectTimeout,
                            PoolSettings pool, BackendTls backendTls, RoutingSettings routing,
                            ClientTimeouts clientTimeouts) {

    public static final int DEFAULT_PORT = 6033;

    public static ProxySettings defaults(int port) {
        return new ProxySettings("0.0.0.0", port, Math.max(2, Runtime.getRuntime().availableProcessors()),
                "8.0.31-tandem", 64 * 1024 * 1024, true, Duration.ofSeconds(10), Duration.ofSeconds(5),
                PoolSettings.DEFAULTS, BackendTls.PREFERRED, RoutingSettings.DEFAULTS,
                ClientTimeouts.DEFAULTS);
    }

    public ProxySettings withHost(String nextHost) {
        return new ProxySettings(nextHost, port, eventLoops, serverVersion, maxPacketSize, localInfile,
                handshakeTimeout, backendConnectTimeout, pool, backendTls, routing, clientTimeouts);
    }

    public ProxySettings withPool(PoolSettings nextPool) {
        return new ProxySettings(host, port, eventLoops, serverVersion, maxPacketSize, localInfile, handshakeTimeout,
                backendConnectTimeout, nextPool, backendTls, routing, clientTimeouts);
    }

    public ProxySettings withLocalInfile(boolean next) {
        return new ProxySettings(host, port, eventLoops, serverVersion, maxPacketSize, next, handshakeTimeout,
                backendConnectTimeout, pool, backendTls, routing, clientTimeouts);
    }

    public ProxySettings withEventLoops(int next) {
        return new ProxySettings(host, port, next, serverVersion, maxPacketSize, localInfile, handshakeTimeout,
                backendConnectTimeout, pool, backendTls, routing, clientTimeouts);
    }

    /** Another largest packet and handshake deadline. */
    public ProxySettings withLimits(int nextMaxPacketSize, Duration nextHandshakeTimeout) {
        return new ProxySettings(host, port, eventLoops, serverVersion, nextMaxPacketSize, localInfile,
                nextHandshakeTimeout, backendConnectTimeout, pool, backendTls, routing, clientTimeouts);
    }

    public ProxySettings withBackendTls(BackendTls next) {
        return new ProxySettings(host, port, eventLoops, serverVersion, maxPacketSize, localInfile, handshakeTimeout,
                backendConnectTimeout, pool, next, routing, clientTimeouts);
    }

    /**
     * Advertises the backends' version, so clients pick the right dialect: Connector/J reads
     * {@code @@transaction_isolation} from an 8.0 server but {@code @@tx_isolation} from MariaDB, which announces
     * itself as {@code 5.5.5-10.11.x-MariaDB} for the clients that compare versions.
     */
    public ProxySettings withServerVersionOf(Flavor flavor, String backendVersion) {
        String base = backendVersion == null || backendVersion.isBlank() ? null : backendVersion.split("-")[0];
        String next = switch (flavor) {
            case MYSQL -> (base == null ? "8.0.31" : base) + "-tandem";
            case MARIADB -> "5.5.5-" + (base == null ? "10.11.0" : base) + "-MariaDB-tandem";
        };
        return new ProxySettings(host, port, eventLoops, next, maxPacketSize, localInfile, handshakeTimeout,
                backendConnectTimeout, pool, backendTls, routing, clientTimeouts);
    }

    public ProxySettings withRouting(RoutingSettings next) {
        return new ProxySettings(host, port, eventLoops, serverVersion, maxPacketSize, localInfile, handshakeTimeout,
                backendConnectTimeout, pool, backendTls, next, clientTimeouts);
    }

    /** The servers' wait_timeout and interactive_timeout, for client connections. */
    public ProxySettings withClientTimeouts(ClientTimeouts next) {
        return new ProxySettings(host, port, eventLoops, serverVersion, maxPacketSize, localInfile, handshakeTimeout,
                backendConnectTimeout, pool, backendTls, routing, next);
    }
}
