package io.tandem.failover.analysis;

import io.tandem.failover.analysis.CandidateChoice.Exclusion;
import io.tandem.failover.analysis.CandidateChoice.Promote;
import io.tandem.failover.analysis.CandidateChoice.Refusal;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.view.MemberState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.tandem.failover.analysis.TestCluster.P;
import static io.tandem.failover.analysis.TestCluster.replicating;
import static org.assertj.core.api.Assertions.assertThat;

class CandidateSelectorTest {

    private static final String E2 = "22222222-2222-2222-2222-222222222222";
    private static final InstanceKey DB2 = InstanceKey.parse("db2:3306");
    private static final InstanceKey DB3 = InstanceKey.parse("db3:3306");

    private final CandidateSelector selector = new CandidateSelector(AnalysisSettings.DEFAULTS, PromotionRules.NONE);

    @Test
    void picksTheMostAdvancedReceivedSetNotTheMostExecuted() {
        ClusterSnapshot snapshot = new TestCluster(P + ":1-100")
                .replica("db2:3306", P + ":1-95", P + ":1-95")
                .replica("db3:3306", P + ":1-90", P + ":1-100")
                .snapshot();

        assertThat(selector.choose(snapshot)).isInstanceOfSatisfying(Promote.class, p -> {
            assertThat(p.candidate()).isEqualTo(DB3);
            assertThat(p.reasons()).first().asString().isEqualTo(
                    "most advanced of 2 eligible: 100 transactions received or executed");
            assertThat(p.excluded()).isEmpty();
        });
    }

    @Test
    void incomparableSetsGoToMoreTransactionsAndNameWhatTheCandidateLacks() {
        ClusterSnapshot snapshot = new TestCluster(P + ":1-100")
                .replica("db2:3306", P + ":1-51", P + ":1-51")
                .replica("db3:3306", P + ":1-50:52-100", P + ":1-50:52-100")
                .snapshot();

        assertThat(selector.choose(snapshot)).isInstanceOfSatisfying(Promote.class, p -> {
            assertThat(p.candidate()).isEqualTo(DB3);
            assertThat(p.reasons()).contains("lacks " + P + ":51 that db2:3306 holds: salvage before promoting");
        });
    }

    @Test
    void equalSetsGoToAPreferredReplicaElseToViewOrder() {
        ClusterSnapshot snapshot = new TestCluster(P + ":1-100")
                .replica("db2:3306", P + ":1-100", P + ":1-100")
                .replica("db3:3306", P + ":1-100", P + ":1-100")
                .snapshot();
        CandidateSelector preferring = new CandidateSelector(AnalysisSettings.DEFAULTS,
                new PromotionRules(Set.of(DB3), Set.of()));

        assertThat(((Promote) selector.choose(snapshot)).candidate()).isEqualTo(DB2);
        assertThat(preferring.choose(snapshot)).isInstanceOfSatisfying(Promote.class, p -> {
            assertThat(p.candidate()).isEqualTo(DB3);
            assertThat(p.reasons()).contains("preferred by promotion rule");
        });
    }

    @Test
    void aPreferredReplicaDoesNotBeatAMoreAdvancedOne() {
        ClusterSnapshot snapshot = new TestCluster(P + ":1-100")
                .replica("db2:3306", P + ":1-100", P + ":1-100")
                .replica("db3:3306", P + ":1-99", P + ":1-99")
                .snapshot();

        CandidateChoice choice = new CandidateSelector(AnalysisSettings.DEFAULTS,
                new PromotionRules(Set.of(DB3), Set.of())).choose(snapshot);

        assertThat(((Promote) choice).candidate()).isEqualTo(DB2);
    }

