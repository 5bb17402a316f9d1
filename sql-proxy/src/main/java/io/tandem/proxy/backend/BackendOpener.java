package io.tandem.proxy.backend;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/** How a pool gets a new connection: {@link BackendConnector} over the network, or a test's scripted one. */
@FunctionalInterface
public interface BackendOpener {

    /** A connected, authenticated connection on {@code loop}; fails with a message naming the server. */
    Future<BackendConnection> open(EventLoop loop, BackendKey key, BackendCredentials credentials);
}
