package io.tandem.topology.instance;

import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.gtid.GtidSet;

/**
 * What one server says about itself: identity, version, writability and the binlog settings that decide whether it
 * can serve as a primary. A snapshot: it is never updated, a new probe makes a new one.
 *
 * @param serverUuid {@code @@server_uuid} on MySQL; {@code null} on MariaDB, which has no server UUID
 * @param gtidExecuted {@code @@gtid_executed} on MySQL, {@code @@gtid_current_pos} on MariaDB
 * @param logReplicaUpdates {@code log_replica_updates} (MySQL) or {@code log_slave_updates} (MariaDB): a replica
 *     without it cannot feed other replicas after promotion
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html">Binary log options</a>
 */
public record Instance(
        InstanceKey key,
        Flavor flavor,
        String version,
        long serverId,
        String serverUuid,
        boolean readOnly,
        boolean superReadOnly,
        GtidSet gtidExecuted,
        boolean logBin,
        String binlogFormat,
        boolean logReplicaUpdates) {

    /** Accepts writes from ordinary (non-SUPER) accounts. */
    public boolean writable() {
        return !readOnly && !superReadOnly;
    }
}
