package io.tandem.proxy.observer;

import io.tandem.proxy.routing.Observation;
import io.tandem.proxy.routing.BackendTargets;
import io.tandem.proxy.routing.WriteGate;

import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.observer.ObserverRegistration;
import io.tandem.topology.probe.InstanceProbe;
import io.tandem.topology.probe.JdbcInstanceProbe;
import io.tandem.topology.probe.ProbeResult;
import io.tandem.topology.view.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The proxy's own periodic probe of every member of the current cluster view: reachable, read-only, executed GTID
 * set and lag, for routing; and, when registered, this proxy's {@code observers/<id>} report for the leader's quorum.
 *
 * <p>Threads: one control thread schedules rounds, applies probe results and owns all state; each probe runs on a
 * probe thread of its own, at most one per instance, so a hung server delays nobody else's probe, and counts as
 * unreachable once silent for twice the timeout. Event loops only read: {@link #observation} is a lock-free lookup in
 * an immutable map that the control thread replaces.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-gtids-concepts.html">GTID concepts</a>
 */
public final class InstanceObserver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceObserver.class);
    private static final long SOON_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ObserverSettings settings;
    private final Supplier<Optional<ClusterView>> view;
    private final InstanceProbe probe;
    private final ReportPublisher reports;
    private final Clock clock;
    private final String name;
    private final ScheduledExecutorService control;
    private final ExecutorService probes;
    private final ReplicaLag lag;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Map<InstanceKey, ProbeTrack> tracks = new HashMap<>();
    private volatile Map<InstanceKey, Observation> observations = Map.of();
    private final AutoCloseable ownedProbe;
    private final AtomicLong lastSoon = new AtomicLong(System.nanoTime() - SOON_INTERVAL_NANOS);

    /**
     * @param registration this proxy's observer node, or {@code null} to publish nothing (fixed-primary mode)
     * @param publishedLag the latest published lag sample of an instance, as {@code LagSubscription::latest}
     */
    public InstanceObserver(ObserverSettings settings, Supplier<Optional<ClusterView>> view, InstanceProbe probe,
                            ObserverRegistration registration,
                            Function<InstanceKey, Optional<LagSample>> publishedLag, Clock clock) {
        this(settings, view, probe, registration, publishedLag, clock, null);
    }

    private InstanceObserver(ObserverSettings settings, Supplier<Optional<ClusterView>> view, InstanceProbe probe,
                             ObserverRegistration registration,
                             Function<InstanceKey, Optional<LagSample>> publishedLag, Clock clock,
                             AutoCloseable ownedProbe) {
        this.settings = settings;
        this.view = view;
        this.probe = probe;
        this.reports = registration == null ? null : new ReportPublisher(registration, settings.reportInterval());
        this.clock = clock;
        this.name = registration == null ? "observer" : "observer " + registration.observerId();
        this.ownedProbe = ownedProbe;
        this.lag = new ReplicaLag(publishedLag, settings.lagFreshness(), settings.lagWindow());
        this.control = Executors.newSingleThreadScheduledExecutor(daemon(n -> "tandem-observer"));
        this.probes = Executors.newCachedThreadPool(daemon(n -> "tandem-probe-" + n));
    }

    /** An observer probing over JDBC with the settings' monitor account; it closes its probe's pools on close. */
    public static InstanceObserver overJdbc(ObserverSettings settings, Flavor flavor,
                                            Supplier<Optional<ClusterView>> view, ObserverRegistration registration,
                                            Function<InstanceKey, Optional<LagSample>> publishedLag, Clock clock) {
        JdbcInstanceProbe jdbc = new JdbcInstanceProbe(flavor, settings.monitorUser(), settings.monitorPassword(),
                settings.timeout(), settings.timeout());
        return new InstanceObserver(settings, view, jdbc, registration, publishedLag, clock, jdbc);
    }

    /** Starts probing: the first round at once, then one per probe interval. */
    public InstanceObserver start() {
        control.scheduleWithFixedDelay(this::round, 0, settings.probeInterval().toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    /** Probes every instance now rather than at the next interval, e.g. when the view names a new primary. */
    public void probeNow() {
        try {
            control.execute(this::round);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("{}: closed, no probe round for a view change", name);
        }
    }

    /**
     * Probes now because a connection to {@code server} just failed or ended unasked (a crash is felt there first),
     * at most once per {@link #SOON_INTERVAL_NANOS}: a thousand sessions losing their server start one round.
     * Safe to call from an event loop.
     */
    public void probeSoon(InstanceKey server) {
        long now = System.nanoTime();
        long last = lastSoon.get();
        if (now - last >= SOON_INTERVAL_NANOS && lastSoon.compareAndSet(last, now)) {
            LOG.debug("{}: a connection to {} failed or ended: probing now", name, server);
            probeNow();
        }
    }

    /**
     * Ties this observer to a proxy's routing: held writes are looked at again whenever an observation flips, and a
     * new view is probed at once, so a new primary's {@code read_only} is known before writes go to it.
     */
    public InstanceObserver wire(BackendTargets targets, WriteGate writes) {
        onChange(writes::changed);
        targets.onChange(this::probeNow);
        return this;
    }

    /** What was last seen of {@code key}; empty before its first probe returned or once it left the view. */
    public Optional<Observation> observation(InstanceKey key) {
        return Optional.ofNullable(observations.get(key));
    }

    /** Every current observation, as one consistent snapshot. */
    public Map<InstanceKey, Observation> observations() {
        return observations;
    }

    /**
     * Runs {@code listener} on the control thread whenever an instance is first seen, leaves the view, or flips
     * reachable or read-only. Keep it short: hand work to its owner's thread (an event loop's {@code execute}).
     */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void round() {
        try {
            Instant now = clock.instant();
            ClusterView current = view.get().orElse(null);
            Set<InstanceKey> members = new LinkedHashSet<>();
            if (current != null) {
                current.members().forEach(m -> members.add(m.key()));
                lag.primaryIs(current.primaryKey());
            }
            forgetLeavers(members);
            long overdueNanos = settings.overdueAfter().toNanos();
            for (InstanceKey key : members) {
                ProbeTrack track = tracks.computeIfAbsent(key, ProbeTrack::new);
                if (!track.inFlight()) {
                    launch(track);
                } else if (track.overdue(overdueNanos)) {
                    apply(key, ProbeOutcome.silent(key, settings.overdueAfter().toMillis()));
                }
            }
            if (reports != null) {
                reports.publish(observations.values(), now);
            }
        } catch (RuntimeException e) {
            // boundary: a scheduled task that throws is never run again, and the proxy would route on stale state
            LOG.error("{}: probe round failed", name, e);
        }
    }

    private void forgetLeavers(Set<InstanceKey> members) {
        Set<InstanceKey> leavers = new HashSet<>(tracks.keySet());
        leavers.addAll(observations.keySet());
        leavers.removeAll(members);
        if (leavers.isEmpty()) {
            return;
        }
        tracks.keySet().removeAll(leavers);
        if (ownedProbe instanceof JdbcInstanceProbe jdbc) {
            leavers.forEach(jdbc::forget);
        }
        Map<InstanceKey, Observation> next = new HashMap<>(observations);
        if (next.keySet().removeAll(leavers)) {
            observations = Map.copyOf(next);
            LOG.info("{}: no longer observing {}", name, leavers);
            fireChange();
        }
    }

    private void launch(ProbeTrack track) {
        track.started(System.nanoTime());
        probes.execute(() -> {
            ProbeOutcome outcome = ProbeOutcome.of(probe, track.key());
            try {
                control.execute(() -> completed(track, outcome));
            } catch (RejectedExecutionException e) {
                LOG.debug("{}: closed while probing {}", name, track.key());
            }
        });
    }

    private void completed(ProbeTrack track, ProbeOutcome outcome) {
        if (tracks.get(track.key()) != track) {
            return; // the instance left the view (and maybe came back) while this probe ran
        }
        track.finished();
        apply(track.key(), outcome);
    }

    private void apply(InstanceKey key, ProbeOutcome outcome) {
        Instant at = clock.instant();
        Observation previous = observations.get(key);
        ProbeResult result = outcome.result();
        Observation next;
        if (result != null) {
            next = Observation.afterSuccess(previous, key, at, result, lag.observed(key, result.gtidExecuted(), at));
        } else {
            LOG.debug("{}: {} unreachable: {}", name, key, outcome.error());
            next = Observation.afterFailure(previous, key, at, outcome.error(), lag.observed(key, null, at));
        }
        Map<InstanceKey, Observation> replaced = new HashMap<>(observations);
        replaced.put(key, next);
        observations = Map.copyOf(replaced);
        if (!next.routesLike(previous)) {
            LOG.info("{}: {} is now {}{}", name, key, next.reachable() ? "reachable" : "unreachable",
                    next.readOnly() == null ? "" : next.readOnly() ? ", read-only" : ", writable");
            fireChange();
            if (reports != null) {
                // the orchestrators count this report as a vote on a dead primary: publish the flip now, not a
                // round later
                reports.publish(observations.values(), at);
            }
        }
    }

    private void fireChange() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                // boundary: one failing listener must not stop the others or the observer
                LOG.error("{}: change listener failed", name, e);
            }
        }
    }

    private static ThreadFactory daemon(IntFunction<String> name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name.apply(count.incrementAndGet()));
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops probing. Probes in flight are interrupted; a registration passed in is left for its owner to close. */
    @Override
    public void close() {
        control.shutdownNow();
        probes.shutdownNow();
        if (ownedProbe != null) {
            try {
                ownedProbe.close();
            } catch (Exception e) {
                // boundary: closing pools must not stop the rest of the shutdown
                LOG.warn("{}: closing the probe failed: {}", name, e.toString());
            }
        }
    }
}
