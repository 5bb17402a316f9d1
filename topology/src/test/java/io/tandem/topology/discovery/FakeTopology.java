package io.tandem.topology.discovery;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.instance.ReplicaStatus.IoThread;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A replication topology in memory, read the way {@link JdbcInstanceReader} reads a real one: a server answers
 * under each of its addresses with the address it was asked under, names its source, and lists in
 * {@code SHOW REPLICAS} the replicas of it that registered a {@code report_host}. Servers can be changed between
 * reads to stage what happens to a cluster over time.
 */
final class FakeTopology implements InstanceReader {

    private final Map<InstanceKey, Server> servers = new LinkedHashMap<>();
    private final Map<InstanceKey, InstanceKey> aliases = new HashMap<>();
    private final Map<InstanceKey, SQLException> failures = new HashMap<>();
    private final List<InstanceKey> reads = new ArrayList<>();

    static InstanceKey key(String address) {
        return InstanceKey.parse(address);
    }

    /** A writable MySQL server without a source. */
    Server primary(String address) {
        return add(address).writable();
    }

    /** A read-only MySQL server replicating from {@code source}, both threads running, listed by its source. */
    Server replica(String address, String source) {
        return add(address).replicatingFrom(source);
    }

    /** {@code address} reaches the server known as {@code existing}, like {@code 127.0.0.1} and {@code localhost}. */
    FakeTopology alias(String address, String existing) {
        aliases.put(key(address), server(existing).key);
        return this;
    }

    /** Reading {@code address} fails with {@code error}, as the driver would for a dead or firewalled server. */
    FakeTopology unreachable(String address, SQLException error) {
        failures.put(key(address), error);
        return this;
    }

    /** Reading {@code address} works again. */
    FakeTopology reachable(String address) {
        failures.remove(key(address));
        return this;
    }

    Server server(String address) {
        Server server = servers.get(key(address));
        if (server == null) {
            throw new IllegalArgumentException("no server " + address + " in this fixture");
        }
        return server;
    }

    /** Every address read so far, in order. */
    List<InstanceKey> reads() {
        return List.copyOf(reads);
    }

    @Override
    public InstanceReport read(InstanceKey address) throws SQLException {
        reads.add(address);
        SQLException failure = failures.get(address);
        if (failure != null) {
            throw failure;
        }
        Server server = servers.get(aliases.getOrDefault(address, address));
        if (server == null) {
            throw new SQLException("Unknown MySQL server host '" + address.host() + "'", "HY000");
        }
        return server.report(address);
    }

    private Server add(String address) {
        InstanceKey key = key(address);
        if (servers.containsKey(key)) {
            throw new IllegalArgumentException("server " + address + " is already in this fixture");
        }
        Server server = new Server(key, servers.size() + 1L);
        servers.put(key, server);
        return server;
    }

    private InstanceKey canonical(InstanceKey address) {
        return aliases.getOrDefault(address, address);
    }

    /** One server's settings; every setter returns the server so a scenario reads as one sentence. */
    final class Server {

        private final InstanceKey key;
        private final long serverId;
        private Flavor flavor = Flavor.MYSQL;
        private boolean readOnly = true;
        private InstanceKey source;
        private boolean registered = true;
        private IoThread ioThread = IoThread.RUNNING;
        private boolean sqlThreadRunning = true;
        private String lastIoError = "";
        private String lastSqlError = "";

        private Server(InstanceKey key, long serverId) {
            this.key = key;
            this.serverId = serverId;
        }

        Server writable() {
            readOnly = false;
            return this;
        }

        Server readOnly() {
            readOnly = true;
            return this;
        }

        Server flavor(Flavor next) {
            flavor = next;
            return this;
        }

        /** Replicates from {@code address}, threads running, listed in the source's {@code SHOW REPLICAS}. */
        Server replicatingFrom(String address) {
            source = key(address);
            registered = true;
            return running();
        }

        /** {@code RESET REPLICA ALL}: replicates from nobody. */
        Server noSource() {
            source = null;
            return this;
        }

        /** Has no {@code report_host}, so its source does not list it; found only from a seed or an alias. */
        Server unregistered() {
            registered = false;
            return this;
        }

        /** The SQL thread stopped on {@code error}; the IO thread keeps fetching. */
        Server sqlStopped(String error) {
            sqlThreadRunning = false;
            lastSqlError = error;
            return this;
        }

        /** The IO thread lost its source and keeps retrying. */
        Server ioConnecting(String error) {
            ioThread = IoThread.CONNECTING;
            lastIoError = error;
            return this;
        }

        Server running() {
            ioThread = IoThread.RUNNING;
            sqlThreadRunning = true;
            lastIoError = "";
            lastSqlError = "";
            return this;
        }

        private InstanceReport report(InstanceKey askedAs) {
            return new InstanceReport(instance(askedAs), Optional.ofNullable(source).map(this::status), replicas());
        }

        private Instance instance(InstanceKey askedAs) {
            boolean mysql = flavor == Flavor.MYSQL;
            String uuid = mysql ? "00000000-0000-0000-0000-%012d".formatted(serverId) : null;
            GtidSet executed = mysql
                    ? GtidSet.parse(Flavor.MYSQL, "00000000-0000-0000-0000-000000000001:1-100")
                    : GtidSet.parse(Flavor.MARIADB, "0-1-100");
            return new Instance(askedAs, flavor, mysql ? "8.0.31" : "10.11.6-MariaDB-log", serverId, uuid, readOnly,
                    mysql && readOnly, executed, true, "ROW", true);
        }

        private ReplicaStatus status(InstanceKey sourceKey) {
            return new ReplicaStatus(sourceKey, ioThread, sqlThreadRunning, lastIoError, lastSqlError, GtidSet.EMPTY,
                    GtidSet.EMPTY, ioThread == IoThread.RUNNING && sqlThreadRunning ? 0L : null, true);
        }

        private List<InstanceKey> replicas() {
            return servers.values().stream()
                    .filter(s -> s.registered && s.source != null && canonical(s.source).equals(key))
                    .map(s -> s.key)
                    .toList();
        }
    }
}
