package io.tandem.proxy.backend;

import java.time.Duration;

/**
 * Limits of the backend pools, per (server, user) and per event loop: the proxy runs one pool per event loop so
 * that a connection is only ever touched by one thread, and the configured maximum is divided among the loops.
 *
 * @param maxConnections most connections open at once to one server for one user, across all event loops
 * @param maxWaiters most sessions queued for a connection before new ones are refused at once
 * @param acquireTimeout how long a session waits for a connection before it gets an error naming the pool
 * @param idleTimeout idle connections older than this are closed
 * @param maxLifetime connections are replaced after this long, whatever their use
 */
public record PoolSettings(int maxConnections, int maxWaiters, Duration acquireTimeout, Duration idleTimeout,
                           Duration maxLifetime) {

    public static final PoolSettings DEFAULTS = new PoolSettings(64, 10_000, Duration.ofSeconds(10),
            Duration.ofMinutes(5), Duration.ofMinutes(30));

    public PoolSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("pool maxConnections must be at least 1, got " + maxConnections);
        }
    }

    /** This loop's share of {@link #maxConnections}, at least one. */
    public int perLoop(int loops) {
        return Math.max(1, maxConnections / loops);
    }
}
