package io.tandem.failover.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.instance.ReplicaStatus.IoThread;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.observer.ObserverKind;
import io.tandem.topology.observer.ObserverReport;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A scenario fixture ({@code src/test/resources/scenarios/*.json}): a compact cluster (every field defaults to a
 * healthy replica of the primary whose relay log holds just what it executed, the leader and every observer
 * reaching every member), the problems the analyzer must report in order ({@code "CODE host:port"}), substrings
 * their details must contain, and whom the candidate selector must pick ({@code "none"} for a refusal) or exclude.
 */
record Scenario(String name, Instant at, String leader, Flavor flavor, Long epoch, boolean failoverInProgress,
                Node primary, List<Node> replicas, List<Observer> observers, Rules rules, List<String> expect,
                Map<String, String> details, String candidate, Map<String, String> excluded) {

    static final Instant DEFAULT_AT = Instant.parse("2026-03-14T10:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    /** One member; {@code replication: false} drops its replication status (a primary never has one). */
    record Node(String key, MemberState state, String gtid, String received, IoThread io, Boolean sql,
                String ioError, String sqlError, Long sbs, String source, Boolean readOnly, Boolean superReadOnly,
                Boolean logBin, Boolean logReplicaUpdates, Boolean replication, Boolean reachable, String error,
                Long lagMs, Long lagAgeMs) {
    }

    /** One observer's report, {@code ageMs} before the snapshot, over every member unless {@code probes} says. */
    record Observer(String id, Long ageMs, List<String> unreachable, List<String> probes) {
    }

    record Rules(List<String> prefer, List<String> never) {
    }

    static Scenario read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Scenario.class);
    }

    Instant takenAt() {
        return at == null ? DEFAULT_AT : at;
    }

    PromotionRules promotionRules() {
        return rules == null ? PromotionRules.NONE
                : new PromotionRules(keys(rules.prefer()), keys(rules.never()));
    }

    ClusterSnapshot snapshot() {
        Flavor f = flavor == null ? Flavor.MYSQL : flavor;
        InstanceKey primaryKey = InstanceKey.parse(primary.key());
        List<MemberProbe> probes = new ArrayList<>();
        List<LagSample> lag = new ArrayList<>();
        Member primaryMember = member(primary, true, 1, primaryKey, f, probes, lag);
        List<Member> replicaMembers = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            replicaMembers.add(member(replicas.get(i), false, i + 2, primaryKey, f, probes, lag));
        }
        ClusterView view = new ClusterView("prod", epoch == null ? 7 : epoch, f, primaryMember, replicaMembers,
                failoverInProgress, takenAt());
        List<ObserverReport> reports = observers == null ? List.of()
                : observers.stream().map(o -> report(o, view)).toList();
        return new ClusterSnapshot(view, leader == null ? "orch-1" : leader, probes, reports, lag, takenAt());
    }

    private Member member(Node n, boolean isPrimary, long serverId, InstanceKey primaryKey, Flavor f,
                          List<MemberProbe> probes, List<LagSample> lag) {
        InstanceKey key = InstanceKey.parse(n.key());
        GtidSet executed = GtidSet.parse(n.gtid());
        boolean readOnly = Objects.requireNonNullElse(n.readOnly(), !isPrimary);
        Instance instance = new Instance(key, f, f == Flavor.MYSQL ? "8.0.31" : "10.11.6-MariaDB-log", serverId,
                null, readOnly, Objects.requireNonNullElse(n.superReadOnly(), readOnly), executed,
                Objects.requireNonNullElse(n.logBin(), true), "ROW",
                Objects.requireNonNullElse(n.logReplicaUpdates(), true));
        ReplicaStatus replication = isPrimary || Boolean.FALSE.equals(n.replication()) ? null : replication(n,
                primaryKey, executed);
        if (Objects.requireNonNullElse(n.reachable(), true)) {
            probes.add(MemberProbe.reached(instance, replication));
        } else {
            probes.add(MemberProbe.unreachable(key, Objects.requireNonNullElse(n.error(), "connect timed out")));
        }
        if (n.lagMs() != null) {
            lag.add(new LagSample(key, n.lagMs(), 0, n.sbs(),
                    takenAt().minusMillis(Objects.requireNonNullElse(n.lagAgeMs(), 0L))));
        }
        return new Member(n.state() == null ? MemberState.ONLINE : n.state(), instance, replication);
    }

    private static ReplicaStatus replication(Node n, InstanceKey primaryKey, GtidSet executed) {
        IoThread io = n.io() == null ? IoThread.RUNNING : n.io();
        boolean sql = Objects.requireNonNullElse(n.sql(), true);
        Long sbs = n.sbs() != null ? n.sbs() : io == IoThread.RUNNING && sql ? Long.valueOf(0) : null;
        return new ReplicaStatus(n.source() == null ? primaryKey : InstanceKey.parse(n.source()), io, sql,
                Objects.requireNonNullElse(n.ioError(), ""), Objects.requireNonNullElse(n.sqlError(), ""),
                n.received() == null ? executed : GtidSet.parse(n.received()), executed, sbs, true);
    }

    private ObserverReport report(Observer o, ClusterView view) {
        Instant observedAt = takenAt().minusMillis(Objects.requireNonNullElse(o.ageMs(), 0L));
        Set<InstanceKey> down = keys(o.unreachable());
        Stream<InstanceKey> probed = o.probes() == null ? view.members().map(Member::key)
                : o.probes().stream().map(InstanceKey::parse);
        List<ObserverReport.Entry> entries = probed.map(k -> down.contains(k)
                ? new ObserverReport.Entry(k, false, null, "connect timed out", null)
                : new ObserverReport.Entry(k, true, observedAt, null, null)).toList();
        return new ObserverReport(o.id(), ObserverKind.PROXY, observedAt, entries);
    }

    private static Set<InstanceKey> keys(List<String> texts) {
        return texts == null ? Set.of()
                : Set.copyOf(texts.stream().map(InstanceKey::parse).toList());
    }

    @Override
    public String toString() {
        return name;
    }
}
