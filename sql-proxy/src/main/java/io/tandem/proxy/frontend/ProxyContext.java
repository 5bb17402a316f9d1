package io.tandem.proxy.frontend;

import io.tandem.proxy.metrics.ProxyMetrics;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.tandem.proxy.backend.BackendPool;
import io.tandem.proxy.routing.Router;

import java.time.Duration;
import java.util.function.Function;

/**
 * What every client connection of one proxy shares: accounts, pools per event loop, targets, metrics, limits.
 *
 * @param tls the server TLS context offered to clients, or {@code null} for none
 * @param clientTimeouts how long clients may idle between commands, unless their session says otherwise
 */
public record ProxyContext(String serverVersion, int capabilities, UserRegistry users,
                           Function<EventLoop, BackendPool> pools, Router router, ProxyMetrics metrics,
                           Duration handshakeTimeout, SslContext tls, SessionRegistry sessions,
                           ClientTimeouts clientTimeouts) {

    ClientAuthenticator authenticator() {
        return new ClientAuthenticator(users);
    }

    BackendPool pool(EventLoop loop) {
        return pools.apply(loop);
    }

    /**
     * Read-your-writes for a session of {@code user}: configured for everyone or for the account, or asked for by
     * the connection attribute {@code tandem.read_your_writes} (on, true, 1, yes; anything else is off).
     */
    boolean readYourWrites(ProxyUser user, java.util.Map<String, String> attributes) {
        String asked = attributes.get("tandem.read_your_writes");
        if (asked != null) {
            return switch (asked.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "on", "true", "1", "yes" -> true;
                default -> false;
            };
        }
        return user.readYourWrites() || router.settings().readYourWrites();
    }

    /** The capabilities a proxy offers clients: LOAD DATA LOCAL INFILE and TLS only when enabled. */
    public static int capabilities(boolean localInfile, boolean tls) {
        int capabilities = FrontendHandler.proxyCapabilities(localInfile);
        return tls ? capabilities | io.tandem.proxy.protocol.Capabilities.SSL : capabilities;
    }
}
