package io.tandem.monitor.binlog;

import io.tandem.topology.instance.InstanceKey;

import java.time.Duration;
import java.util.Properties;

/**
 * The Debezium MySQL connector configuration of one binlog tail: no snapshot (streaming starts at the primary's
 * current binlog position), offsets and schema history in memory (a restart starts afresh, which is what following a
 * new primary needs), no global read lock on the primary, and a short poll interval so that a commit reaches the
 * monitor within milliseconds.
 *
 * @see <a href="https://debezium.io/documentation/reference/stable/connectors/mysql.html">Debezium MySQL connector</a>
 */
final class EngineProperties {

    private EngineProperties() {
    }

    static Properties of(InstanceKey primary, String user, String password, long serverId, Duration pollInterval) {
        Properties p = new Properties();
        p.setProperty("name", "tandem-binlog-monitor");
        p.setProperty("connector.class", "io.debezium.connector.mysql.MySqlConnector");
        p.setProperty("topic.prefix", "tandem");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        p.setProperty("offset.flush.interval.ms", "60000");
        p.setProperty("schema.history.internal", "io.debezium.relational.history.MemorySchemaHistory");
        p.setProperty("database.hostname", primary.host());
        p.setProperty("database.port", Integer.toString(primary.port()));
        p.setProperty("database.user", user);
        p.setProperty("database.password", password);
        // must differ from every server id of the replication topology, and from the previous tail's
        p.setProperty("database.server.id", Long.toString(serverId));
        // caching_sha2_password without TLS needs the server's RSA key while its auth cache is cold
        p.setProperty("driver.allowPublicKeyRetrieval", "true");
        p.setProperty("snapshot.mode", "no_data");
        // the schema read at start must not take FLUSH TABLES WITH READ LOCK on a live primary
        p.setProperty("snapshot.locking.mode", "none");
        p.setProperty("include.schema.changes", "false");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("poll.interval.ms", Long.toString(Math.max(1, pollInterval.toMillis())));
        // one consumer call at a time, in binlog order: the commit log relies on it
        p.setProperty("record.processing.threads", "1");
        p.setProperty("record.processing.order", "ORDERED");
        p.setProperty("record.processing.with.serial.consumer", "true");
        // a dead primary is the failover's business: fail fast and let the owner restart on the new one
        p.setProperty("errors.max.retries", "0");
        p.setProperty("connect.keep.alive", "true");
        p.setProperty("connect.timeout.ms", "5000");
        return p;
    }
}
