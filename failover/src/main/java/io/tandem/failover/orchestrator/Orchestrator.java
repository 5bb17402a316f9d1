package io.tandem.failover.orchestrator;

import io.tandem.failover.analysis.Analysis;
import io.tandem.failover.analysis.CandidateSelector;
import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.failover.analysis.ReplicationAnalyzer;
import io.tandem.failover.recovery.ClusterLock;
import io.tandem.failover.recovery.InstanceAdmin;
import io.tandem.failover.recovery.RecoveryContext;
import io.tandem.failover.recovery.RecoveryMetrics;
import io.tandem.failover.recovery.RecoveryOutcome;
import io.tandem.failover.recovery.RecoveryPlanner;
import io.tandem.failover.recovery.RequestRunner;
import io.tandem.topology.request.ClusterSettingsStore;
import io.tandem.topology.request.RequestStore;
import io.tandem.failover.recovery.RecoveryRun;
import io.tandem.failover.recovery.Rejoin;
import io.tandem.failover.recovery.Salvager;
import io.tandem.failover.recovery.Snapshotter;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.observer.ObserverRegistration;
import io.tandem.topology.observer.ObserverReport;
import io.tandem.topology.json.TandemJson;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.VersionedView;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One orchestrator process for one cluster: competes for leadership with a Curator {@link LeaderLatch} at
 * {@code /tandem/<cluster>/leader}, probes the cluster every tick and publishes what it sees as an observer, and while
 * it leads analyzes each snapshot and runs one {@link RecoveryRun} at a time for a dead primary. A SUSPENDED or LOST
 * ZooKeeper connection ends its leadership at once (a running recovery aborts at its next guard); after
 * RECONNECTED it acts again only once the latch confirms it still leads.
 */
