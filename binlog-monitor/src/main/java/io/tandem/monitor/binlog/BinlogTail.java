package io.tandem.monitor.binlog;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.tandem.monitor.commit.CommitLog;
import io.tandem.monitor.salvage.RecentTransactions;
import io.tandem.topology.instance.InstanceKey;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Debezium embedded engine tailing the binlog of one primary at a time. The owner calls {@link #follow} with the
 * current primary as often as it likes: the engine starts on a new primary (stopping the one on the old), and is
 * restarted when it ended on its own, at most once per back-off. The engine's completion callback only logs the
 * cause; restarting is the owner's decision.
 *
 * @see <a href="https://debezium.io/documentation/reference/stable/development/engine.html">Debezium engine</a>
 */
public final class BinlogTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BinlogTail.class);
    // far above the server ids a topology uses, so that the tail never collides with a replica
    private static final long SERVER_ID_FLOOR = 1_000_000_000L;
    private static final long SERVER_ID_CEILING = 4_000_000_000L;

    private final String user;
    private final String password;
    private final Duration pollInterval;
    private final Duration restartBackoff;
    private final ChangeRecords consumer;
    private Run current;

    /** One engine on one primary. */
    private static final class Run {
        final InstanceKey primary;
        final long startedNanos = System.nanoTime();
        final ExecutorService thread;
        DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
        volatile boolean ended;
        volatile boolean streaming;

        Run(InstanceKey primary) {
            this.primary = primary;
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "tandem-binlog-" + primary);
                t.setDaemon(true);
                return t;
            });
        }
    }

    public BinlogTail(String user, String password, Duration pollInterval, Duration restartBackoff,
                      CommitLog commits, RecentTransactions recent) {
        this.user = user;
        this.password = password;
        this.pollInterval = pollInterval;
        this.restartBackoff = restartBackoff;
        this.consumer = new ChangeRecords(commits, recent);
    }

    /** Makes sure an engine tails {@code primary}. */
    public synchronized void follow(InstanceKey primary) {
        if (current != null && current.primary.equals(primary)) {
            if (!current.ended || System.nanoTime() - current.startedNanos < restartBackoff.toNanos()) {
                return;
            }
            log.info("binlog: restarting the tail of {}", primary);
        }
        stop();
        current = start(primary);
    }

    private Run start(InstanceKey primary) {
        Run run = new Run(primary);
        long serverId = ThreadLocalRandom.current().nextLong(SERVER_ID_FLOOR, SERVER_ID_CEILING);
        run.engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(EngineProperties.of(primary, user, password, serverId, pollInterval))
                .notifying(consumer)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void pollingStarted() {
                        run.streaming = true;
                    }
                })
                .using((success, message, error) -> {
                    run.ended = true;
                    run.streaming = false;
                    if (success) {
                        log.info("binlog: tail of {} ended: {}", primary, message);
                    } else {
                        log.error("binlog: tail of {} failed: {}", primary, message, error);
                    }
                })
                .build();
        run.thread.execute(run.engine);
        log.info("binlog: tailing {} as server id {}", primary, serverId);
        return run;
    }

    /** Stops the engine, if one runs. */
    public synchronized void stop() {
        Run run = current;
        current = null;
        if (run == null) {
            return;
        }
        closeEngine(run);
        run.thread.shutdown();
        try {
            if (!run.thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("binlog: the tail of {} did not stop within 10 s", run.primary);
                run.thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Debezium refuses to close an engine whose tasks are still starting ("may lead to leaked resource"): a stop right
     * after a (re)start, e.g. when the primary just changed, waits for the start to finish, bounded.
     */
    private void closeEngine(Run run) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                run.engine.close();
                return;
            } catch (IOException e) {
                log.warn("binlog: closing the tail of {} failed: {}", run.primary, e.getMessage());
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() - deadline > 0) {
                    log.warn("binlog: the tail of {} was still starting after 10 s; stopping its thread: {}",
                            run.primary, e.getMessage());
                    return;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(50); // not an event loop: the owner's stop waits for the engine
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The primary the engine tails, if one was started and not stopped. */
    public synchronized Optional<InstanceKey> following() {
        return Optional.ofNullable(current).map(r -> r.primary);
    }

    /** Whether the engine has started polling the binlog and not ended. */
    public synchronized boolean streaming() {
        return current != null && current.streaming && !current.ended;
    }

    @Override
    public void close() {
        stop();
    }
}
