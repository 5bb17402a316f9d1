package io.tandem.failover.recovery;

import io.tandem.failover.analysis.Analysis;
import io.tandem.failover.analysis.CandidateChoice;
import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.CoordinationException;
import io.tandem.topology.store.StaleViewException;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.tandem.failover.recovery.RecoveryState.*;

/**
 * One recovery of a dead primary, as an explicit state machine: {@code DETECTED → LOCKED → VERIFIED → FENCING →
 * PROMOTING → SALVAGING → REPOINTING → PUBLISHED → RESOLVED}, or {@code ABORTED} with the reason from any state.
 * Salvage follows promotion because replaying needs the candidate writable and done with its relay log; proxies still
 * hold writes then ({@code failoverInProgress}), so replayed transactions land before any new one. It
 * re-checks the world after taking the lock (the published view, a fresh snapshot, the analysis), and before every
 * side effect checks it still leads and holds the lock. An abort after fencing clears {@code failoverInProgress}
 * again. The statements themselves are {@link InstanceAdmin}'s; this class only decides.
 */
public final class RecoveryRun {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryRun.class);

    private final RecoveryContext ctx;
    private final Analysis trigger;
    private final String id;
    private final RecoveryJournal journal;
    private final RecoverySteps steps;
    private RecoveryState state = DETECTED;
    /** When {@link #state} was entered, by {@link System#nanoTime()}. */
    private long stateSince = System.nanoTime();
    private VersionedView holding;
    private boolean locked;

    public RecoveryRun(RecoveryContext ctx, Analysis trigger, String id) {
        this.ctx = ctx;
        this.trigger = trigger;
        this.id = id;
        this.journal = new RecoveryJournal(ctx.journal(), ctx.actor(), id, ctx.clock());
        this.steps = new RecoverySteps(ctx, journal);
    }

    /** Runs to RESOLVED or ABORTED on the calling thread; never throws. */
    public RecoveryOutcome run() {
        MDC.put("recovery", id);
        try {
            return attempt();
        } catch (RecoveryAbort e) {
            return abort(e.getMessage());
        } catch (RuntimeException e) {
            // boundary: whatever breaks, the run ends ABORTED with the cause journaled and the flag cleared
            LOG.error("recovery {}: unexpected failure in {}", id, state, e);
            return abort("unexpected failure in " + state + ": " + e);
        } finally {
            if (locked) {
                release();
            }
            MDC.remove("recovery");
        }
    }

    private RecoveryOutcome attempt() {
        enter(DETECTED, trigger.toString(), Map.of("code", trigger.code().name(), "subject",
                trigger.subject().toString()));
        guard("taking the cluster lock");
        if (!ctx.lock().acquire(ctx.settings().lockTimeout())) {
            throw new RecoveryAbort("cluster lock busy for " + ctx.settings().lockTimeout().toMillis()
                    + " ms: another recovery is acting");
        }
        locked = true;
        enter(LOCKED, "cluster lock taken", Map.of());
        Plan plan = verify();
        preHook(plan);
        fence(plan);
        promote(plan);
        salvage(plan);
        repoint(plan);
        VersionedView published = publish(plan);
        enter(RESOLVED, "primary " + plan.candidate().key() + " serves epoch " + published.view().epoch()
                + " after " + journal.elapsedMillis() + " ms", Map.of("primary", plan.candidate().key().toString()));
        ctx.metrics().recovery(RecoveryKind.FAILOVER, RESOLVED.name(), Duration.ofMillis(journal.elapsedMillis()));
        postHook(plan, published.view().epoch());
        return new RecoveryOutcome(id, RESOLVED, RESOLVED, null, plan.candidate().key(), published.view().epoch(),
                journal.elapsedMillis());
    }

    /** Re-reads the view and the servers after taking the lock: act only if the problem is still there. */
    private Plan verify() {
        guard("verifying");
        steps.checkAntiFlapping();
        VersionedView current = ctx.views().read().orElseThrow(() -> new RecoveryAbort("no view is published"));
        ClusterView view = current.view();
        if (view.failoverInProgress()) {
            throw new RecoveryAbort("epoch " + view.epoch() + " already has a failover in progress");
        }
        if (!view.primaryKey().equals(trigger.subject())) {
            throw new RecoveryAbort("already fixed: epoch " + view.epoch() + " names " + view.primaryKey()
                    + " as primary, not " + trigger.subject());
        }
        ClusterSnapshot snapshot = ctx.snapshotter().take(view);
        Analysis dead = RecoveryPlanner.stillCalledFor(ctx.analyzer().analyze(snapshot), RecoveryKind.FAILOVER,
                        trigger.subject())
                .orElseThrow(() -> new RecoveryAbort("re-checked after taking the lock: no dead primary calls for a"
                        + " failover any more; " + steps.describe(snapshot)));
        CandidateChoice choice = ctx.selector().choose(snapshot);
        if (choice instanceof CandidateChoice.Refusal refusal) {
            throw new RecoveryAbort(refusal.describe());
        }
        CandidateChoice.Promote promote = (CandidateChoice.Promote) choice;
        Member candidate = view.member(promote.candidate()).orElseThrow();
        enter(VERIFIED, dead + "; promoting " + promote.candidate() + " (" + String.join(", ", promote.reasons())
                + ")", Map.of("candidate", promote.candidate().toString(), "code", dead.code().name()));
        return new Plan(current, snapshot, candidate);
    }

    /** The context every hook of this run gets on stdin. */
    private Map<String, Object> hookContext(String event, Plan plan, long epoch) {
        return Hooks.context(event, ctx.cluster(), plan.view().view().primaryKey(), plan.candidate().key(), epoch, id);
    }

    /** The pre-failover hook, before anything changes: failing or hanging, it stops the recovery. */
    private void preHook(Plan plan) {
        Hook hook = ctx.settings().hooks().pre(RecoveryKind.FAILOVER);
        if (!hook.configured()) {
            return;
        }
        guard("the pre-failover hook");
        String failure = hook.run(hookContext("pre-failover", plan, plan.view().view().epoch() + 1));
        if (failure != null) {
            throw new RecoveryAbort(failure + "; nothing was changed");
        }
        journal.note(VERIFIED, "pre-failover hook succeeded", Map.of());
    }

    /** The post-failover hook, beside the running cluster: its failure is journaled, not fatal. */
    private void postHook(Plan plan, long epoch) {
        Hook hook = ctx.settings().hooks().post(RecoveryKind.FAILOVER);
        if (!hook.configured()) {
            return;
        }
        Map<String, Object> context = hookContext("post-failover", plan, epoch);
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            String failure = hook.run(context);
            journal.note(RESOLVED, failure == null ? "post-failover hook succeeded" : failure + " (the failover"
                    + " stands)", failure == null ? Map.of() : Map.of("failed", "true"));
        });
    }

    /** The epoch first (proxies hold writes, the old primary loses its token), then the server, then STONITH. */
    private void fence(Plan plan) {
        guard("fencing");
        ClusterView old = plan.view().view();
        enter(FENCING, "publishing epoch " + (old.epoch() + 1) + " with failoverInProgress, then fencing "
                + old.primaryKey(), Map.of("epoch", Long.toString(old.epoch() + 1)));
        try {
            holding = ctx.views().compareAndSet(plan.view(), RecoveryViews.holding(old, now()));
        } catch (StaleViewException e) {
            throw new RecoveryAbort("the view changed since it was verified: " + e.getMessage());
        }
        steps.fenceOldPrimary(old.primaryKey(), flavor(plan), holding.view().epoch(),
                plan.snapshot().reachable(old.primaryKey()));
    }

    /**
     * Replays on the promoted candidate what the binlog monitor saw and it lacks. The candidate already accepts writes,
     * so a salvage failure is journaled and the recovery goes on: aborting now would leave two views of the primary.
     */
    private void salvage(Plan plan) {
        guard("salvaging");
        InstanceKey key = plan.candidate().key();
        if (ctx.salvager().isEmpty()) {
            enter(SALVAGING, "no binlog monitor: transactions " + key + " never received cannot be salvaged",
                    Map.of());
            return;
        }
        enter(SALVAGING, "salvaging onto " + key, Map.of("candidate", key.toString()));
        try {
            journal.note(SALVAGING, ctx.salvager().get().salvage(plan.snapshot(), key), Map.of());
        } catch (RuntimeException e) {
            // boundary: the candidate is writable already; name the failure and publish it anyway
            LOG.error("recovery {}: salvage onto {} failed", id, key, e);
            journal.note(SALVAGING, "salvage onto " + key + " failed (" + e + "); what the monitor held that "
                    + key + " lacks is lost", Map.of("failed", "true"));
        }
    }

    /** The candidate applies everything it fetched (bounded), then stops replicating and becomes writable. */
    private void promote(Plan plan) {
        guard("promoting");
        InstanceKey key = plan.candidate().key();
        var target = plan.snapshot().receivedOrExecuted(plan.candidate());
        Duration wait = ctx.settings().relayLogWait();
        enter(PROMOTING, "waiting up to " + wait.toMillis() + " ms for " + key + " to apply " + target,
                Map.of("candidate", key.toString(), "gtids", target.toString()));
        try {
            if (!ctx.admin().awaitExecuted(key, flavor(plan), target, wait)) {
                throw new RecoveryAbort("candidate " + key + " did not apply its relay log up to " + target
                        + " within " + wait.toMillis() + " ms");
            }
            guard("promoting " + key);
            ctx.admin().promote(key, flavor(plan));
        } catch (SQLException e) {
            throw new RecoveryAbort("promoting " + key + " failed: " + e.getMessage());
        }
    }

    private void repoint(Plan plan) {
        guard("repointing");
        enter(REPOINTING, "repointing the other reachable replicas to " + plan.candidate().key(), Map.of());
        steps.repointOthers(plan.snapshot(), plan.candidate().key(), flavor(plan), this::guard);
    }

    private VersionedView publish(Plan plan) {
        guard("publishing");
        Instance promoted = steps.describePromoted(plan.snapshot(), plan.candidate());
        ClusterView next = RecoveryViews.published(holding.view(), promoted, now());
        VersionedView published;
        try {
            published = ctx.views().compareAndSet(holding, next);
        } catch (StaleViewException e) {
            throw new RecoveryAbort("the view changed while recovering: " + e.getMessage());
        }
        holding = null;
        enter(PUBLISHED, "epoch " + next.epoch() + " published: primary " + next.primaryKey() + ", "
                + plan.view().view().primaryKey() + " FENCED", Map.of("epoch", Long.toString(next.epoch()),
                "primary", next.primaryKey().toString()));
        return published;
    }

    /** SUSPENDED or LOST ZooKeeper, or a lock that is gone: stop acting before the next side effect. */
    private void guard(String step) {
        if (!ctx.leadership().getAsBoolean()) {
            throw new RecoveryAbort("no longer leader (ZooKeeper suspended, lost or leadership handed over) before "
                    + step);
        }
        if (locked && !ctx.lock().held()) {
            throw new RecoveryAbort("cluster lock no longer held before " + step);
        }
    }

    private RecoveryOutcome abort(String reason) {
        LOG.warn("recovery {}: aborted in {}: {}", id, state, reason);
        RecoveryState stoppedIn = state;
        if (holding != null) {
            FailoverFlag.clear(ctx.views(), ctx.journal(), holding, ctx.actor(), "recovery " + id + " aborted",
                    ctx.clock());
        }
        try {
            stepDone();
            state = ABORTED;
            journal.transition(ABORTED, reason, Map.of("from", stoppedIn.name()));
        } catch (CoordinationException e) {
            LOG.warn("recovery {}: cannot journal the abort: {}", id, e.getMessage());
        }
        ctx.metrics().recovery(RecoveryKind.FAILOVER, ABORTED.name(), Duration.ofMillis(journal.elapsedMillis()));
        return new RecoveryOutcome(id, ABORTED, stoppedIn, reason, null, 0, journal.elapsedMillis());
    }

    private void enter(RecoveryState next, String message, Map<String, String> details) {
        if (next != DETECTED) {
            stepDone();
        }
        state = next;
        LOG.info("recovery {}: {} after {} ms: {}", id, next, journal.elapsedMillis(), message);
        journal.transition(next, message, details);
    }

    /** The state being left took this long. */
    private void stepDone() {
        long now = System.nanoTime();
        ctx.metrics().step(RecoveryKind.FAILOVER, state.name(), Duration.ofNanos(now - stateSince));
        stateSince = now;
    }

    private void release() {
        try {
            ctx.lock().release();
        } catch (CoordinationException e) {
            LOG.warn("recovery {}: {}", id, e.getMessage());
        }
    }

    private Instant now() {
        return ctx.clock().instant();
    }

    private static Flavor flavor(Plan plan) {
        return plan.view().view().flavor();
    }

    /** What VERIFIED decided on: the view read under the lock, the fresh snapshot, the replica to promote. */
    private record Plan(VersionedView view, ClusterSnapshot snapshot, Member candidate) {
    }

    public String id() {
        return id;
    }
}
