package io.tandem.it;

import io.tandem.sandbox.ServerProcess;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Counts, as root, the connections one account holds on a server (information_schema.processlist) every 20 ms on
 * a thread of its own, and remembers every sample above the allowed bound: how a test proves that a pool "never"
 * exceeds its size rather than only at the moments the test happened to look.
 */
final class BackendConnectionWatch implements AutoCloseable {

    private final ServerProcess server;
    private final String user;
    private final IntSupplier bound;
    private final Connection root;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backend-connection-watch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger max = new AtomicInteger();
    private final AtomicInteger samples = new AtomicInteger();
    private final List<String> violations = new ArrayList<>();
    private volatile SQLException failure;

    /** Starts sampling {@code user}'s connections to {@code server}; {@code bound} is read around each sample. */
    static BackendConnectionWatch start(ServerProcess server, String user, IntSupplier bound) throws SQLException {
        return new BackendConnectionWatch(server, user, bound);
    }

    private BackendConnectionWatch(ServerProcess server, String user, IntSupplier bound) throws SQLException {
        this.server = server;
        this.user = user;
        this.bound = bound;
        this.root = server.rootConnection();
        sampler.scheduleWithFixedDelay(this::sample, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** The connections {@code user} holds on {@code server} now. */
    static int count(ServerProcess server, String user) throws SQLException {
        try (Connection c = server.rootConnection()) {
            return count(c, user);
        }
    }

    /** Waits until {@code user} holds at most {@code expected} connections on {@code server}. */
    static void awaitAtMost(ServerProcess server, String user, int expected, Duration timeout) throws Exception {
        Await.until(user + " to hold at most " + expected + " connections on " + server, timeout,
                () -> count(server, user), n -> n <= expected);
    }

    private static int count(Connection root, String user) throws SQLException {
        try (Statement st = root.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.processlist WHERE user = '"
                     + user + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void sample() {
        if (failure != null) {
            return;
        }
        try {
            // the bound may change while the count is taken: allow the larger of the two readings
            int before = bound.getAsInt();
            int count = count(root, user);
            int allowed = Math.max(before, bound.getAsInt());
            samples.incrementAndGet();
            max.accumulateAndGet(count, Math::max);
            if (count > allowed) {
                synchronized (violations) {
                    violations.add(count + " > " + allowed);
                }
            }
        } catch (SQLException e) {
            failure = e;
        }
    }

    /** The most connections one sample saw. */
    int max() {
        return max.get();
    }

    int samples() {
        return samples.get();
    }

    /**
     * Samples that saw more connections than allowed, as "count > bound".
     *
     * @throws IllegalStateException if sampling failed
     */
    List<String> violations() {
        if (failure != null) {
            throw new IllegalStateException("sampling " + user + "'s connections on " + server + " failed", failure);
        }
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    @Override
    public void close() throws SQLException, InterruptedException {
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        root.close();
    }
}
