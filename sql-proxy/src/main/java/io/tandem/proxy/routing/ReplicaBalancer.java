package io.tandem.proxy.routing;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the replica for a read: among the view's ONLINE replicas that this proxy can reach, that are within the lag
 * bound and not ejected, the one with the fewest statements outstanding (ties taken in turn). A replica that
 * fails a statement is ejected at once and comes back only after a hold-down and several good probes in a row;
 * each ejection while the last one is recent doubles the hold-down, so a flapping replica stays out longer.
 * Shared by all event loops: lock-free.
 */
public final class ReplicaBalancer {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaBalancer.class);
    private static final int MAX_DOUBLINGS = 4;

    private final BackendTargets targets;
    private final InstanceHealth health;
    private final RoutingSettings settings;
    private final Clock clock;
    private final Map<InstanceKey, AtomicInteger> outstanding = new ConcurrentHashMap<>();
    private final Map<InstanceKey, Ejection> ejections = new ConcurrentHashMap<>();
    private final AtomicInteger turn = new AtomicInteger();

    /** Out since {@code since} for at least {@code holdDown}; {@code strikes} counts recent ejections. */
    private record Ejection(Instant since, Duration holdDown, int strikes, String cause) {
    }

    public ReplicaBalancer(BackendTargets targets, InstanceHealth health, RoutingSettings settings, Clock clock) {
        this.targets = targets;
        this.health = health;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The replica for a read, or empty when none qualifies (the read goes to the primary).
     *
     * @param mustHave the session's last write, which the replica must have executed; null for none
     * @param exclude  a replica that just failed this very statement; null for none
     */
    public Optional<ReplicaChoice> choose(GtidSet mustHave, InstanceKey exclude) {
        List<Member> replicas = targets.replicas();
        int size = replicas.size();
        if (size == 0) {
            return Optional.empty();
        }
        Instant now = ejections.isEmpty() ? null : clock.instant();
        int start = Math.floorMod(turn.getAndIncrement(), size);
        InstanceKey best = null;
        int bestLoad = Integer.MAX_VALUE;
        boolean bestConfirmed = false;
        for (int i = 0; i < size; i++) {
            Member member = replicas.get((start + i) % size);
            InstanceKey key = member.key();
            if (key.equals(exclude) || !eligible(member, now)) {
                continue;
            }
            boolean confirmed = mustHave == null || executed(key, mustHave);
            int load = load(key);
            // a replica known to have the session's write beats any that would make the read wait
            if (best == null || (confirmed && !bestConfirmed) || (confirmed == bestConfirmed && load < bestLoad)) {
                best = key;
                bestLoad = load;
                bestConfirmed = confirmed;
            }
        }
        return best == null ? Optional.empty() : Optional.of(new ReplicaChoice(best, bestConfirmed));
    }

    /** Why {@code member} may or may not serve reads now, for explain output and tests. */
    public boolean eligible(Member member, Instant now) {
        if (member.state() != MemberState.ONLINE) {
            return false;
        }
        InstanceKey key = member.key();
        if (now != null && ejected(key, now)) {
            return false;
        }
        Optional<Observation> seen = health.of(key);
        if (seen.isPresent() && !seen.get().reachable()) {
            return false;
        }
        Long lag = seen.map(Observation::lagMillis).orElse(null);
        if (lag == null && member.replication() != null && member.replication().secondsBehindSource() != null) {
            lag = member.replication().secondsBehindSource() * 1000;
        }
        return lag == null || lag <= settings.maxLag().toMillis();
    }

    private boolean ejected(InstanceKey key, Instant now) {
        Ejection ejection = ejections.get(key);
        if (ejection == null) {
            return false;
        }
        if (now.isBefore(ejection.since().plus(ejection.holdDown()))) {
            return true;
        }
        Optional<Observation> seen = health.of(key);
        boolean healthy = seen.isEmpty() || (seen.get().reachable()
                && seen.get().consecutiveOk() >= settings.healthyProbes()
                && seen.get().lastOk() != null && seen.get().lastOk().isAfter(ejection.since()));
        if (healthy) {
            LOG.info("proxy: replica {} serves reads again after {} ms out ({})", key,
                    Duration.between(ejection.since(), now).toMillis(), ejection.cause());
            // strikes are kept while the replica is back, so a quick relapse stays out longer
        }
        return !healthy;
    }

    /** What this proxy last observed {@code key} had executed, if it has read it. */
    public GtidSet executed(InstanceKey key) {
        return health.of(key).map(Observation::gtidExecuted).orElse(null);
    }

    private boolean executed(InstanceKey key, GtidSet mustHave) {
        return health.of(key).map(Observation::gtidExecuted).map(set -> set.contains(mustHave)).orElse(false);
    }

    private int load(InstanceKey key) {
        AtomicInteger count = outstanding.get(key);
        return count == null ? 0 : count.get();
    }

    /** A statement started on {@code replica}. */
    public void started(InstanceKey replica) {
        outstanding.computeIfAbsent(replica, k -> new AtomicInteger()).incrementAndGet();
    }

    /** A statement on {@code replica} ended, however. */
    public void ended(InstanceKey replica) {
        AtomicInteger count = outstanding.get(replica);
        if (count != null) {
            count.updateAndGet(n -> Math.max(0, n - 1));
        }
    }

    /** {@code replica} failed a statement or a connection: it serves no reads until it is healthy again. */
    public void failed(InstanceKey replica, String cause) {
        Instant now = clock.instant();
        Ejection next = ejections.compute(replica, (key, last) -> {
            if (last != null && now.isBefore(last.since().plus(last.holdDown()))) {
                return last; // already out: one incident, many failing statements
            }
            boolean relapse = last != null
                    && now.isBefore(last.since().plus(last.holdDown()).plus(settings.ejection().multipliedBy(8)));
            int strikes = relapse ? Math.min(last.strikes() + 1, MAX_DOUBLINGS) : 0;
            return new Ejection(now, settings.ejection().multipliedBy(1L << strikes), strikes, cause);
        });
        if (next.since().equals(now)) {
            LOG.warn("proxy: replica {} leaves the read pool for at least {} ms: {}", replica,
                    next.holdDown().toMillis(), cause);
        }
    }

    /** Statements running on {@code replica} now, for tests and metrics. */
    public int outstanding(InstanceKey replica) {
        return load(replica);
    }
}
