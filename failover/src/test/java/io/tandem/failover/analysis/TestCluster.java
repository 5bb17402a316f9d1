package io.tandem.failover.analysis;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.instance.ReplicaStatus.IoThread;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.observer.ObserverReport;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A MySQL cluster built in code for unit tests: primary db1:3306, replicas added one by one, every one reachable. */
final class TestCluster {

    static final String P = "11111111-1111-1111-1111-111111111111";
    static final InstanceKey DB1 = InstanceKey.parse("db1:3306");

    private final Member primary;
    private final List<Member> replicas = new ArrayList<>();
    private final List<MemberProbe> probes = new ArrayList<>();
    private final List<ObserverReport> observers = new ArrayList<>();
    private final List<LagSample> lag = new ArrayList<>();

    TestCluster(String primaryGtids) {
        primary = new Member(MemberState.ONLINE, instance(DB1, primaryGtids, false), null);
        probes.add(MemberProbe.reached(primary.instance(), null));
    }

    static Instance instance(InstanceKey key, String gtids, boolean readOnly) {
        return new Instance(key, Flavor.MYSQL, "8.0.31", key.port(), null, readOnly, readOnly,
                GtidSet.parse(gtids), true, "ROW", true);
    }

    static ReplicaStatus replicating(String executed, String received, Long secondsBehind) {
        return new ReplicaStatus(DB1, IoThread.RUNNING, true, "", "", GtidSet.parse(received),
                GtidSet.parse(executed), secondsBehind, true);
    }

    TestCluster replica(String key, String executed, String received) {
        return replica(key, MemberState.ONLINE, i -> i, replicating(executed, received, 0L));
    }

    /** A replica whose instance is adjusted by {@code tweak} (settings), reachable, with the given status. */
    TestCluster replica(String key, MemberState state, UnaryOperator<Instance> tweak, ReplicaStatus status) {
        Instance instance = tweak.apply(instance(InstanceKey.parse(key), status.executed().toString(), true));
        replicas.add(new Member(state, instance, status));
        probes.add(MemberProbe.reached(instance, status));
        return this;
    }

    TestCluster unreachable(String key) {
        InstanceKey k = InstanceKey.parse(key);
        probes.removeIf(p -> p.key().equals(k));
        probes.add(MemberProbe.unreachable(k, "connect timed out"));
        return this;
    }

    TestCluster primaryNow(String gtids) {
        probes.removeIf(p -> p.key().equals(DB1));
        probes.add(MemberProbe.reached(instance(DB1, gtids, false), null));
        return this;
    }

    TestCluster observer(ObserverReport report) {
        observers.add(report);
        return this;
    }

    TestCluster lag(LagSample sample) {
        lag.add(sample);
        return this;
    }

    ClusterSnapshot snapshot() {
        ClusterView view = new ClusterView("prod", 7, Flavor.MYSQL, primary, replicas, false, Scenario.DEFAULT_AT);
        return new ClusterSnapshot(view, "orch-1", probes, observers, lag, Scenario.DEFAULT_AT);
    }
}
