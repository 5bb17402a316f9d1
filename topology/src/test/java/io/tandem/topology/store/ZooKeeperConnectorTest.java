package io.tandem.topology.store;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ZooKeeperConnectorTest {

    @Test
    void connectsToARunningServer() throws Exception {
        try (TestingServer zooKeeper = new TestingServer(true);
             CuratorFramework client = ZooKeeperConnector.connect(zooKeeper.getConnectString(), Duration.ofSeconds(10),
                     Duration.ofSeconds(5))) {

            assertThat(client.getZookeeperClient().isConnected()).isTrue();
            assertThat(client.checkExists().forPath("/")).isNotNull();
        }
    }

    @Test
    void failsWithinItsTimeoutNamingTheConnectString() throws IOException {
        String connectString = "127.0.0.1:" + closedPort();
        Duration timeout = Duration.ofMillis(1_000);
        long started = System.nanoTime();

        CoordinationException failure = catchThrowableOfType(CoordinationException.class,
                () -> ZooKeeperConnector.connect(connectString, Duration.ofSeconds(5), timeout));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(failure).hasMessage("cannot reach ZooKeeper at " + connectString + " within 1000 ms");
        assertThat(took).isGreaterThanOrEqualTo(timeout.minusMillis(100)).isLessThan(timeout.plusSeconds(3));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
