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
 * MySQL 8.0 replication: {@code CHANGE REPLICATION SOURCE TO … SOURCE_AUTO_POSITION=1}.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-gtids-howto.html">Setting up replication
 *     using GTIDs</a>
 */
final class MySqlReplicationSetup implements ReplicationSetup {

    /** Application privileges: everything a schema owner needs, nothing that bypasses read_only. */
    static final String CLIENT_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER,"
            + " CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE,"
            + " EVENT, TRIGGER, REFERENCES";

    @Override
    public void preparePrimary(Connection primary) throws SQLException {
        ReplicationSetup.execute(primary, List.of(
                "SET GLOBAL super_read_only = OFF",
                "SET GLOBAL read_only = OFF",
                "CREATE USER '" + REPLICATION_USER + "'@'%' IDENTIFIED BY '" + REPLICATION_PASSWORD + "'",
                "GRANT REPLICATION SLAVE ON *.* TO '" + REPLICATION_USER + "'@'%'",
                "CREATE USER '" + ORCHESTRATOR_USER + "'@'%' IDENTIFIED BY '" + ORCHESTRATOR_PASSWORD + "'",
                // discovery, the Debezium binlog monitor (SELECT, RELOAD, SHOW DATABASES, REPLICATION *), failover
                // (read_only switches, repointing replicas, killing sessions) and salvage (replay under
                // SET gtid_next, which SYSTEM_VARIABLES_ADMIN or SESSION_VARIABLES_ADMIN allows)
                "GRANT SELECT, INSERT, UPDATE, DELETE, RELOAD, PROCESS, SHOW DATABASES, REPLICATION SLAVE,"
                        + " REPLICATION CLIENT ON *.* TO '" + ORCHESTRATOR_USER + "'@'%'",
                "GRANT SYSTEM_VARIABLES_ADMIN, REPLICATION_SLAVE_ADMIN, CONNECTION_ADMIN, SESSION_VARIABLES_ADMIN"
                        + " ON *.* TO '" + ORCHESTRATOR_USER + "'@'%'",
                // salvage from the dead primary's binlog files: BINLOG statements (REPLICATION_APPLIER) and the DDL
                // they may hold
                "GRANT REPLICATION_APPLIER, CREATE, ALTER, DROP, INDEX, REFERENCES ON *.* TO '" + ORCHESTRATOR_USER
                        + "'@'%'",
                "GRANT ALL ON tandem.* TO '" + ORCHESTRATOR_USER + "'@'%'",
                "CREATE USER '" + CLIENT_USER + "'@'%' IDENTIFIED BY '" + CLIENT_PASSWORD + "'",
                "GRANT " + CLIENT_PRIVILEGES + " ON *.* TO '" + CLIENT_USER + "'@'%'"));
    }

    @Override
    public void replicateFrom(Connection replica, ServerLayout source) throws SQLException {
        ReplicationSetup.execute(replica, List.of(
                "STOP REPLICA",
                "CHANGE REPLICATION SOURCE TO SOURCE_HOST = '" + ServerLayout.HOST + "', SOURCE_PORT = " + source.port()
                        + ", SOURCE_USER = '" + REPLICATION_USER + "', SOURCE_PASSWORD = '" + REPLICATION_PASSWORD + "'"
                        + ", SOURCE_AUTO_POSITION = 1, GET_SOURCE_PUBLIC_KEY = 1"
                        + ", SOURCE_CONNECT_RETRY = 1, SOURCE_RETRY_COUNT = 86400, SOURCE_HEARTBEAT_PERIOD = 1",
                "START REPLICA"));
    }

    @Override
    public void stopReplication(Connection replica) throws SQLException {
        ReplicationSetup.execute(replica, List.of("STOP REPLICA"));
    }

    @Override
    public String executedGtids(Connection source) throws SQLException {
        return ReplicationSetup.single(source, "SELECT @@gtid_executed");
    }

    @Override
    public void awaitExecuted(Connection replica, String gtids, Duration timeout) throws SQLException {
        if (ReplicationSetup.waitFunction(replica, "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)", gtids, timeout) != 0) {
            throw new SandboxException("replica did not execute " + gtids + " within " + timeout.toSeconds() + " s");
        }
    }
}
