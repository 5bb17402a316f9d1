package io.tandem.app.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the ZooKeeper ensemble that holds the cluster's view, leader latch and recovery locks.
 *
 * @param connect           the ZooKeeper connect string, e.g. {@code zk1:2181,zk2:2181}
 * @param sessionTimeout    how long the ensemble keeps our session (and so our leadership) without hearing from us
 * @param connectionTimeout how long to wait for a connection before giving up on an attempt
 */
public record ZooKeeperSettings(String connect, Duration sessionTimeout, Duration connectionTimeout) {

    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMillis(15_000);
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofMillis(5_000);

    public ZooKeeperSettings {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    }
}
