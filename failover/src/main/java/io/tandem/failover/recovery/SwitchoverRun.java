package io.tandem.failover.recovery;

import io.tandem.failover.analysis.CandidateChoice;
import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.store.StaleViewException;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A planned move of the primary to a healthy replica, run by the leader under the cluster lock (its caller holds
 * it): the next epoch is published with {@code failoverInProgress} (proxies hold new writes), the old primary drains
 * its open transactions and turns {@code super_read_only}, the candidate applies exactly what the old primary
 * executed, is promoted, the old primary replicates from it, the other replicas are repointed, and the view names the
 * new primary (proxies release the held writes to it). Until the promotion nothing is lost by stopping: the old
 * primary is made writable again and the flag cleared, so a refusal leaves the cluster as it was. Each step is
 * journaled as {@code SWITCHOVER_*}; the write pause is the time from holding to publishing.
 */
public final class SwitchoverRun {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchoverRun.class);
    /** How long the old primary's open transactions get to end before the switchover is refused. */
    static final Duration DRAIN = Duration.ofSeconds(5);

    /** How it ended: done with the new primary and the write pause, or refused with the reason. */
    public record Outcome(boolean done, String message, InstanceKey newPrimary, long pauseMillis) {
    }

    private final RecoveryContext ctx;
    private final InstanceKey target;
    private final String requestedBy;
    private final String id;
    private final long startNanos = System.nanoTime();
    /** The time each step of the hold took, "draining 12 ms", for the outcome and the journal. */
    private final java.util.List<String> steps = new java.util.ArrayList<>();
    private long stepStart;

    /** @param target the replica to promote, or null for the one a failover would choose */
    public SwitchoverRun(RecoveryContext ctx, InstanceKey target, String requestedBy, String id) {
        this.ctx = ctx;
        this.target = target;
        this.requestedBy = requestedBy;
        this.id = id;
    }

    /** Runs on the calling thread, which holds the cluster lock; never throws for an expected failure. */
    public Outcome run() {
        Outcome outcome;
        try {
            outcome = attempt();
        } catch (RecoveryAbort e) {
            outcome = new Outcome(false, e.getMessage(), null, 0);
        }
        ctx.metrics().recovery(RecoveryKind.SWITCHOVER, outcome.done() ? "DONE" : "REFUSED",
                Duration.ofNanos(System.nanoTime() - startNanos));
        journal(outcome.done() ? "SWITCHOVER_DONE" : "SWITCHOVER_REFUSED", outcome.message(), outcome.done()
                ? Map.of("primary", outcome.newPrimary().toString(), "pauseMs", Long.toString(outcome.pauseMillis()))
                : Map.of());
        return outcome;
    }

    /** What verification decided, and the view that now holds writes for it. */
    private record Held(VersionedView holding, ClusterView view, ClusterSnapshot snapshot, Member candidate) {
    }

    /**
     * Verifies, then publishes the holding epoch; a view that changed in between (a health refresh) is read and
     * verified again, a few times.
     */
    private Held verifyAndHold() {
        for (int attempt = 1; ; attempt++) {
            guard("verifying");
            VersionedView current = ctx.views().read().orElseThrow(() -> new RecoveryAbort("no cluster view is"
                    + " published yet"));
            ClusterView view = current.view();
            if (view.failoverInProgress()) {
                throw new RecoveryAbort("a failover is in progress (epoch " + view.epoch()
                        + "); ask again when it ends");
            }
            ClusterSnapshot snapshot = ctx.snapshotter().take(view);
            if (!snapshot.reachable(view.primaryKey())) {
                throw new RecoveryAbort("the primary " + view.primaryKey() + " is unreachable: that takes a failover,"
                        + " not a switchover");
            }
            Member candidate = candidate(view, snapshot);
            if (attempt == 1) {
                preHook(view, candidate);
                catchUpBeforeHolding(view, snapshot, candidate);
            }
            try {
                VersionedView holding = ctx.views().compareAndSet(current,
                        RecoveryViews.holding(view, ctx.clock().instant()));
                return new Held(holding, view, snapshot, candidate);
            } catch (StaleViewException e) {
                if (attempt == 3) {
                    throw new RecoveryAbort("the view kept changing while the switchover was verified ("
                            + e.getMessage() + "); nothing was changed, ask again");
                }
            }
        }
    }

    private Outcome attempt() {
        Held held = verifyAndHold();
        VersionedView holding = held.holding();
        ClusterView view = held.view();
        ClusterSnapshot snapshot = held.snapshot();
        Member candidate = held.candidate();
        InstanceKey old = view.primaryKey();
        Flavor flavor = view.flavor();
        journal("SWITCHOVER_VERIFIED", "moving the primary from " + old + " to " + candidate.key() + " for "
                + requestedBy + "; epoch " + holding.view().epoch() + " holds writes",
                Map.of("candidate", candidate.key().toString()));
        long holdStart = System.nanoTime();
        stepStart = holdStart;
        boolean fenced = false;
        GtidSet executed;
        try {
            guard("draining " + old);
            try {
                ctx.admin().drainAndFence(old, flavor, DRAIN);
            } catch (SQLException e) {
                throw new RecoveryAbort("the open transactions on " + old + " did not end within "
                        + DRAIN.toSeconds() + " s, or it could not be fenced (" + message(e) + ")");
            }
            fenced = true;
            executed = ctx.admin().describe(old).gtidExecuted();
            step("DRAINING");
            journal("SWITCHOVER_FENCED", old + " is " + RecoverySteps.readOnlyName(flavor) + " at " + executed,
                    Map.of("gtids", executed.toString()));
            guard("waiting for " + candidate.key());
            if (!ctx.admin().awaitExecuted(candidate.key(), flavor, executed, ctx.settings().relayLogWait())) {
                throw new RecoveryAbort(candidate.key() + " did not apply " + old + "'s last transactions within "
                        + ctx.settings().relayLogWait().toMillis() + " ms");
            }
            step("CATCHING_UP");
            guard("promoting " + candidate.key());
            ctx.admin().promote(candidate.key(), flavor);
            step("PROMOTING");
        } catch (SQLException | RecoveryAbort e) {
            undo(holding, old, flavor, fenced);
            throw new RecoveryAbort((e instanceof RecoveryAbort ? e.getMessage() : candidate.key()
                    + " could not be checked or promoted (" + message(e) + ")") + "; " + old
                    + " is the primary as before, nothing was changed");
        }
        // writes flow again as soon as the view names the new primary: the servers are described from what this
        // run knows (the next health refresh re-reads them), and the replicas are repointed after publishing
        Instance promoted = as(snapshot.instance(candidate), false, executed);
        Instance demoted = as(view.primary().instance(), true, executed);
        try {
            ctx.views().compareAndSet(holding, RecoveryViews.switched(holding.view(), promoted, demoted,
                    ctx.clock().instant()));
        } catch (StaleViewException e) {
            // nobody but this leader writes a view held for a failover: only a lost leadership gets here
            throw new RecoveryAbort("the view changed while switching over (" + e.getMessage() + "); "
                    + candidate.key() + " was promoted: check the cluster with tandem status");
        }
        step("PUBLISHING");
        long pause = Duration.ofNanos(System.nanoTime() - holdStart).toMillis();
        postHook(view, candidate, holding.view().epoch());
        repoint(old, candidate.key(), flavor);
        new RecoverySteps(ctx, new RecoveryJournal(ctx.journal(), ctx.actor(), id, ctx.clock()))
                .repointOthers(snapshot, candidate.key(), flavor, this::guard);
        String message = "primary moved from " + old + " to " + candidate.key() + " in epoch "
                + holding.view().epoch() + "; writes held for " + pause + " ms (" + String.join(", ", steps) + "); "
                + old + " replicates from " + candidate.key();
        LOG.info("switchover {}: {}", id, message);
        return new Outcome(true, message, candidate.key(), pause);
    }

    private Map<String, Object> hookContext(String event, ClusterView view, Member candidate, long epoch) {
        Map<String, Object> context = Hooks.context(event, ctx.cluster(), view.primaryKey(), candidate.key(), epoch,
                id);
        context.put("requestedBy", requestedBy);
        return context;
    }

    /**
     * Lets the target apply what the primary had executed at the snapshot before writes are held, so that the wait
     * inside the hold covers only the last moments' transactions (under load a replica's applier runs behind by a
     * few hundred milliseconds). Bounded, and not fatal: the wait inside the hold decides.
     */
    private void catchUpBeforeHolding(ClusterView view, ClusterSnapshot snapshot, Member candidate) {
        try {
            // once: on MySQL under this sandbox's load the applier cannot keep up, and chasing the primary's newer
            // sets only let it fall further behind before the hold (measured: median hold 617 ms against 262)
            ctx.admin().awaitExecuted(candidate.key(), view.flavor(), snapshot.primaryGtids(),
                    ctx.settings().relayLogWait());
        } catch (SQLException e) {
            LOG.debug("switchover {}: {} did not catch up before the hold: {}", id, candidate.key(), message(e));
        }
    }

    /** The pre-switchover hook, before anything changes: failing or hanging, it refuses the switchover. */
    private void preHook(ClusterView view, Member candidate) {
        Hook hook = ctx.settings().hooks().pre(RecoveryKind.SWITCHOVER);
        String failure = hook.run(hookContext("pre-switchover", view, candidate, view.epoch() + 1));
        if (failure != null) {
            throw new RecoveryAbort(failure + "; nothing was changed");
        }
    }

    /** The post-switchover hook, beside the running cluster: its failure is journaled, not fatal. */
    private void postHook(ClusterView view, Member candidate, long epoch) {
        Hook hook = ctx.settings().hooks().post(RecoveryKind.SWITCHOVER);
        if (!hook.configured()) {
            return;
        }
        Map<String, Object> context = hookContext("post-switchover", view, candidate, epoch);
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            String failure = hook.run(context);
            journal(failure == null ? "SWITCHOVER_NOTE" : "SWITCHOVER_HOOK_FAILED", failure == null
                    ? "post-switchover hook succeeded" : failure + " (the switchover stands)", Map.of());
        });
    }

    /** The requested target if it may be promoted, else the replica a failover would choose. */
    private Member candidate(ClusterView view, ClusterSnapshot snapshot) {
        if (target != null) {
            if (target.equals(view.primaryKey())) {
                throw new RecoveryAbort(target + " is already the primary");
            }
            Member member = view.replicas().stream().filter(m -> m.key().equals(target)).findFirst()
                    .orElseThrow(() -> new RecoveryAbort("unknown instance " + target + ": cluster " + view.cluster()
                            + " has " + view.members().map(m -> m.key().toString())
                            .collect(Collectors.joining(", "))));
            List<String> reasons = ctx.selector().exclusions(snapshot, member);
            if (!reasons.isEmpty()) {
                throw new RecoveryAbort(target + " cannot be promoted: " + String.join(", ", reasons));
            }
            return member;
        }
        CandidateChoice choice = ctx.selector().choose(snapshot);
        if (choice instanceof CandidateChoice.Refusal refusal) {
            throw new RecoveryAbort(refusal.describe());
        }
        InstanceKey chosen = ((CandidateChoice.Promote) choice).candidate();
        return view.member(chosen).orElseThrow();
    }

    /** Back to where it started: the old primary writable again (when it was fenced), the flag cleared. */
    private void undo(VersionedView holding, InstanceKey old, Flavor flavor, boolean fenced) {
        if (fenced) {
            try {
                ctx.admin().unfence(old, flavor);
            } catch (SQLException e) {
                LOG.error("switchover {}: could not make {} writable again: {}", id, old, message(e));
                journal("SWITCHOVER_NOTE", old + " could not be made writable again (" + message(e) + "): a DBA"
                        + " must set read_only OFF on it", Map.of());
            }
        }
        FailoverFlag.clear(ctx.views(), ctx.journal(), holding, ctx.actor(), "switchover " + id + " undone",
                ctx.clock());
    }

    private void repoint(InstanceKey old, InstanceKey source, Flavor flavor) {
        try {
            guard("repointing " + old);
            ctx.admin().repoint(old, source, flavor, ctx.settings().replication());
        } catch (SQLException e) {
            // the new primary serves already; the old one stays read-only for a DBA
            journal("SWITCHOVER_NOTE", old + " could not be made a replica of " + source + " (" + message(e)
                    + "); it stays " + RecoverySteps.readOnlyName(flavor), Map.of());
        }
    }

    /** {@code instance} read-only or writable, having executed {@code executed}: what a switch made of it. */
    private static Instance as(Instance instance, boolean readOnly, GtidSet executed) {
        return new Instance(instance.key(), instance.flavor(), instance.version(), instance.serverId(),
                instance.serverUuid(), readOnly, readOnly && instance.flavor() == Flavor.MYSQL, executed,
                instance.logBin(), instance.binlogFormat(),
                instance.logReplicaUpdates());
    }

    /** The step now ending took this long: timed in the metrics and named in the outcome. */
    private void step(String name) {
        long now = System.nanoTime();
        Duration took = Duration.ofNanos(now - stepStart);
        stepStart = now;
        ctx.metrics().step(RecoveryKind.SWITCHOVER, name, took);
        steps.add(name.toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + took.toMillis() + " ms");
    }

    private void guard(String step) {
        if (!ctx.leadership().getAsBoolean() || !ctx.lock().held()) {
            throw new RecoveryAbort("no longer leader or lock holder before " + step);
        }
    }

    private void journal(String type, String message, Map<String, String> details) {
        Map<String, String> all = new HashMap<>(details);
        all.put("switchover", id);
        all.put("requestedBy", requestedBy);
        all.put("elapsedMs", Long.toString(Duration.ofNanos(System.nanoTime() - startNanos).toMillis()));
        ctx.journal().appendInBackground(new JournalEvent(ctx.clock().instant(), type, ctx.actor(), message, all));
    }

    private static String message(Exception e) {
        return RecoverySteps.firstLine(e);
    }
}
