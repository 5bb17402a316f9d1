package io.tandem.it;

import io.tandem.sandbox.ServerProcess;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers inserting autocommit rows into {@code ledger.entries (id, writer)} through the proxy, each with ids of its
 * own ({@code writer * }{@link #IDS_PER_WRITER} and up): only what the server acknowledged is recorded, and a write
 * that failed is never resent, since it may have reached a server. After {@link #markKill()} the first write started
 * later is timed.
 */
final class LedgerLoad implements AutoCloseable {

    static final long IDS_PER_WRITER = 10_000_000L;

    private final RoutingFixture fixture;
    private final ExecutorService writers;
    private final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong killedAt = new AtomicLong();
    private final AtomicLong firstWriteAfterKill = new AtomicLong();
    /** The statements that failed, with the client's error: a switchover must leave this empty. */
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    /** The longest time one acknowledged write took since {@link #resetLongest()}, in nanoseconds. */
    private final AtomicLong longest = new AtomicLong();

    private LedgerLoad(RoutingFixture fixture, int writers) {
        this.fixture = fixture;
        this.writers = Executors.newFixedThreadPool(writers);
    }

    static LedgerLoad start(RoutingFixture fixture, int writers) {
        LedgerLoad load = new LedgerLoad(fixture, writers);
        for (int w = 0; w < writers; w++) {
            int writer = w;
            load.writers.submit(() -> load.write(writer));
        }
        return load;
    }

    /** Creates {@code ledger.entries} through the proxy and waits until every replica has it. */
    static void createLedger(RoutingFixture fixture) throws SQLException {
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE ledger");
            st.execute("CREATE TABLE ledger.entries (id BIGINT PRIMARY KEY, writer INT NOT NULL)");
        }
        fixture.sandbox.awaitReplicasCaughtUp();
    }

    /** Call right after the kill: from now on the first write started is the first after it. */
    void markKill() {
        killedAt.set(System.nanoTime());
    }

    /** The {@link System#nanoTime()} at which the first write started after the kill was acknowledged. */
    long awaitFirstWriteAfterKill(Duration timeout) throws Exception {
        return Await.until("a write accepted through the proxy after the kill", timeout, firstWriteAfterKill::get,
                t -> t != 0);
    }

    /** Every error a writer got, "code message". */
    List<String> errors() {
        return List.copyOf(errors);
    }

    /** The longest single write since the last call, and starts measuring again. */
    Duration resetLongest() {
        return Duration.ofNanos(longest.getAndSet(0));
    }

    int count() {
        return acknowledged.size();
    }

    /** The acknowledged ids so far; after {@link #stop()}, all of them. */
    List<Long> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** Waits until {@code replica} holds every acknowledged id among {@code onSource}, the rows of its source. */
    void awaitCopiedTo(ServerProcess replica, Set<Long> onSource, Duration timeout) throws Exception {
        List<Long> expected = onSource.stream().filter(acknowledged::contains).toList();
        Await.until(replica.layout().key() + " to hold every acknowledged row", timeout,
                () -> RootQueries.ledgerIds(replica).containsAll(expected), ok -> ok);
    }

    /** Lets every writer finish its statement in flight and fails unless all do in time. */
    void stop() throws InterruptedException {
        stop.set(true);
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).as("writers stopped").isTrue();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        writers.shutdownNow();
        writers.awaitTermination(20, TimeUnit.SECONDS);
    }

    private void write(int writer) {
        long next = writer * IDS_PER_WRITER;
        Connection c = null;
        while (!stop.get()) {
            long id = next++;
            long started = System.nanoTime();
            try {
                if (c == null) {
                    c = fixture.connect("connectTimeout=2000&socketTimeout=30000");
                }
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO ledger.entries VALUES (" + id + ", " + writer + ")");
                }
                acknowledged.add(id);
                long took = System.nanoTime() - started;
                longest.accumulateAndGet(took, Math::max);
                long kill = killedAt.get();
                if (kill != 0 && started - kill > 0) {
                    firstWriteAfterKill.compareAndSet(0, System.nanoTime());
                }
            } catch (SQLException e) {
                errors.add(e.getErrorCode() + " " + e.getMessage());
                // a write that may have reached a server is not retried: a new id, and maybe a new connection
                RootQueries.closeQuietly(c);
                c = null;
            }
        }
        RootQueries.closeQuietly(c);
    }
}
