package io.tandem.sandbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static io.tandem.sandbox.SandboxAccounts.CLIENT_PASSWORD;
import static io.tandem.sandbox.SandboxAccounts.CLIENT_USER;
import static io.tandem.sandbox.SandboxAccounts.ORCHESTRATOR_PASSWORD;
import static io.tandem.sandbox.SandboxAccounts.ORCHESTRATOR_USER;
import static io.tandem.sandbox.SandboxAccounts.REPLICATION_PASSWORD;
import static io.tandem.sandbox.SandboxAccounts.REPLICATION_USER;

/**
 * MariaDB replication with GTIDs: {@code CHANGE MASTER TO … MASTER_USE_GTID=slave_pos}.
 *
 * @see <a href="https://mariadb.com/kb/en/gtid/">MariaDB global transaction ID</a>
 */
final class MariaDbReplicationSetup implements ReplicationSetup {

    @Override
    public void preparePrimary(Connection primary) throws SQLException {
        ReplicationSetup.execute(primary, List.of(
                "SET GLOBAL read_only = OFF",
                // older installers create an anonymous ''@localhost, which would shadow 'app'@'%' for local clients
                "DROP USER IF EXISTS ''@'localhost'",
                "CREATE USER '" + REPLICATION_USER + "'@'%' IDENTIFIED BY '" + REPLICATION_PASSWORD + "'",
                "GRANT REPLICATION SLAVE ON *.* TO '" + REPLICATION_USER + "'@'%'",
                "CREATE USER '" + ORCHESTRATOR_USER + "'@'%' IDENTIFIED BY '" + ORCHESTRATOR_PASSWORD + "'",
                // MariaDB 10.5+ split SUPER: these are the pieces discovery, the monitor and failover use
                "GRANT SELECT, RELOAD, PROCESS, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR, SLAVE MONITOR,"
                        + " REPLICATION MASTER ADMIN, REPLICATION SLAVE ADMIN, READ_ONLY ADMIN, CONNECTION ADMIN,"
                        + " BINLOG ADMIN ON *.* TO '" + ORCHESTRATOR_USER + "'@'%'",
                "GRANT ALL ON tandem.* TO '" + ORCHESTRATOR_USER + "'@'%'",
                "CREATE USER '" + CLIENT_USER + "'@'%' IDENTIFIED BY '" + CLIENT_PASSWORD + "'",
                "GRANT " + MySqlReplicationSetup.CLIENT_PRIVILEGES + " ON *.* TO '" + CLIENT_USER + "'@'%'"));
    }

    @Override
    public void replicateFrom(Connection replica, ServerLayout source) throws SQLException {
        ReplicationSetup.execute(replica, List.of(
                "STOP SLAVE",
                "CHANGE MASTER TO MASTER_HOST = '" + ServerLayout.HOST + "', MASTER_PORT = " + source.port()
                        + ", MASTER_USER = '" + REPLICATION_USER + "', MASTER_PASSWORD = '" + REPLICATION_PASSWORD + "'"
                        + ", MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1, MASTER_HEARTBEAT_PERIOD = 1",
                "START SLAVE"));
    }

    @Override
    public void stopReplication(Connection replica) throws SQLException {
        ReplicationSetup.execute(replica, List.of("STOP SLAVE"));
    }

    @Override
    public String executedGtids(Connection source) throws SQLException {
        return ReplicationSetup.single(source, "SELECT @@gtid_binlog_pos");
    }

    @Override
    public void awaitExecuted(Connection replica, String gtids, Duration timeout) throws SQLException {
        if (ReplicationSetup.waitFunction(replica, "SELECT MASTER_GTID_WAIT(?, ?)", gtids, timeout) != 0) {
            throw new SandboxException("replica did not execute " + gtids + " within " + timeout.toSeconds() + " s");
        }
    }
}
