package io.tandem.it;

import io.tandem.sandbox.CacheDirectory;
import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.sandbox.SandboxSpec;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.discovery.JdbcInstanceReader;
import io.tandem.topology.discovery.TopologyDiscovery;
import io.tandem.topology.flavor.Flavor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts real sandboxes for end-to-end tests on ports of their own (24306 and up, ZooKeeper 24181 and up), so a
 * developer's running {@code ./tandem sandbox} on the default ports is never disturbed.
 */
final class SandboxFixture {

    private static final AtomicInteger SLOT = new AtomicInteger();
    /** -Dtandem.it.basePort / -Dtandem.it.zkPort move them, so two test runs on one machine do not collide. */
    private static final int BASE_PORT = Integer.getInteger("tandem.it.basePort", 24306);
    private static final int ZOOKEEPER_PORT = Integer.getInteger("tandem.it.zkPort", 24181);

    private SandboxFixture() {
    }

    static Sandbox start(Flavor flavor, int replicas) {
        int slot = SLOT.getAndIncrement();
        SandboxSpec spec = new SandboxSpec(flavor, replicas, folder(flavor.name().toLowerCase() + "-" + slot),
                BASE_PORT + slot * 10, ZOOKEEPER_PORT + slot, "it-" + slot);
        return Sandbox.start(spec, CacheDirectory.userDefault());
    }

    static Path folder(String name) {
        return Path.of("target", "sandboxes", name).toAbsolutePath();
    }

    /** Connections as the orchestrator account, as discovery uses in production. */
    static InstanceConnections orchestratorConnections() {
        return new InstanceConnections(SandboxAccounts.ORCHESTRATOR_USER, SandboxAccounts.ORCHESTRATOR_PASSWORD,
                Duration.ofSeconds(2));
    }

    static TopologyDiscovery discovery(InstanceConnections connections) {
        return new TopologyDiscovery(new JdbcInstanceReader(connections));
    }

    static void execute(ServerProcess server, String... statements) throws SQLException {
        try (Connection c = server.rootConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