    @Test
    void aRefusalNamesEveryReplicaWithEveryReasonAndTheErrantGtidsExactly() {
        ClusterSnapshot snapshot = new TestCluster(P + ":1-100")
                .replica("db2:3306", MemberState.ONLINE, CandidateSelectorTest::withoutReplicaUpdates,
                        replicating(P + ":1-100," + E2 + ":1-3:9", P + ":1-100", 0L))
                .replica("db3:3306", MemberState.MAINTENANCE, i -> i, replicating(P + ":1-100", P + ":1-100", 0L))
                .unreachable("db3:3306")
                .snapshot();
        CandidateSelector never = new CandidateSelector(AnalysisSettings.DEFAULTS,
                new PromotionRules(Set.of(), Set.of(DB2)));

        CandidateChoice choice = never.choose(snapshot);

        assertThat(choice).isInstanceOf(Refusal.class);
        assertThat(choice.excluded()).containsExactly(
                new Exclusion(DB2, List.of("promotion rule: never", "log_replica_updates off",
                        "errant GTIDs " + E2 + ":1-3:9")),
                new Exclusion(DB3, List.of("unreachable (connect timed out)", "state MAINTENANCE")));
        assertThat(((Refusal) choice).describe()).startsWith("no replica may be promoted: db2:3306: promotion rule");
    }

    @Test
    void transactionsFetchedFromTheLivePrimaryAreNotErrant() {
        // the view is older than the replica: the leader's probe of the primary shows where the extra GTIDs came from
        ClusterSnapshot snapshot = new TestCluster(P + ":1-100")
                .primaryNow(P + ":1-110")
                .replica("db2:3306", P + ":1-105", P + ":103-105")
                .snapshot();

        assertThat(snapshot.errantGtids(snapshot.replicas().get(0)).isEmpty()).isTrue();
        assertThat(selector.choose(snapshot)).isInstanceOf(Promote.class);
    }

    @Test
    void lagComesFromAFreshSampleElseFromSecondsBehindSource() {
        ClusterSnapshot snapshot = new TestCluster(P + ":1-100")
                .replica("db2:3306", MemberState.ONLINE, i -> i, replicating(P + ":1-100", P + ":1-100", 30L))
                .replica("db3:3306", MemberState.ONLINE, i -> i, replicating(P + ":1-99", P + ":1-99", 30L))
                .lag(new LagSample(DB2, 800, 1, 30L, Scenario.DEFAULT_AT.minusMillis(500)))
                .lag(new LagSample(DB3, 800, 1, 30L, Scenario.DEFAULT_AT.minusSeconds(60)))
                .snapshot();

        assertThat(selector.choose(snapshot)).isInstanceOfSatisfying(Promote.class, p -> {
            assertThat(p.candidate()).isEqualTo(DB2);
            assertThat(p.reasons()).contains("lag 800 ms within 10000 ms");
            assertThat(p.excluded()).containsExactly(
                    new Exclusion(DB3, List.of("lag 30000 ms exceeds the bound of 10000 ms")));
        });
    }

    @Test
    void unknownLagDoesNotExcludeAReplicaWhoseSourceDied() {
        ClusterSnapshot snapshot = new TestCluster(P + ":1-100")
                .replica("db2:3306", MemberState.ONLINE, i -> i, replicating(P + ":1-100", P + ":1-100", null))
                .snapshot();

        assertThat(selector.choose(snapshot)).isInstanceOfSatisfying(Promote.class,
                p -> assertThat(p.reasons()).contains("lag unknown"));
    }

    @Test
    void aClusterWithoutReplicasIsRefused() {
        CandidateChoice choice = selector.choose(new TestCluster(P + ":1-100").snapshot());

        assertThat(((Refusal) choice).describe()).isEqualTo("no replica may be promoted: the cluster has no replica");
    }

    private static Instance withoutReplicaUpdates(Instance i) {
        return new Instance(i.key(), i.flavor(), i.version(), i.serverId(), i.serverUuid(), i.readOnly(),
                i.superReadOnly(), i.gtidExecuted(), i.logBin(), i.binlogFormat(), false);
    }
}
