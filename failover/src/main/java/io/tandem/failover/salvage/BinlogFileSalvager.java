package io.tandem.failover.salvage;

import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.failover.analysis.MemberProbe;
import io.tandem.failover.recovery.Salvager;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Salvage from the dead primary's own binary log files, when this process can read them (the orchestrator on the
 * primary's host, or the binlog directory on a shared mount; MHA does the same over SSH): every committed transaction
 * the promoted candidate lacks is applied there exactly as a replica would have, its row events handed back in
 * {@code BINLOG} statements under {@code SET gtid_next} with its original GTID; a DDL statement is run with its default
 * database. The file holds every commit the primary acknowledged (the binlog is written before the commit returns),
 * including those no replica and no monitor received, so with the files in reach nothing acknowledged is lost. When the
 * files are not in reach it falls back to {@code fallback} (the binlog monitor's buffer), naming why.
 *
 * <p>The account needs REPLICATION_APPLIER (or BINLOG_ADMIN) and the privileges of what it replays.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/binlog.html">BINLOG statement</a>
 */
public final class BinlogFileSalvager implements Salvager, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BinlogFileSalvager.class);

    private final InstanceConnections connections;
    private final Optional<Salvager> fallback;
    private final Map<InstanceKey, BinlogLocation> locations = new ConcurrentHashMap<>();
    private final Set<InstanceKey> learning = ConcurrentHashMap.newKeySet();
    private final ExecutorService learner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tandem-binlog-locator");
        t.setDaemon(true);
        return t;
    });

    /** {@code connections} must reach every member as an account that may replay what the primary logged. */
    public BinlogFileSalvager(InstanceConnections connections, Optional<Salvager> fallback) {
        this.connections = connections;
        this.fallback = fallback;
    }

    /**
     * Learns, once per server (and again when its {@code server_uuid} changes), where every reachable member keeps its
     * binary logs: the primary's are the ones a recovery reads, and a replica's are known before it is promoted.
     */
    @Override
    public void watch(ClusterSnapshot snapshot) {
        fallback.ifPresent(f -> f.watch(snapshot));
        if (snapshot.view().flavor() != Flavor.MYSQL) {
            return;
        }
        for (MemberProbe probe : snapshot.probes()) {
            if (!probe.reachable() || probe.instance().serverUuid() == null) {
                continue;
            }
            BinlogLocation known = locations.get(probe.key());
            boolean current = known != null && known.serverUuid().equalsIgnoreCase(probe.instance().serverUuid());
            if (!current && learning.add(probe.key())) {
                learner.execute(() -> learn(probe.key()));
            }
        }
    }

    /** Where {@code key}'s binlog index is, once learned from a snapshot in which it was reachable. */
    public Optional<Path> binlogIndex(InstanceKey key) {
        return Optional.ofNullable(locations.get(key)).map(BinlogLocation::index);
    }

    private void learn(InstanceKey server) {
        try (Connection c = connections.open(server); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@server_uuid, @@log_bin_index, @@datadir")) {
            rs.next();
            if (rs.getString(2) == null) {
                LOG.warn("salvage: {} logs no binary log: nothing to salvage from its files", server);
                return;
            }
            BinlogLocation location = new BinlogLocation(server, rs.getString(1), Path.of(rs.getString(2)),
                    Path.of(rs.getString(3)));
            locations.put(server, location);
            LOG.info("salvage: {} keeps its binary logs in {}", server, location.index());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("salvage: cannot learn where {} keeps its binary logs: {}", server, e.getMessage());
        } finally {
            learning.remove(server);
        }
    }

    @Override
    public String salvage(ClusterSnapshot snapshot, InstanceKey candidate) {
        InstanceKey dead = snapshot.primary().key();
        BinlogLocation location = locations.get(dead);
        if (snapshot.view().flavor() != Flavor.MYSQL || location == null) {
            return fallBack(snapshot, candidate, "where " + dead + " keeps its binary logs was never learned");
        }
        List<Path> files;
        try {
            files = location.files();
        } catch (IOException e) {
            return fallBack(snapshot, candidate, e.getMessage());
        }
        try (Connection connection = connections.open(candidate)) {
            BinlogTransactions.Found found = BinlogTransactions.notIn(executed(connection), files);
            Replay replay = new Replay(connection);
            for (LoggedTransaction transaction : found.missing()) {
                replay.apply(transaction);
            }
            return "salvage from the binary logs of " + dead + " (" + found.filesRead().stream()
                    .map(f -> f.getFileName().toString()).collect(Collectors.joining(", ")) + ") onto " + candidate
                    + ": " + replay.describe()
                    + (found.uncommittedAtEnd() > 0 ? "; one transaction cut off by the crash was never committed"
                    : "");
        } catch (IOException e) {
            return fallBack(snapshot, candidate, "reading the binary logs of " + dead + " failed: " + e.getMessage());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot salvage onto " + candidate + ": " + e.getMessage(), e);
        } finally {
            // the replay session changed gtid_next, its database and its binlog format description
            connections.forget(candidate);
        }
    }

    private String fallBack(ClusterSnapshot snapshot, InstanceKey candidate, String why) {
        LOG.warn("salvage: not from the dead primary's files: {}", why);
        return fallback.map(f -> "binary logs not read (" + why + "); " + f.salvage(snapshot, candidate))
                .orElse("nothing salvaged: " + why);
    }

    private static GtidSet executed(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT @@gtid_executed")) {
            rs.next();
            return GtidSet.parse(Flavor.MYSQL, rs.getString(1));
        }
    }

    @Override
    public void close() {
        learner.shutdownNow();
        connections.close();
    }

    /** Applies transactions on one session, each alone: one that fails is named lost and the next still runs. */
    private static final class Replay {
        private final Connection connection;
        private final List<String> replayed = new ArrayList<>();
        private final List<String> lost = new ArrayList<>();
        private String formatOf;

        Replay(Connection connection) {
            this.connection = connection;
        }

        void apply(LoggedTransaction transaction) throws SQLException {
            if (transaction.unreplayable() != null) {
                lost.add(transaction.gtid() + " (" + transaction.unreplayable() + ")");
                return;
            }
            try (Statement st = connection.createStatement()) {
                try {
                    if (!transaction.file().equals(formatOf)) {
                        st.execute("BINLOG '" + base64(List.of(transaction.format())) + "'");
                        formatOf = transaction.file();
                    }
                    st.execute("SET SESSION gtid_next = '" + transaction.gtid() + "'");
                    if (transaction.isStatement()) {
                        if (!transaction.database().isEmpty()) {
                            st.execute("USE `" + transaction.database().replace("`", "``") + "`");
                        }
                        st.execute(transaction.statement());
                    } else {
                        st.execute("BEGIN");
                        st.execute("BINLOG '" + base64(transaction.rowEvents()) + "'");
                        st.execute("COMMIT");
                    }
                    st.execute("SET SESSION gtid_next = 'AUTOMATIC'");
                    replayed.add(transaction.gtid());
                } catch (SQLException e) {
                    LOG.warn("salvage: replaying {} failed: {}", transaction.gtid(), e.getMessage());
                    st.execute("ROLLBACK");
                    st.execute("SET SESSION gtid_next = 'AUTOMATIC'");
                    lost.add(transaction.gtid() + " (" + (transaction.isStatement() ? "statement" : "row events")
                            + " from " + transaction.file() + "; replay failed: " + e.getMessage() + ")");
                }
            }
        }

        String describe() {
            String gtids = replayed.isEmpty() ? "" : " " + GtidSet.parse(Flavor.MYSQL, String.join(",", replayed));
            return "replayed " + replayed.size() + " transaction(s)" + gtids + "; lost " + lost.size()
                    + (lost.isEmpty() ? "" : ": " + String.join("; ", lost));
        }

        /** Each event in base64 on its own line, as mysqlbinlog writes them; the server decodes the chunks in turn. */
        private static String base64(List<BinlogEvent> events) {
            return events.stream().map(e -> Base64.getEncoder().encodeToString(e.bytes()))
                    .collect(Collectors.joining("\n"));
        }
    }
}
