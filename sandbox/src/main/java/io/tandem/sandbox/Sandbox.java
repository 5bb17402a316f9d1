package io.tandem.sandbox;

import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A real local cluster on one machine: one primary and N replicas of real mysqld or mariadbd with GTID
 * replication, and an embedded ZooKeeper. Every process it starts is stopped by {@link #close()}; a run killed
 * before closing is cleaned up by the next start in the same folder.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final SandboxSpec spec;
    private final SandboxDirectory directory;
    private final ServerDistribution distribution;
    private final List<ServerProcess> servers = new ArrayList<>();
    /** Stops everything on Ctrl-C, SIGTERM or JVM exit, from the first launched process on, start-up included. */
    private final Thread stopOnExit = new Thread(this::close, "tandem-sandbox-stop");
    /** What talks to the servers and ZooKeeper (proxy, publishers), stopped before them, last added first. */
    private final List<AutoCloseable> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
    private EmbeddedZooKeeper zooKeeper;
    private boolean closed;

    private Sandbox(SandboxSpec spec, SandboxDirectory directory, ServerDistribution distribution) {
        this.spec = spec;
        this.directory = directory;
        this.distribution = distribution;
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts everything and returns once every replica has caught up with the primary. */
    public static Sandbox start(SandboxSpec spec, CacheDirectory cache) {
        // claiming first stops servers a killed run left behind, which would otherwise hold the ports
        SandboxDirectory directory = SandboxDirectory.claim(spec.dir());
        ServerDistribution distribution;
        try {
            for (int i = 0; i < spec.servers(); i++) {
                Ports.requireFree(spec.basePort() + i, "server " + (i + 1) + " of the sandbox", "--base-port");
            }
            Ports.requireFree(spec.zooKeeperPort(), "the sandbox's ZooKeeper", "--zk-port");
            distribution = spec.flavor() == Flavor.MYSQL
                    ? MySqlDistribution.prepare(cache) : MariaDbDistribution.prepare(cache);
        } catch (RuntimeException e) {
            directory.release();
            throw e;
        }
        Sandbox sandbox = new Sandbox(spec, directory, distribution);
        try {
            // ZooKeeper first: it starts in milliseconds, so its failures cost no server start-ups
            sandbox.zooKeeper = EmbeddedZooKeeper.start(sandbox.directory.zooKeeper(), spec.zooKeeperPort());
            sandbox.startServers();
            sandbox.setUpReplication();
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    private void startServers() {
        try {
            for (int i = 0; i < spec.servers(); i++) {
                ServerLayout layout = new ServerLayout(i + 1, spec.basePort() + i, directory.server(i + 1));
                java.nio.file.Files.createDirectories(layout.home());
                servers.add(ServerProcess.launch(distribution, layout));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox servers: " + e.getMessage(), e);
        }
        inParallel(servers, s -> s.awaitReady(START_TIMEOUT));
    }

    private void setUpReplication() {
        ReplicationSetup setup = ReplicationSetup.of(distribution.flavor());
        try (Connection primary = primary().rootConnection()) {
            setup.preparePrimary(primary);
            for (ServerProcess replica : replicas()) {
                try (Connection c = replica.rootConnection()) {
                    setup.replicateFrom(c, primary().layout());
                }
            }
            awaitReplicasCaughtUp();
        } catch (SQLException e) {
            throw new SandboxException("cannot set up replication: " + e.getMessage(), e);
        }
    }

    /** Waits until every replica has executed everything the primary has. */
    public void awaitReplicasCaughtUp() throws SQLException {
        ReplicationSetup setup = ReplicationSetup.of(distribution.flavor());
        String gtids;
        try (Connection primary = primary().rootConnection()) {
            gtids = setup.executedGtids(primary);
        }
        inParallel(replicas(), replica -> {
            try (Connection c = replica.rootConnection()) {
                setup.awaitExecuted(c, gtids, CATCH_UP_TIMEOUT);
            } catch (SQLException e) {
                throw new SandboxException("replica " + replica.layout().key() + " cannot catch up: " + e.getMessage(), e);
            }
        });
    }

    /** Re-points {@code replica} at {@code source} (auto-position), e.g. to build a chain. */
    public void replicate(ServerProcess replica, ServerProcess source) throws SQLException {
        try (Connection c = replica.rootConnection()) {
            ReplicationSetup.of(distribution.flavor()).replicateFrom(c, source.layout());
        }
    }

    /** Stops both replication threads of {@code replica}. */
    public void stopReplication(ServerProcess replica) throws SQLException {
        try (Connection c = replica.rootConnection()) {
            ReplicationSetup.of(distribution.flavor()).stopReplication(c);
        }
    }

    public SandboxSpec spec() {
        return spec;
    }

    public Flavor flavor() {
        return distribution.flavor();
    }

    public String describeDistribution() {
        return distribution.describe();
    }

    public List<ServerProcess> servers() {
        return List.copyOf(servers);
    }

    public ServerProcess primary() {
        return servers.get(0);
    }

    public List<ServerProcess> replicas() {
        return servers.subList(1, servers.size());
    }

    public List<InstanceKey> keys() {
        return servers.stream().map(s -> s.layout().key()).toList();
    }

    public String zooKeeperConnectString() {
        return zooKeeper.connectString();
    }

    /**
     * Stops {@code client} before the servers and ZooKeeper whenever the sandbox stops (close, Ctrl-C, SIGTERM), so
     * that it never sees them vanish under it: one shutdown hook, one order.
     */
    public void stopFirst(AutoCloseable client) {
        clients.add(client);
    }

    /**
     * Stops the clients, ZooKeeper and every server (in parallel, SIGKILL) and deletes the sandbox folder. Safe to
     * call twice.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = clients.size() - 1; i >= 0; i--) {
            try {
                clients.get(i).close();
            } catch (Exception e) {
                // boundary: whatever a client fails at, the servers must still stop
                LOG.warn("sandbox: stopping {} failed: {}", clients.get(i), e.getMessage());
            }
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
        // the folder is deleted next, so a clean shutdown would only cost time: a primary with replicas attached
        // takes 8-11 s to shut down cleanly here, SIGKILL a few milliseconds
        inParallel(servers, ServerProcess::kill);
        directory.release();
        LOG.info("sandbox: stopped {} servers and ZooKeeper", servers.size());
        if (Thread.currentThread() != stopOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down and will run the hook, which finds the sandbox closed
            }
        }
    }

    /** One thread per server: the common pool has a single thread on a two-core machine. */
    private static void inParallel(List<ServerProcess> targets, Consumer<ServerProcess> action) {
        if (targets.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(targets.size());
        try {
            CompletableFuture.allOf(targets.stream()
                    .map(s -> CompletableFuture.runAsync(() -> action.accept(s), pool))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        } finally {
            pool.shutdown();
        }
    }
}