public final class Orchestrator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);
    /**
     * While the leader cannot reach the primary, it looks again this soon instead of a whole tick later: the
     * replicas' and observers' verdicts arrive within milliseconds of a crash, and each saved tick is failover time.
     */
    private static final long RECHECK_MILLIS = 50;

    private final OrchestratorSettings settings;
    private final CuratorFramework client;
    private final Snapshotter snapshotter;
    private final ClusterViewStore views;
    private final ClusterJournal journal;
    private final ReplicationAnalyzer analyzer;
    private final RecoveryContext recovery;
    private final AnalysisJournal analyses;
    private final ObserverReporter reporter;
    private final RequestRunner requests;
    private final ClusterSettingsStore clusterSettings;
    /** The dead primary last reported as not failed over because automatic failover is off (journaled once). */
    private volatile InstanceKey suppressed;
    private final LeaderLatch latch;
    private final AtomicBoolean connected = new AtomicBoolean(true);
    private final AtomicBoolean recheckPending = new AtomicBoolean();
    private final ScheduledExecutorService ticks;
    private final ExecutorService recoveries;
    private final Consumer<RecoveryOutcome> outcomes;
    private final Clock clock;
    private volatile CompletableFuture<RecoveryOutcome> running = CompletableFuture.completedFuture(null);
    private volatile long notBeforeNanos = System.nanoTime();
    private volatile InstanceKey primary;
    private boolean leading;

    public Orchestrator(OrchestratorSettings settings, CuratorFramework client, Snapshotter snapshotter,
                        InstanceAdmin admin, ClusterLock lock, ObserverRegistration registration,
                        Optional<Salvager> salvager, Consumer<RecoveryOutcome> outcomes, Clock clock,
                        RecoveryMetrics metrics) {
        this.settings = settings;
        this.client = client;
        this.snapshotter = snapshotter;
        this.clock = clock;
        this.outcomes = outcomes;
        this.views = new ClusterViewStore(client, settings.cluster());
        this.journal = new ClusterJournal(client, settings.cluster(), settings.journalRetention());
        this.analyzer = new ReplicationAnalyzer(settings.analysis(), settings.rules());
        this.recovery = new RecoveryContext(settings.cluster(), settings.id(), views, journal, lock, snapshotter,
                admin, analyzer, new CandidateSelector(settings.analysis(), settings.rules()), salvager,
                this::leads, settings.recovery(), clock, metrics);
        this.analyses = new AnalysisJournal(journal, settings.id(), clock);
        this.clusterSettings = new ClusterSettingsStore(client, settings.cluster());
        this.requests = new RequestRunner(recovery, new RequestStore(client, settings.cluster()), clusterSettings);
        this.reporter = new ObserverReporter(registration);
        this.latch = new LeaderLatch(client, views.paths().root() + "/leader", settings.id());
        this.ticks = Executors.newSingleThreadScheduledExecutor(daemon("tandem-orchestrator-" + settings.id()));
        this.recoveries = Executors.newSingleThreadExecutor(daemon("tandem-recovery-" + settings.id()));
    }

    public Orchestrator start() {
        client.getConnectionStateListenable().addListener((c, state) -> stateChanged(state));
        try {
            latch.start();
        } catch (Exception e) {
            throw new IllegalStateException("orchestrator " + settings.id() + ": cannot join the leader election", e);
        }
        long tick = settings.tick().toMillis();
        ticks.scheduleWithFixedDelay(this::tick, 0, tick, TimeUnit.MILLISECONDS);
        LOG.info("orchestrator {}: watching cluster {} every {} ms", settings.id(), settings.cluster(), tick);
        return this;
    }

    /** Leads and may act: the latch says so and the connection is neither SUSPENDED nor LOST. */
    public boolean leads() {
        return connected.get() && latch.hasLeadership();
    }

    /** Curator's rule: SUSPENDED means stop acting, LOST means start over (the latch re-joins by itself). */
    private void stateChanged(ConnectionState state) {
        switch (state) {
            case SUSPENDED, LOST -> {
                if (connected.getAndSet(false)) {
                    LOG.warn("orchestrator {}: ZooKeeper {}: not acting until reconnected", settings.id(), state);
                }
            }
            case CONNECTED, RECONNECTED -> connected.set(true);
            default -> { }
        }
    }

    private void tick() {
        MDC.put("cluster", settings.cluster());
        try {
            Optional<VersionedView> view = views.read();
            if (view.isEmpty()) {
                return;
            }
            primary = view.get().view().primaryKey();
            ClusterSnapshot snapshot = snapshotter.take(view.get().view());
            reporter.publish(snapshot);
            recovery.salvager().ifPresent(s -> s.watch(snapshot));
            if (!leads()) {
                if (leading) {
                    LOG.warn("orchestrator {}: no longer leader", settings.id());
                    leading = false;
                }
                return;
            }
            if (!leading) {
                leading = true;
                analyses.reset();
                new LeaderTakeover(views, journal, settings.id(), clock).finishInterrupted();
                warmUp(view.get());
                return;
            }
            if (!running.isDone()) {
                requests.refuseAllWhileRecovering("recovery of " + primary);
                // mid-recovery the cluster is between two views (a promoted replica, replicas being repointed):
                // the run journals its own steps, and analyses of the in-between state would only read as faults
                return;
            }
            List<Analysis> found = analyzer.analyze(snapshot);
            analyses.record(found);
            maybeRecover(view.get(), found);
            if (running.isDone()) {
                requests.runPending();
            }
            if (!snapshot.reachable(snapshot.primary().key()) && running.isDone()) {
                recheckSoon();
            }
        } catch (RuntimeException e) {
            // boundary: a failed round (ZooKeeper blip) must not end the schedule; the next tick starts over
            LOG.warn("orchestrator {}: round failed: {}", settings.id(), e.toString());
        } finally {
            MDC.remove("cluster");
        }
    }

    /**
     * Builds, on taking the lead, the JSON serializers a recovery writes with (the view, journal events): on a cold
     * JVM the first encoding of a type costs tens of milliseconds, which would otherwise land inside the first
     * failover.
     */
    private void warmUp(VersionedView view) {
        TandemJson.encode(view.view());
        TandemJson.encode(new JournalEvent(clock.instant(), "WARM_UP", settings.id(), "", Map.of("k", "v")));
    }

    /**
     * Another observer's report (a proxy that lost its connections to the primary publishes at once): when it says
     * the primary is unreachable, the leader looks now rather than at its next tick. Runs on Curator's thread.
     */
    public void observed(ObserverReport report) {
        InstanceKey current = primary;
        if (current == null || report.observerId().equals(settings.id()) || !leads()) {
            return;
        }
        boolean lost = report.instances().stream().anyMatch(e -> e.key().equals(current) && !e.reachable());
        if (lost && running.isDone()) {
            recheck(0);
        }
    }

    private void recheckSoon() {
        recheck(RECHECK_MILLIS);
    }

    private void recheck(long delayMillis) {
        if (recheckPending.compareAndSet(false, true)) {
            try {
                ticks.schedule(() -> {
                    recheckPending.set(false);
                    tick();
                }, delayMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("orchestrator {}: stopped, no re-check", settings.id());
            }
        }
    }

    private void maybeRecover(VersionedView view, List<Analysis> found) {
        if (!running.isDone() || view.view().failoverInProgress() || System.nanoTime() - notBeforeNanos < 0) {
            return;
        }
        RecoveryPlanner.next(found).ifPresent(problem -> {
            switch (RecoveryPlanner.recoveryFor(problem.code()).orElseThrow()) {
                case FAILOVER -> {
                    if (clusterSettings.read().autoFailover()) {
                        recover(problem);
                    } else {
                        reportSuppressed(problem);
                    }
                }
                case REJOIN -> rejoin(problem);
                // asked for, never found: no analysis maps to them
                case SWITCHOVER, DRILL -> throw new IllegalStateException(problem + " maps to an operator recovery");
            }
        });
    }

    /** Automatic failover is off: the dead primary is journaled once, and left to an operator. */
    private void reportSuppressed(Analysis problem) {
        if (problem.subject().equals(suppressed)) {
            return;
        }
        suppressed = problem.subject();
        LOG.warn("orchestrator {}: {}; automatic failover is off, not failing over", settings.id(), problem);
        journal.append(new JournalEvent(clock.instant(), "FAILOVER_SUPPRESSED", settings.id(), problem
                + "; automatic failover is off (tandem auto-failover on re-enables it)",
                Map.of("code", problem.code().name(), "subject", problem.subject().toString())));
    }

    /**
     * A returned old primary, on the recovery thread so that it never overlaps a recovery; a lost compare-and-set is
     * retried at the next tick, anything else that stopped it after the retry backoff.
     */
    private void rejoin(Analysis returned) {
        Rejoin rejoin = new Rejoin(recovery, returned);
        running = CompletableFuture.supplyAsync(() -> {
            if (rejoin.run() == Rejoin.Result.SKIPPED) {
                notBeforeNanos = System.nanoTime() + settings.retryBackoff().toNanos();
            }
            return (RecoveryOutcome) null;
        }, recoveries).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.error("orchestrator {}: rejoin of {} failed", settings.id(), returned.subject(), failure);
                notBeforeNanos = System.nanoTime() + settings.retryBackoff().toNanos();
            }
        });
    }

    private void recover(Analysis trigger) {
        String id = settings.cluster() + "-" + clock.millis();
        RecoveryRun run = new RecoveryRun(recovery, trigger, id);
        running = CompletableFuture.supplyAsync(run::run, recoveries).whenComplete((outcome, failure) -> {
            if (failure != null) {
                LOG.error("orchestrator {}: recovery {} failed", settings.id(), id, failure);
                notBeforeNanos = System.nanoTime() + settings.retryBackoff().toNanos();
                return;
            }
            if (!outcome.resolved()) {
                notBeforeNanos = System.nanoTime() + settings.retryBackoff().toNanos();
            }
            outcomes.accept(outcome);
        });
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        recoveries.shutdownNow();
        try {
            ticks.awaitTermination(5, TimeUnit.SECONDS);
            recoveries.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reporter.close();
        try {
            latch.close();
        } catch (IOException | IllegalStateException e) {
            LOG.warn("orchestrator {}: leaving the election: {}", settings.id(), e.getMessage());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
