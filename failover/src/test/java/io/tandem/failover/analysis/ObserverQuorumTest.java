package io.tandem.failover.analysis;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.observer.ObserverKind;
import io.tandem.topology.observer.ObserverReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.tandem.failover.analysis.TestCluster.DB1;
import static io.tandem.failover.analysis.TestCluster.P;
import static org.assertj.core.api.Assertions.assertThat;

class ObserverQuorumTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(3);

    @Test
    void theLeaderAloneIsAQuorumOfOne() {
        ClusterSnapshot snapshot = new TestCluster(P + ":1-10").unreachable("db1:3306").snapshot();

        ObserverQuorum quorum = ObserverQuorum.of(snapshot, DB1, MAX_AGE);

        assertThat(quorum.agreesUnreachable()).isTrue();
        assertThat(quorum.describe()).isEqualTo(
                "1 of 1 live observers cannot reach db1:3306 [orch-1 (leader): unreachable (connect timed out)]");
    }

    @Test
    void halfIsNotAMajority() {
        ClusterSnapshot snapshot = new TestCluster(P + ":1-10").unreachable("db1:3306")
                .observer(report("proxy-1", 100, true, DB1))
                .snapshot();

        assertThat(ObserverQuorum.of(snapshot, DB1, MAX_AGE).agreesUnreachable()).isFalse();
    }

    @Test
    void theLeadersOwnReportStaleReportsAndObserversThatDoNotProbeTheInstanceDoNotVote() {
        ClusterSnapshot snapshot = new TestCluster(P + ":1-10").unreachable("db1:3306")
                .observer(report("orch-1", 0, true, DB1))
                .observer(report("proxy-1", 3001, true, DB1))
                .observer(report("proxy-2", 100, true, InstanceKey.parse("db2:3306")))
                .observer(report("proxy-3", 3000, false, DB1))
                .snapshot();

        ObserverQuorum quorum = ObserverQuorum.of(snapshot, DB1, MAX_AGE);

        assertThat(quorum.votes()).extracting(ObserverQuorum.Vote::observerId)
                .containsExactly("orch-1 (leader)", "proxy-3");
        assertThat(quorum.abstentions()).containsExactly("proxy-1 stale (3001 ms old)",
                "proxy-2 does not probe db1:3306");
        assertThat(quorum.agreesUnreachable()).isTrue();
    }

    private static ObserverReport report(String id, long ageMs, boolean reachable, InstanceKey key) {
        return new ObserverReport(id, ObserverKind.PROXY, Scenario.DEFAULT_AT.minusMillis(ageMs),
                List.of(new ObserverReport.Entry(key, reachable, null, reachable ? null : "timeout", null)));
    }
}
