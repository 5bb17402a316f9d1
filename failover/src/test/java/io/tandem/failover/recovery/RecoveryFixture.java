package io.tandem.failover.recovery;

import io.tandem.failover.analysis.AnalysisSettings;
import io.tandem.failover.analysis.CandidateSelector;
import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.failover.analysis.MemberProbe;
import io.tandem.failover.analysis.PromotionRules;
import io.tandem.failover.analysis.ReplicationAnalyzer;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;
import org.apache.curator.framework.CuratorFramework;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A dead primary db1 with replicas db2 (received P:1-10, executed P:1-9) and db3 (P:1-8), both reachable and
 * reconnecting: the textbook DEAD_PRIMARY, with db2 the candidate. The view and journal are in a real ZooKeeper.
 */
final class RecoveryFixture {

    static final String P = "11111111-1111-1111-1111-111111111111";
    static final String ERRANT = "22222222-2222-2222-2222-222222222222:1-2";
    static final InstanceKey DB1 = InstanceKey.parse("db1:3306");
    static final InstanceKey DB2 = InstanceKey.parse("db2:3306");
    static final InstanceKey DB3 = InstanceKey.parse("db3:3306");

    final String cluster;
    final ClusterViewStore views;
    final ClusterJournal journal;
    final FakeAdmin admin = new FakeAdmin();
    final AtomicBoolean leader = new AtomicBoolean(true);
    final FakeLock lock = new FakeLock();
    /** What the recoveries counted: "recovery kind result" and "step kind step". */
    final List<String> counted = new java.util.concurrent.CopyOnWriteArrayList<>();
    final RecoveryMetrics metrics = new RecoveryMetrics() {
        @Override
        public void recovery(RecoveryKind kind, String result, java.time.Duration took) {
            counted.add("recovery " + kind.label() + " " + result);
        }

        @Override
        public void step(RecoveryKind kind, String step, java.time.Duration took) {
            counted.add("step " + kind.label() + " " + step);
        }
    };
    String db2Executed = P + ":1-9";
    String db3Executed = P + ":1-8";
    Runnable onSnapshot = () -> { };
    Optional<Salvager> salvager = Optional.empty();
    /** Whether db1, the old primary, answers probes again (read-only, replicating from db2 once rejoined). */
    boolean db1Returned;
    /** Whether db1 is the live, writable primary (a switchover's world) rather than dead. */
    boolean db1Alive;
    RecoverySettings settings = RecoverySettings.defaults(new ReplicationAccount("repl", "repl"));

    RecoveryFixture(CuratorFramework client, String cluster) {
        this.cluster = cluster;
        this.views = new ClusterViewStore(client, cluster);
        this.journal = new ClusterJournal(client, cluster);
        views.create(new ClusterView(cluster, 1, Flavor.MYSQL, new Member(MemberState.ONLINE,
                instance(DB1, P + ":1-10", false), null), List.of(
                new Member(MemberState.ONLINE, instance(DB2, P + ":1-9", true), status(P + ":1-9", P + ":1-10")),
                new Member(MemberState.ONLINE, instance(DB3, P + ":1-8", true), status(P + ":1-8", P + ":1-8"))),
                false, Instant.now()));
        admin.dead.add(DB1);
    }

    static Instance instance(InstanceKey key, String gtids, boolean readOnly) {
        return new Instance(key, Flavor.MYSQL, "8.0.31", key.port(), null, readOnly, readOnly, GtidSet.parse(gtids),
                true, "ROW", true);
    }

    /** Replication that lost db1: the IO thread reconnects, the SQL thread still applies. */
    static ReplicaStatus status(String executed, String received) {
        return new ReplicaStatus(DB1, ReplicaStatus.IoThread.CONNECTING, true, "error reconnecting to source", "",
                GtidSet.parse(received), GtidSet.parse(executed), null, true);
    }

    /** db1 alive as the writable primary, its replicas replicating from it: the world of a switchover. */
    void primaryAlive() {
        db1Alive = true;
        admin.dead.remove(DB1);
    }

    ClusterSnapshot snapshot(ClusterView view) {
        onSnapshot.run();
        List<MemberProbe> probes = new ArrayList<>();
        if (db1Alive) {
            probes.add(MemberProbe.reached(instance(DB1, P + ":1-10", false), null));
            probes.add(MemberProbe.reached(instance(DB2, db2Executed, true), new ReplicaStatus(DB1,
                    ReplicaStatus.IoThread.RUNNING, true, "", "", GtidSet.parse(P + ":1-10"),
                    GtidSet.parse(db2Executed), 0L, true)));
            probes.add(MemberProbe.reached(instance(DB3, db3Executed, true), new ReplicaStatus(DB1,
                    ReplicaStatus.IoThread.RUNNING, true, "", "", GtidSet.parse(P + ":1-10"),
                    GtidSet.parse(db3Executed), 0L, true)));
            return new ClusterSnapshot(view, "orch-1", probes, List.of(), List.of(), Instant.now());
        }
        probes.add(db1Returned ? MemberProbe.reached(instance(DB1, P + ":1-10", true), new ReplicaStatus(DB2,
                ReplicaStatus.IoThread.RUNNING, true, "", "", GtidSet.parse(P + ":1-10"), GtidSet.parse(P + ":1-10"),
                0L, true)) : MemberProbe.unreachable(DB1, "Connection refused"));
        probes.add(MemberProbe.reached(instance(DB2, db2Executed, true), status(db2Executed, P + ":1-10")));
        probes.add(MemberProbe.reached(instance(DB3, db3Executed, true), status(db3Executed, P + ":1-8")));
        return new ClusterSnapshot(view, "orch-1", probes, List.of(), List.of(), Instant.now());
    }

    RecoveryContext context() {
        AnalysisSettings analysis = AnalysisSettings.DEFAULTS;
        return new RecoveryContext(cluster, "orch-1", views, journal, lock, this::snapshot, admin,
                new ReplicationAnalyzer(analysis, PromotionRules.NONE),
                new CandidateSelector(analysis, PromotionRules.NONE), salvager, leader::get, settings,
                Clock.systemUTC(), metrics);
    }

    RecoveryRun run() {
        RecoveryContext ctx = context();
        AnalysisSettings analysis = AnalysisSettings.DEFAULTS;
        ReplicationAnalyzer analyzer = new ReplicationAnalyzer(analysis, PromotionRules.NONE);
        var trigger = analyzer.analyze(snapshot(views.read().orElseThrow().view())).get(0);
        return new RecoveryRun(ctx, trigger, cluster + "-1");
    }

    ClusterView view() {
        return views.read().orElseThrow().view();
    }

    void touchView(UnaryOperator<ClusterView> change) {
        var current = views.read().orElseThrow();
        views.compareAndSet(current, change.apply(current.view()));
    }

    List<String> journalMessages() {
        return journal.readSince(-1).stream().map(e -> e.event().message()).toList();
    }

    List<String> journalTypes() {
        return journal.readSince(-1).stream().map(e -> e.event().type()).toList();
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    static final class FakeLock implements ClusterLock {
        boolean busy;
        boolean held;

        @Override
        public boolean acquire(Duration timeout) {
            held = !busy;
            return held;
        }

        @Override
        public boolean held() {
            return held;
        }

        @Override
        public void release() {
            held = false;
        }
    }
}
