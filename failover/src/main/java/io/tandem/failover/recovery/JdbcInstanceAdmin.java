package io.tandem.failover.recovery;

import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.discovery.JdbcInstanceReader;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.gtid.MariaDbBinlogState;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * {@link InstanceAdmin} over Connector/J, for MySQL 8.0.22+ and MariaDB. Fencing goes through pools with short
 * timeouts (the old primary may hang); the relay-log wait through pools whose reads outlast the wait.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/change-replication-source-to.html">CHANGE REPLICATION
 *     SOURCE TO</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/gtid-functions.html">WAIT_FOR_EXECUTED_GTID_SET</a>
 * @see <a href="https://mariadb.com/kb/en/change-master-to/">CHANGE MASTER TO (MariaDB)</a>
 * @see <a href="https://mariadb.com/kb/en/gtid/#gtid_binlog_state">gtid_binlog_state (MariaDB)</a>
 */
public final class JdbcInstanceAdmin implements InstanceAdmin, AutoCloseable {

    private final InstanceConnections quick;
    private final InstanceConnections patient;

    /**
     * @param connectTimeout connect timeout of every statement
     * @param readTimeout read timeout of fencing and of the other short statements
     * @param longestWait the longest relay-log wait asked for: waits read for that long plus a margin
     */
    public JdbcInstanceAdmin(String user, String password, Duration connectTimeout, Duration readTimeout,
                             Duration longestWait) {
        this.quick = new InstanceConnections(user, password, connectTimeout, readTimeout);
        this.patient = new InstanceConnections(user, password, connectTimeout,
                longestWait.plus(readTimeout).plusSeconds(1));
    }

    @Override
    public void fence(InstanceKey key, Flavor flavor) throws SQLException {
        execute(quick, key, flavor == Flavor.MYSQL ? List.of("SET GLOBAL super_read_only = ON")
                : List.of("SET GLOBAL read_only = ON"));
    }

    @Override
    public void drainAndFence(InstanceKey key, Flavor flavor, Duration drain) throws SQLException {
        long seconds = Math.max(1, (drain.toMillis() + 999) / 1000);
        execute(patient, key, List.of("SET SESSION lock_wait_timeout = " + seconds,
                flavor == Flavor.MYSQL ? "SET GLOBAL super_read_only = ON" : "SET GLOBAL read_only = ON"));
    }

    @Override
    public void unfence(InstanceKey key, Flavor flavor) throws SQLException {
        execute(quick, key, flavor == Flavor.MYSQL
                ? List.of("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF")
                : List.of("SET GLOBAL read_only = OFF"));
    }

    @Override
    public boolean awaitExecuted(InstanceKey key, Flavor flavor, GtidSet gtids, Duration timeout)
            throws SQLException {
        if (gtids.isEmpty()) {
            return true;
        }
        String sql = flavor == Flavor.MYSQL ? "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)" : "SELECT MASTER_GTID_WAIT(?, ?)";
        try (Connection c = patient.open(key); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, gtids.toString());
            ps.setDouble(2, timeout.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                // both return 0 once executed; MySQL 1 and MariaDB -1 on timeout
                return rs.next() && rs.getLong(1) == 0 && !rs.wasNull();
            }
        }
    }

    @Override
    public void promote(InstanceKey key, Flavor flavor) throws SQLException {
        execute(quick, key, flavor == Flavor.MYSQL
                ? List.of("STOP REPLICA", "RESET REPLICA ALL", "SET GLOBAL super_read_only = OFF",
                        "SET GLOBAL read_only = OFF")
                : List.of("STOP SLAVE", "RESET SLAVE ALL", "SET GLOBAL read_only = OFF"));
    }

    @Override
    public void repoint(InstanceKey replica, InstanceKey source, Flavor flavor, ReplicationAccount account)
            throws SQLException {
        String change = flavor == Flavor.MYSQL
                ? "CHANGE REPLICATION SOURCE TO SOURCE_HOST = " + quote(source.host()) + ", SOURCE_PORT = "
                        + source.port() + ", SOURCE_USER = " + quote(account.user()) + ", SOURCE_PASSWORD = "
                        + quote(account.password()) + ", SOURCE_AUTO_POSITION = 1, GET_SOURCE_PUBLIC_KEY = 1"
                        + ", SOURCE_CONNECT_RETRY = 1, SOURCE_HEARTBEAT_PERIOD = 1"
                : "CHANGE MASTER TO MASTER_HOST = " + quote(source.host()) + ", MASTER_PORT = " + source.port()
                        + ", MASTER_USER = " + quote(account.user()) + ", MASTER_PASSWORD = "
                        + quote(account.password()) + ", MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1";
        execute(quick, replica, flavor == Flavor.MYSQL ? List.of("STOP REPLICA", change, "START REPLICA")
                : List.of("STOP SLAVE", change, "START SLAVE"));
    }

    @Override
    public GtidSet unloggedOn(InstanceKey source, Flavor flavor, GtidSet executed) throws SQLException {
        if (flavor == Flavor.MYSQL || executed.isEmpty()) {
            return GtidSet.EMPTY;
        }
        try (Connection c = quick.open(source); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@gtid_binlog_state")) {
            rs.next();
            return MariaDbBinlogState.parse(rs.getString(1)).unlogged(executed);
        }
    }

    @Override
    public Instance describe(InstanceKey key) throws SQLException {
        return new JdbcInstanceReader(quick).read(key).instance();
    }

    private static void execute(InstanceConnections pool, InstanceKey key, List<String> statements)
            throws SQLException {
        try (Connection c = pool.open(key); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** A string literal for statements that take no placeholders (CHANGE REPLICATION SOURCE TO). */
    static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public void close() {
        quick.close();
        patient.close();
    }
}
