package io.tandem.sandbox;

import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

import java.nio.file.Path;
import java.util.Properties;

/**
 * A one-node ZooKeeper inside the sandbox JVM, on 127.0.0.1, for the one-machine default. Real deployments point
 * every process at an ensemble instead.
 *
 * @see <a href="https://zookeeper.apache.org/doc/r3.9.3/zookeeperStarted.html">ZooKeeper getting started</a>
 */
public final class EmbeddedZooKeeper implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 15_000;

    private final ZooKeeperServerEmbedded server;
    private final int port;

    private EmbeddedZooKeeper(ZooKeeperServerEmbedded server, int port) {
        this.server = server;
        this.port = port;
    }

    static EmbeddedZooKeeper start(Path dataDir, int port) {
        Properties config = new Properties();
        config.setProperty("clientPort", Integer.toString(port));
        config.setProperty("clientPortAddress", ServerLayout.HOST);
        // a short tick allows short sessions (minimum 2 ticks), so tests and drills see a lost process quickly
        config.setProperty("tickTime", "500");
        config.setProperty("initLimit", "10");
        config.setProperty("syncLimit", "5");
        config.setProperty("admin.enableServer", "false");
        config.setProperty("maxClientCnxns", "0");
        try {
            java.nio.file.Files.createDirectories(dataDir);
            ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder()
                    .baseDir(dataDir)
                    .configuration(config)
                    .exitHandler(ExitHandler.LOG_ONLY)
                    .build();
            server.start(START_TIMEOUT_MS);
            return new EmbeddedZooKeeper(server, port);
        } catch (Exception e) {
            // boundary: the embedded server's builder and start declare Exception
            throw new SandboxException("cannot start the embedded ZooKeeper on port " + port + ": " + e, e);
        }
    }

    public String connectString() {
        return ServerLayout.HOST + ":" + port;
    }

    @Override
    public void close() {
        server.close();
    }
}
