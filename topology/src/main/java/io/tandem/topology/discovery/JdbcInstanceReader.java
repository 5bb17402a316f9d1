package io.tandem.topology.discovery;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an {@link InstanceReport} over JDBC with the statements each flavor understands: {@code SHOW REPLICA
 * STATUS} / {@code SHOW REPLICAS} on MySQL 8.0.22+, {@code SHOW SLAVE STATUS} / {@code SHOW SLAVE HOSTS} on MariaDB.
 * Only SQL lives here; what the answers mean is decided by {@link TopologyDiscovery}.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/show-replica-status.html">SHOW REPLICA STATUS</a>
 * @see <a href="https://mariadb.com/kb/en/show-replica-status/">SHOW SLAVE STATUS (MariaDB)</a>
 */
public final class JdbcInstanceReader implements InstanceReader {

    private final InstanceConnections connections;

    public JdbcInstanceReader(InstanceConnections connections) {
        this.connections = connections;
    }

    @Override
    public InstanceReport read(InstanceKey key) throws SQLException {
        try (Connection c = connections.open(key); Statement st = c.createStatement()) {
            String version = single(st, "SELECT @@version");
            Flavor flavor = Flavor.fromVersion(version);
            Instance instance = flavor == Flavor.MYSQL ? mysqlInstance(st, key, version) : mariaDbInstance(st, key, version);
            Optional<ReplicaStatus> replication = flavor == Flavor.MYSQL ? mysqlReplica(st) : mariaDbReplica(st);
            List<InstanceKey> replicas = registeredReplicas(st, flavor == Flavor.MYSQL ? "SHOW REPLICAS" : "SHOW SLAVE HOSTS");
            return new InstanceReport(instance, replication, replicas);
        }
    }

    private static Instance mysqlInstance(Statement st, InstanceKey key, String version) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT @@server_id, @@server_uuid, @@read_only, @@super_read_only,"
                + " @@gtid_executed, @@log_bin, @@binlog_format, @@log_replica_updates")) {
            rs.next();
            return new Instance(key, Flavor.MYSQL, version, rs.getLong(1), rs.getString(2), rs.getBoolean(3),
                    rs.getBoolean(4), GtidSet.parse(Flavor.MYSQL, rs.getString(5)), rs.getBoolean(6), rs.getString(7),
                    rs.getBoolean(8));
        }
    }

    private static Instance mariaDbInstance(Statement st, InstanceKey key, String version) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT @@server_id, @@read_only, @@gtid_current_pos, @@log_bin,"
                + " @@binlog_format, @@log_slave_updates")) {
            rs.next();
            return new Instance(key, Flavor.MARIADB, version, rs.getLong(1), null, rs.getBoolean(2), false,
                    GtidSet.parse(Flavor.MARIADB, rs.getString(3)), rs.getBoolean(4), rs.getString(5), rs.getBoolean(6));
        }
    }

    private static Optional<ReplicaStatus> mysqlReplica(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SHOW REPLICA STATUS")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new ReplicaStatus(
                    new InstanceKey(rs.getString("Source_Host"), rs.getInt("Source_Port")),
                    ReplicaStatus.IoThread.fromServer(rs.getString("Replica_IO_Running")),
                    "Yes".equalsIgnoreCase(rs.getString("Replica_SQL_Running")),
                    rs.getString("Last_IO_Error"),
                    rs.getString("Last_SQL_Error"),
                    GtidSet.parse(Flavor.MYSQL, rs.getString("Retrieved_Gtid_Set")),
                    GtidSet.parse(Flavor.MYSQL, rs.getString("Executed_Gtid_Set")),
                    nullableLong(rs, "Seconds_Behind_Source"),
                    rs.getBoolean("Auto_Position")));
        }
    }

    private static Optional<ReplicaStatus> mariaDbReplica(Statement st) throws SQLException {
        String slavePos = single(st, "SELECT @@gtid_slave_pos");
        try (ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new ReplicaStatus(
                    new InstanceKey(rs.getString("Master_Host"), rs.getInt("Master_Port")),
                    ReplicaStatus.IoThread.fromServer(rs.getString("Slave_IO_Running")),
                    "Yes".equalsIgnoreCase(rs.getString("Slave_SQL_Running")),
                    rs.getString("Last_IO_Error"),
                    rs.getString("Last_SQL_Error"),
                    GtidSet.parse(Flavor.MARIADB, rs.getString("Gtid_IO_Pos")),
                    GtidSet.parse(Flavor.MARIADB, slavePos),
                    nullableLong(rs, "Seconds_Behind_Master"),
                    !"No".equalsIgnoreCase(rs.getString("Using_Gtid"))));
        }
    }

    /** Replicas that registered with a {@code report_host}; the others cannot be followed from here. */
    private static List<InstanceKey> registeredReplicas(Statement st, String sql) throws SQLException {
        List<InstanceKey> replicas = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String host = rs.getString("Host");
                int port = rs.getInt("Port");
                if (host != null && !host.isBlank() && port > 0) {
                    replicas.add(new InstanceKey(host, port));
                }
            }
        }
        return replicas;
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
