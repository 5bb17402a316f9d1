package io.tandem.topology.discovery;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tandem.topology.instance.InstanceKey;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Small Connector/J pools, one per server, for the control plane (discovery, probes, recovery). Never used on the
 * proxy's data path. Timeouts are short: an unreachable server must be reported within seconds, not hang a probe.
 */
public final class InstanceConnections implements AutoCloseable {

    private final String user;
    private final String password;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final ConcurrentMap<InstanceKey, HikariDataSource> pools = new ConcurrentHashMap<>();

    /** Pools whose reads may take three times the connect timeout. */
    public InstanceConnections(String user, String password, Duration connectTimeout) {
        this(user, password, connectTimeout, connectTimeout.multipliedBy(3));
    }

    /** Pools whose reads give up after {@code readTimeout} (the driver's socket timeout). */
    public InstanceConnections(String user, String password, Duration connectTimeout, Duration readTimeout) {
        this.user = user;
        this.password = password;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * A connection to {@code key}; close it to give it back.
     *
     * @throws SQLException when the server cannot be reached in time, carrying the driver's real cause
     */
    public Connection open(InstanceKey key) throws SQLException {
        return pools.computeIfAbsent(key, this::pool).getConnection();
    }

    private HikariDataSource pool(InstanceKey key) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("tandem-" + key);
        config.setJdbcUrl("jdbc:mysql://" + key + "/");
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
        config.setValidationTimeout(Math.max(250, connectTimeout.toMillis()));
        // a pool that cannot connect yet is normal for a dead server: report per call, never at construction
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", connectTimeout.toMillis());
        config.addDataSourceProperty("socketTimeout", readTimeout.toMillis());
        // caching_sha2_password over plain TCP needs the server's RSA key while its auth cache is cold
        config.addDataSourceProperty("allowPublicKeyRetrieval", "true");
        config.addDataSourceProperty("sslMode", "PREFERRED");
        return new HikariDataSource(config);
    }

    /** Drops the pool of a server, for example after it was removed from the cluster. */
    public void forget(InstanceKey key) {
        HikariDataSource pool = pools.remove(key);
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
