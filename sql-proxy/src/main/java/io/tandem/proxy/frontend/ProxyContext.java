package io.tandem.proxy.frontend;

import io.netty.channel.EventLoop;
import io.tandem.proxy.backend.BackendPool;
import io.tandem.proxy.backend.BackendTargets;

import java.time.Duration;
import java.util.function.Function;

/** What every client connection of one proxy shares: accounts, pools per event loop, targets, metrics, limits. */
public record ProxyContext(String serverVersion, int capabilities, UserRegistry users,
                           Function<EventLoop, BackendPool> pools, BackendTargets targets, ProxyMetrics metrics,
                           Duration handshakeTimeout) {

    ClientAuthenticator authenticator() {
        return new ClientAuthenticator(users);
    }

    BackendPool pool(EventLoop loop) {
        return pools.apply(loop);
    }

    /** The capabilities a proxy offers clients, with or without LOAD DATA LOCAL INFILE. */
    public static int capabilities(boolean localInfile) {
        return FrontendHandler.proxyCapabilities(localInfile);
    }
}
