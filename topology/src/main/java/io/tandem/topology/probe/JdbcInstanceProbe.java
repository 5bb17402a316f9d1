package io.tandem.topology.probe;

import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * The probe over Connector/J: one statement on a pooled connection, bounded by the connect and socket timeouts.
 * MySQL answers {@code @@read_only, @@super_read_only, @@gtid_executed}; MariaDB has no {@code super_read_only}, so
 * its {@code read_only} (a boolean, an enum in recent releases) is the whole answer, and it keeps its executed
 * position in {@code @@gtid_current_pos}, as {@link io.tandem.topology.discovery.JdbcInstanceReader} reads it.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_super_read_only">
 *     super_read_only</a>
 * @see <a href="https://mariadb.com/kb/en/server-system-variables/#read_only">read_only (MariaDB)</a>
 */
public final class JdbcInstanceProbe implements InstanceProbe, AutoCloseable {

    private static final String MYSQL = "SELECT @@read_only, @@super_read_only, @@gtid_executed";
    private static final String MARIADB = "SELECT @@read_only, 0, @@gtid_current_pos";

    private final Flavor flavor;
    private final InstanceConnections connections;

    public JdbcInstanceProbe(Flavor flavor, String user, String password, Duration connectTimeout,
                             Duration readTimeout) {
        this.flavor = flavor;
        this.connections = new InstanceConnections(user, password, connectTimeout, readTimeout);
    }

    @Override
    public ProbeResult probe(InstanceKey key) throws ProbeException {
        try (Connection c = connections.open(key); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(flavor == Flavor.MYSQL ? MYSQL : MARIADB)) {
            if (!rs.next()) {
                throw new ProbeException(key + " answered the probe with no row");
            }
            boolean readOnly = on(rs.getString(1)) || on(rs.getString(2));
            return new ProbeResult(readOnly, GtidSet.parse(flavor, rs.getString(3)));
        } catch (SQLException e) {
            throw new ProbeException(key + ": " + firstLine(e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            throw new ProbeException(key + " answered an unreadable GTID set: " + e.getMessage(), e);
        }
    }

    /** A server flag as text: {@code 0}/{@code OFF} is off; {@code 1}, {@code ON} and MariaDB's enum values are on. */
    static boolean on(String value) {
        if (value == null) {
            return false;
        }
        String v = value.strip().toUpperCase(Locale.ROOT);
        return !(v.isEmpty() || v.equals("0") || v.equals("OFF") || v.equals("FALSE"));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }

    /** Drops the pooled connection of a server that left the cluster. */
    public void forget(InstanceKey key) {
        connections.forget(key);
    }

    @Override
    public void close() {
        connections.close();
    }
}
