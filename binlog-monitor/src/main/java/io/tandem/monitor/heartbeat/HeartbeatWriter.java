package io.tandem.monitor.heartbeat;

import io.tandem.monitor.commit.EpochMicros;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.instance.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Writes one row, {@code tandem.heartbeat}, on the current primary every interval: a transaction that flows through
 * the binlog even when applications are idle, so a replica that stops applying shows a growing lag within one
 * interval. Follows the primary the supplier names; when it changes, the next beat goes to the new one (creating the
 * table there first). Failures are logged and retried on the next beat, never fatal.
 */
public final class HeartbeatWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatWriter.class);
    private static final String[] SCHEMA = {
        "CREATE DATABASE IF NOT EXISTS tandem",
        "CREATE TABLE IF NOT EXISTS tandem.heartbeat (id INT PRIMARY KEY,"
                + " ts BIGINT NOT NULL /* microseconds since epoch */, primary_key VARCHAR(255))"};
    private static final String BEAT = "REPLACE INTO tandem.heartbeat (id, ts, primary_key) VALUES (1, ?, ?)";

    private final InstanceConnections connections;
    private final Supplier<Optional<InstanceKey>> primary;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    // touched only by the scheduler thread
    private InstanceKey prepared;
    private InstanceKey failing;

    public HeartbeatWriter(InstanceConnections connections, Supplier<Optional<InstanceKey>> primary, Clock clock) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.primary = Objects.requireNonNull(primary, "primary");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tandem-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts beating every {@code interval}. */
    public void start(Duration interval) {
        scheduler.scheduleAtFixedRate(this::beatSafely, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    // boundary of a scheduled task: an escaping exception would cancel every later beat
    private void beatSafely() {
        try {
            primary.get().ifPresent(this::beat);
        } catch (RuntimeException e) {
            log.error("heartbeat: unexpected failure; trying again on the next beat", e);
        }
    }

    private void beat(InstanceKey target) {
        try (Connection connection = connections.open(target)) {
            if (!target.equals(prepared)) {
                try (Statement st = connection.createStatement()) {
                    for (String ddl : SCHEMA) {
                        st.execute(ddl);
                    }
                }
                prepared = target;
                log.info("heartbeat: writing tandem.heartbeat on primary {}", target);
            }
            try (PreparedStatement st = connection.prepareStatement(BEAT)) {
                st.setLong(1, EpochMicros.of(clock.instant()));
                st.setString(2, target.toString());
                st.executeUpdate();
            }
            if (target.equals(failing)) {
                log.info("heartbeat: primary {} takes heartbeats again", target);
                failing = null;
            }
        } catch (SQLException e) {
            // an unreachable or read-only primary is expected during a failover: say it once per streak
            if (!target.equals(failing)) {
                log.warn("heartbeat: write to primary {} failed: {}", target, e.getMessage());
                failing = target;
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("heartbeat: writer thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
