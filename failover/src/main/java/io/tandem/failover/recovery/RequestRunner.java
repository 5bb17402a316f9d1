package io.tandem.failover.recovery;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.json.TandemJson;
import io.tandem.topology.request.ClusterSettings;
import io.tandem.topology.request.ClusterSettingsStore;
import io.tandem.topology.request.Request;
import io.tandem.topology.request.RequestEntry;
import io.tandem.topology.request.RequestOutcome;
import io.tandem.topology.request.RequestStore;
import io.tandem.topology.store.CoordinationException;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.store.StaleViewException;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Executes operator requests on the leader, one at a time and in order, under the cluster lock (so never beside a
 * recovery): maintenance of a replica (a view change by compare-and-set), automatic failover on or off (the
 * cluster settings), acknowledge (lifts anti-flapping). Each request is journaled with who asked and the outcome,
 * and answered in its node, where the asker waits. A request that cannot be done now is refused with the reason;
 * nothing is half-done.
 */
public final class RequestRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRunner.class);
    /** Answered requests stay readable this long (an asker that polls late still finds its answer). */
    static final Duration KEEP_ANSWERED = Duration.ofHours(1);

    private final RecoveryContext ctx;
    private final RequestStore requests;
    private final ClusterSettingsStore settings;

    public RequestRunner(RecoveryContext ctx, RequestStore requests, ClusterSettingsStore settings) {
        this.ctx = ctx;
        this.requests = requests;
        this.settings = settings;
    }

    /** Runs every pending request, oldest first; a busy lock leaves them for the next round. */
    public void runPending() {
        var pending = requests.pending();
        if (pending.isEmpty()) {
            return;
        }
        if (!ctx.leadership().getAsBoolean() || !ctx.lock().acquire(ctx.settings().lockTimeout())) {
            return;
        }
        try {
            for (RequestEntry entry : pending) {
                if (!ctx.leadership().getAsBoolean() || !ctx.lock().held()) {
                    return;
                }
                run(entry);
            }
            requests.deleteAnswered(ctx.clock().instant().minus(KEEP_ANSWERED));
        } finally {
            try {
                ctx.lock().release();
            } catch (CoordinationException e) {
                LOG.warn("requests: {}", e.getMessage());
            }
        }
    }

    private void run(RequestEntry entry) {
        Request request = entry.request();
        RequestOutcome outcome;
        try {
            outcome = execute(request);
        } catch (CoordinationException e) {
            // ZooKeeper failed mid-way: every change here is one write, so nothing was half-done
            outcome = refused("ZooKeeper failed while executing it (" + e.getMessage() + "); nothing was changed");
        }
        if (!answer(entry, outcome)) {
            LOG.info("requests: {} was answered or withdrawn meanwhile", request.describe());
            return;
        }
        LOG.info("requests: {}: {} ({})", request.describe(), outcome.message(), outcome.done() ? "done" : "refused");
    }

    /** Writes the answer into the request's node and, when it took, journals it with who asked. */
    private boolean answer(RequestEntry entry, RequestOutcome outcome) {
        if (!requests.answer(entry, outcome)) {
            return false;
        }
        Request request = entry.request();
        Map<String, String> details = new HashMap<>();
        details.put("request", request.type().name());
        details.put("requestedBy", request.requestedBy());
        if (request.instance() != null) {
            details.put("instance", request.instance().toString());
        }
        if (request.enable() != null) {
            details.put("enable", request.enable().toString());
        }
        ctx.journal().append(new JournalEvent(ctx.clock().instant(), outcome.done() ? "REQUEST_DONE"
                : "REQUEST_REFUSED", ctx.actor(), request.describe() + ": " + outcome.message(), details));
        return true;
    }

    private RequestOutcome execute(Request request) {
        return switch (request.type()) {
            case MAINTENANCE -> maintenance(request.instance(), request.enable());
            case AUTO_FAILOVER -> autoFailover(request.enable());
            case ACKNOWLEDGE -> acknowledge(request);
            case SWITCHOVER -> switchover(request);
            case FAILOVER_DRY_RUN -> dryRun(RecoveryKind.FAILOVER, null);
            case SWITCHOVER_DRY_RUN -> dryRun(RecoveryKind.SWITCHOVER, request.instance());
        };
    }

    private RequestOutcome maintenance(InstanceKey key, boolean on) {
        VersionedView current = ctx.views().read().orElse(null);
        if (current == null) {
            return refused("no cluster view is published yet");
        }
        ClusterView view = current.view();
        if (view.failoverInProgress()) {
            return refused("a failover is in progress (epoch " + view.epoch() + "); ask again when it ends");
        }
        if (view.primaryKey().equals(key)) {
            return refused(key + " is the primary: maintenance applies to replicas (move the primary first)");
        }
        Member member = view.member(key).orElse(null);
        if (member == null) {
            return refused("unknown instance " + key + ": cluster " + view.cluster() + " has "
                    + view.members().map(m -> m.key().toString()).collect(Collectors.joining(", ")));
        }
        if (on == (member.state() == MemberState.MAINTENANCE)) {
            return done(key + (on ? " is already in maintenance" : " is not in maintenance"));
        }
        if (!on || member.state() == MemberState.ONLINE || member.state() == MemberState.LAGGING
                || member.state() == MemberState.STOPPED || member.state() == MemberState.UNREACHABLE) {
            // out of maintenance it starts as LAGGING: reads come back once the next observation finds it fresh
            Member next = member.withState(on ? MemberState.MAINTENANCE : MemberState.LAGGING);
            try {
                ctx.views().compareAndSet(current, RecoveryViews.replacing(view, next, ctx.clock().instant()));
            } catch (StaleViewException e) {
                return refused("the view changed while the request ran (" + e.getMessage() + "); ask again");
            }
            return done(key + (on ? " is in maintenance: no reads are routed to it and it is never promoted"
                    : " is out of maintenance: it serves reads again once it is seen fresh"));
        }
        return refused(key + " is " + member.state() + ": a DBA decides what becomes of it, not maintenance");
    }

    private RequestOutcome autoFailover(boolean on) {
        ClusterSettings before = settings.read();
        if (before.autoFailover() == on) {
            return done("automatic failover is already " + (on ? "on" : "off"));
        }
        settings.write(before.withAutoFailover(on));
        return done("automatic failover is " + (on ? "on" : "off: a dead primary is reported, not failed over;"
                + " switchover stays allowed"));
    }

    private RequestOutcome acknowledge(Request request) {
        JournalEvent event = new JournalEvent(ctx.clock().instant(), "RECOVERY_ACKNOWLEDGED", ctx.actor(),
                "anti-flapping lifted by " + request.requestedBy(), Map.of("requestedBy", request.requestedBy()));
        RecoveryHistory.acknowledged(ctx.journal().marks(), event);
        return done("anti-flapping lifted: the next failover may run at once");
    }

    private RequestOutcome dryRun(RecoveryKind kind, InstanceKey target) {
        VersionedView current = ctx.views().read().orElse(null);
        if (current == null) {
            return refused("no cluster view is published yet");
        }
        ClusterView view = current.view();
        RecoveryPlan plan = new DryRun(ctx).plan(kind, view, ctx.snapshotter().take(view), target, settings.read(),
                new RecoveryHistory(ctx.journal().marks()), ctx.clock().instant());
        return new RequestOutcome(true, plan.describe(), ctx.actor(), ctx.clock().instant(),
                TandemJson.encodePretty(plan));
    }

    private RequestOutcome switchover(Request request) {
        String id = ctx.cluster() + "-switchover-" + ctx.clock().millis();
        SwitchoverRun.Outcome outcome = new SwitchoverRun(ctx, request.instance(), request.requestedBy(), id).run();
        return outcome.done() ? done(outcome.message()) : refused(outcome.message());
    }

    /**
     * While a recovery runs, requests are answered at once rather than left waiting for the lock: a refusal that
     * names the cause beats a CLI that times out.
     */
    public void refuseAllWhileRecovering(String recovery) {
        for (RequestEntry entry : requests.pending()) {
            answer(entry, refused("a recovery is running (" + recovery + "); ask again when it ends"));
        }
    }

    private RequestOutcome done(String message) {
        return new RequestOutcome(true, message, ctx.actor(), ctx.clock().instant());
    }

    private RequestOutcome refused(String message) {
        return new RequestOutcome(false, message, ctx.actor(), ctx.clock().instant());
    }
}
