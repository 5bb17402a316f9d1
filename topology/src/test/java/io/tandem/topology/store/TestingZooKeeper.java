package io.tandem.topology.store;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;

/**
 * A real ZooKeeper (Curator's TestingServer) for one test class, with a connected client:
 * {@code @RegisterExtension static final TestingZooKeeper ZOOKEEPER = new TestingZooKeeper();}.
 */
public final class TestingZooKeeper implements BeforeAllCallback, AfterAllCallback {

    private TestingServer server;
    private CuratorFramework client;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = new TestingServer(true);
        client = ZooKeeperConnector.connect(server.getConnectString(), Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        client.close();
        server.close();
    }

    public CuratorFramework client() {
        return client;
    }

    public String connectString() {
        return server.getConnectString();
    }
}
