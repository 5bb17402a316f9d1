package io.tandem.topology.discovery;

import io.tandem.topology.instance.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a replication topology from one or more seed addresses: each server reached names its source and its
 * registered replicas, which are visited in turn, so chains are followed in both directions. Every address is
 * visited once (no loops, whatever the replication graph), a server reached under two addresses is recognised by
 * its identity, and an unreachable server is reported, never fatal. The log says when a server becomes unreachable
 * (or fails differently) and when it is back, not again at every run: a dead old primary is discovered every few
 * seconds for as long as it stays dead.
 */
public final class TopologyDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyDiscovery.class);
    /** Far beyond any real topology; stops a misconfigured report_host from walking a whole network. */
    private static final int MAX_INSTANCES = 512;

    private final InstanceReader reader;
    /** The error last logged for each server now unreachable. */
    private final Map<InstanceKey, String> logged = new ConcurrentHashMap<>();

    public TopologyDiscovery(InstanceReader reader) {
        this.reader = reader;
    }

    public DiscoveryResult discover(Collection<InstanceKey> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("discovery needs at least one seed address");
        }
        Deque<InstanceKey> queue = new ArrayDeque<>(seeds);
        Set<InstanceKey> visited = new HashSet<>();
        Map<String, InstanceKey> byIdentity = new HashMap<>();
        Map<InstanceKey, InstanceReport> reached = new LinkedHashMap<>();
        Map<InstanceKey, InstanceKey> aliases = new HashMap<>();
        Map<InstanceKey, String> unreachable = new LinkedHashMap<>();
        while (!queue.isEmpty() && visited.size() < MAX_INSTANCES) {
            InstanceKey key = queue.poll();
            if (!visited.add(key)) {
                continue;
            }
            InstanceReport report;
            try {
                report = reader.read(key);
            } catch (SQLException e) {
                String error = describe(e);
                if (!error.equals(logged.put(key, error))) {
                    LOG.warn("discovery: {} unreachable: {}", key, error);
                }
                unreachable.put(key, error);
                continue;
            }
            if (logged.remove(key) != null) {
                LOG.info("discovery: {} reachable again", key);
            }
            InstanceKey first = byIdentity.putIfAbsent(report.identity(), key);
            if (first != null) {
                aliases.put(key, first);
                continue;
            }
            reached.put(key, report);
            report.replication().ifPresent(r -> queue.add(r.source()));
            queue.addAll(report.replicas());
        }
        return TopologyClassifier.classify(reached, aliases, unreachable);
    }

    /**
     * The driver's own words and the underlying cause, e.g. {@code Communications link failure (ConnectException:
     * Connection refused)}: a pool's "connection is not available" alone says nothing of why.
     */
    static String describe(SQLException e) {
        SQLException driver = e;
        Throwable root = e;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                driver = sql;
            }
            root = t;
        }
        String head = firstLine(driver.getMessage());
        return root == driver ? head : head + " (" + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage()) + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
