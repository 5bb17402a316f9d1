package io.tandem.monitor.lag;

import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The two reads the lag sampler makes of a server: its executed GTID set (every round, one cheap query) and its
 * {@code Seconds_Behind_Source} (every few rounds, for comparison only).
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/show-replica-status.html">SHOW REPLICA STATUS</a>
 */
final class ReplicationReads {

    private final InstanceConnections connections;

    ReplicationReads(InstanceConnections connections) {
        this.connections = connections;
    }

    GtidSet executed(InstanceKey server) throws SQLException {
        try (Connection c = connections.open(server); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@global.gtid_executed")) {
            rs.next();
            return GtidSet.parse(Flavor.MYSQL, rs.getString(1));
        }
    }

    /** Empty when the server reports none: not a replica, or its SQL or IO thread is stopped. */
    Optional<Long> secondsBehindSource(InstanceKey server) throws SQLException {
        try (Connection c = connections.open(server); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW REPLICA STATUS")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long seconds = rs.getLong("Seconds_Behind_Source");
            return rs.wasNull() ? Optional.empty() : Optional.of(seconds);
        }
    }
}
