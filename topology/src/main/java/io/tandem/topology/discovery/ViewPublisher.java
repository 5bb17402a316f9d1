package io.tandem.topology.discovery;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.StaleViewException;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.view.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Publishes what discovery sees into the cluster view: the first view of a cluster, then fresh member health under
 * the same epoch and primary. It never moves the primary (that takes a recovery and a new epoch), it leaves a view
 * with a failover in progress to the recovery that owns it, and it writes
 * only when a member's health changed or the last observation is older than {@code heartbeat}, so that proxies
 * are not woken by every transaction's new GTID.
 */
public final class ViewPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ViewPublisher.class);

    private final String cluster;
    private final List<InstanceKey> seeds;
    private final TopologyDiscovery discovery;
    private final ClusterViewStore store;
    private final Clock clock;
    private final Duration heartbeat;

    public ViewPublisher(String cluster, List<InstanceKey> seeds, TopologyDiscovery discovery, ClusterViewStore store,
                         Clock clock, Duration heartbeat) {
        this.cluster = cluster;
        this.seeds = List.copyOf(seeds);
        this.discovery = discovery;
        this.store = store;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    /**
     * Publishes epoch 1 when the cluster has no view yet; otherwise leaves the existing view (and its epoch) alone.
     *
     * @throws IllegalStateException naming the problems when discovery finds no single primary
     */
    public VersionedView publishInitial() {
        Optional<VersionedView> existing = store.read();
        if (existing.isPresent()) {
            LOG.info("cluster {}: keeping the published view, epoch {}", cluster, existing.get().view().epoch());
            return existing.get();
        }
        DiscoveryResult result = discovery.discover(seeds);
        ClusterView view = ViewAssembler.initial(cluster, 1, result, clock.instant());
        VersionedView published = store.create(view);
        LOG.info("cluster {}: published epoch 1, primary {}, {} replicas", cluster, view.primaryKey(),
                view.replicas().size());
        return published;
    }

    /** Re-observes the members and writes the view if it changed. Returns the view as stored afterwards. */
    public Optional<VersionedView> refresh() {
        Optional<VersionedView> current = store.read();
        if (current.isEmpty()) {
            LOG.warn("cluster {}: no view to refresh", cluster);
            return current;
        }
        VersionedView before = current.get();
        if (before.view().failoverInProgress()) {
            // the recovery that set the flag owns the view until it publishes or clears it: a refresh written now
            // would make the recovery's compare-and-set fail
            LOG.debug("cluster {}: epoch {} has a failover in progress; not refreshing", cluster, before.view().epoch());
            return current;
        }
        DiscoveryResult result = discovery.discover(seeds);
        result.primary().filter(p -> !result.canonical(p).equals(result.canonical(before.view().primaryKey())))
                .ifPresent(p -> LOG.warn("cluster {}: discovery sees {} as primary but the view (epoch {}) says {};"
                        + " leaving the primary to a recovery", cluster, p, before.view().epoch(),
                        before.view().primaryKey()));
        ClusterView next = ViewAssembler.refresh(before.view(), result, clock.instant());
        if (sameMembers(before.view(), next)
                && Duration.between(before.view().observedAt(), next.observedAt()).compareTo(heartbeat) < 0) {
            return current;
        }
        try {
            return Optional.of(store.compareAndSet(before, next));
        } catch (StaleViewException e) {
            LOG.info("cluster {}: view changed while refreshing, next refresh re-reads it: {}", cluster, e.getMessage());
            return store.read();
        }
    }

    /**
     * Same members in the same health: states, writability, sources and thread states. GTID sets and
     * Seconds_Behind_Source move with every write; they are refreshed by the heartbeat, not on every change.
     */
    private static boolean sameMembers(ClusterView a, ClusterView b) {
        return shape(a).equals(shape(b));
    }

    private static List<List<Object>> shape(ClusterView view) {
        return view.members().map(m -> java.util.Arrays.<Object>asList(m.key(), m.state(), m.instance().readOnly(),
                m.instance().superReadOnly(), m.replication() == null ? null : m.replication().source(),
                m.replication() == null ? null : m.replication().ioThread(),
                m.replication() == null ? null : m.replication().sqlThreadRunning(),
                m.replication() == null ? null : m.replication().lastError())).toList();
    }
}
