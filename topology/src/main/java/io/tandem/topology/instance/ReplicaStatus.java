package io.tandem.topology.instance;

import io.tandem.topology.gtid.GtidSet;

/**
 * A replica's replication state, from {@code SHOW REPLICA STATUS} (MySQL 8.0.22+) or {@code SHOW SLAVE STATUS}
 * (MariaDB).
 *
 * @param received transactions the IO thread has fetched into the relay log ({@code Retrieved_Gtid_Set} on MySQL,
 *     {@code Gtid_IO_Pos} on MariaDB)
 * @param executed transactions applied ({@code Executed_Gtid_Set} on MySQL, {@code @@gtid_slave_pos} on MariaDB)
 * @param secondsBehindSource {@code Seconds_Behind_Source}; {@code null} when the server reports NULL (a thread is
 *     stopped)
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/show-replica-status.html">SHOW REPLICA STATUS</a>
 */
public record ReplicaStatus(
        InstanceKey source,
        IoThread ioThread,
        boolean sqlThreadRunning,
        String lastIoError,
        String lastSqlError,
        GtidSet received,
        GtidSet executed,
        Long secondsBehindSource,
        boolean autoPosition) {

    /** The IO thread's three states as the server reports them ({@code Yes}, {@code Connecting}, {@code No}). */
    public enum IoThread {
        RUNNING,
        CONNECTING,
        STOPPED;

        public static IoThread fromServer(String value) {
            if (value == null) {
                return STOPPED;
            }
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "yes" -> RUNNING;
                case "connecting" -> CONNECTING;
                default -> STOPPED;
            };
        }
    }

    /** Both threads running: the replica follows its source. */
    public boolean replicating() {
        return ioThread == IoThread.RUNNING && sqlThreadRunning;
    }

    /** The last error either thread reported, or {@code null}. */
    public String lastError() {
        if (lastSqlError != null && !lastSqlError.isBlank()) {
            return lastSqlError;
        }
        return lastIoError == null || lastIoError.isBlank() ? null : lastIoError;
    }
}
