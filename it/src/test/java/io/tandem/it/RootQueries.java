package io.tandem.it;

import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/** What the failover tests read from a server directly, as root, bypassing the proxy. */
final class RootQueries {

    private RootQueries() {
    }

    /** The ids of the failover tests' ledger table, {@code ledger.entries}. */
    static Set<Long> ledgerIds(ServerProcess server) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection c = server.rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM ledger.entries")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** {@code CHECKSUM TABLE} of {@code table} on {@code server}: equal on servers holding the same rows. */
    static long checksum(ServerProcess server, String table) throws SQLException {
        try (Connection c = server.rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("CHECKSUM TABLE " + table)) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /** The server's {@code @@global.gtid_executed} (MySQL). */
    static GtidSet gtidExecuted(ServerProcess server) throws SQLException {
        try (Connection c = server.rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@global.gtid_executed")) {
            rs.next();
            return GtidSet.parse(Flavor.MYSQL, rs.getString(1));
        }
    }

    static boolean readOnly(ServerProcess server) throws SQLException {
        try (Connection c = server.rootConnection(); Statement st = c.createStatement()) {
            return RoutingFixture.intOf(st, "SELECT @@read_only") == 1;
        }
    }

    /** "host:port Yes Yes" (source, IO and SQL threads), or "not a replica". */
    static String replicaSource(ServerProcess server) throws SQLException {
        try (Connection c = server.rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW REPLICA STATUS")) {
            if (!rs.next()) {
                return "not a replica";
            }
            return rs.getString("Source_Host") + ":" + rs.getInt("Source_Port") + " "
                    + rs.getString("Replica_IO_Running") + " " + rs.getString("Replica_SQL_Running");
        }
    }

    /**
     * "host:port Using_Gtid IO SQL" from MariaDB's {@code SHOW SLAVE STATUS} (its column names predate the
     * renaming), or "not a replica".
     */
    static String mariaDbReplicaSource(ServerProcess server) throws SQLException {
        try (Connection c = server.rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
            if (!rs.next()) {
                return "not a replica";
            }
            return rs.getString("Master_Host") + ":" + rs.getInt("Master_Port") + " " + rs.getString("Using_Gtid")
                    + " " + rs.getString("Slave_IO_Running") + " " + rs.getString("Slave_SQL_Running");
        }
    }

    /** Closes a client connection that may already be broken. */
    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // the connection is already broken: nothing more to release
            }
        }
    }
}
