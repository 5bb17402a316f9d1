package io.tandem.topology.store;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Starts a Curator client and waits for its first connection, so that a wrong connect string fails at once with a
 * message naming it instead of hanging on the first read.
 */
public final class ZooKeeperConnector {

    private ZooKeeperConnector() {
    }

    /** @throws CoordinationException naming the connect string and the timeout when no connection is made in time */
    public static CuratorFramework connect(String connectString, Duration sessionTimeout, Duration connectionTimeout) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs((int) sessionTimeout.toMillis())
                .connectionTimeoutMs((int) connectionTimeout.toMillis())
                .retryPolicy(new ExponentialBackoffRetry(100, 5, 2_000))
                .build();
        client.start();
        boolean connected;
        try {
            connected = client.blockUntilConnected((int) connectionTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new CoordinationException("interrupted while connecting to ZooKeeper at " + connectString, e);
        }
        if (!connected) {
            client.close();
            throw new CoordinationException("cannot reach ZooKeeper at " + connectString + " within "
                    + connectionTimeout.toMillis() + " ms");
        }
        return client;
    }
}
