package io.tandem.app.check;

import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.observer.ObserverKind;
import io.tandem.topology.observer.ObserverReport;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterCheckTest {

    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final InstanceKey DB1 = InstanceKey.parse("db1:3306");
    private static final InstanceKey DB2 = InstanceKey.parse("db2:3306");
    private static final InstanceKey DB3 = InstanceKey.parse("db3:3306");
    private static final Instant NOW = Instant.parse("2026-12-08T03:00:00Z");

    private final ClusterCheck check = ClusterCheck.DEFAULTS;
    private final Map<InstanceKey, LagSample> lag = new HashMap<>(Map.of(DB2, lag(DB2, 5), DB3, lag(DB3, 12)));

    private static Member member(InstanceKey key, MemberState state) {
        return new Member(state, new Instance(key, Flavor.MYSQL, "8.0.31", key.port(), null, key != DB1, key != DB1,
                GtidSet.parse(UUID + ":1-10"), true, "ROW", true), null);
    }

    private static ClusterView view(MemberState db2, MemberState db3, boolean failover) {
        return new ClusterView("prod", 7, Flavor.MYSQL, member(DB1, MemberState.ONLINE),
                List.of(member(DB2, db2), member(DB3, db3)), failover, NOW);
    }

    private static LagSample lag(InstanceKey key, long millis) {
        return new LagSample(key, millis, 0, 0L, NOW.minusSeconds(1));
    }

    /** An observer that saw the primary reachable or not, read-only or not, {@code age} seconds ago. */
    private static ObserverReport observer(String id, boolean reachable, boolean readOnly, long age) {
        return new ObserverReport(id, ObserverKind.PROXY, NOW.minusSeconds(age), List.of(new ObserverReport.Entry(DB1,
                reachable, reachable ? NOW.minusSeconds(age) : null, reachable ? null : "refused", readOnly)));
    }

    private ClusterCheck.Result judge(ClusterView view, List<ObserverReport> observers) {
        return check.judge(view, observers, lag, Optional.empty(), NOW);
    }

    private static final List<ObserverReport> HEALTHY = List.of(observer("proxy-1", true, false, 1),
            observer("orch-1", true, false, 2));

    @Test
    void aHealthyClusterIsOkWithItsFiguresAsPerformanceData() {
        ClusterCheck.Result result = judge(view(MemberState.ONLINE, MemberState.ONLINE, false), HEALTHY);

        assertThat(result.status()).isEqualTo(CheckStatus.OK);
        assertThat(result.line()).isEqualTo("TANDEM OK - primary db1:3306 epoch 7, 2/2 replicas online, max lag 12 ms"
                + " | epoch=7 replicas_online=2;;;0;2 replicas_maintenance=0 max_lag_ms=12;1000;10000;0");
    }

    @Test
    void aPrimaryMostObserversLostIsCriticalAndOneObserverAloneIsAWarning() {
        ClusterView view = view(MemberState.ONLINE, MemberState.ONLINE, false);

        assertThat(judge(view, List.of(observer("proxy-1", false, false, 1), observer("orch-1", false, false, 1),
                observer("proxy-2", true, false, 1))).line())
                .startsWith("TANDEM CRITICAL - primary db1:3306 unreachable for 2/3 observers;");
        assertThat(judge(view, List.of(observer("proxy-1", false, false, 1), observer("orch-1", true, false, 1),
                observer("proxy-2", true, false, 1))).status()).isEqualTo(CheckStatus.WARNING);
    }

    @Test
    void staleObserversDoNotCountAndNoneAtAllIsUnknown() {
        ClusterCheck.Result result = judge(view(MemberState.ONLINE, MemberState.ONLINE, false),
                List.of(observer("proxy-1", false, false, 60)));

        assertThat(result.status()).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(result.summary()).startsWith("primary health unknown: no observer reported in the last 10 s");
    }

    @Test
    void aReadOnlyPrimaryIsCriticalAndAFailoverInProgressAWarning() {
        assertThat(judge(view(MemberState.ONLINE, MemberState.ONLINE, false),
                List.of(observer("proxy-1", true, true, 1))).summary())
                .startsWith("primary db1:3306 is read-only: proxies refuse it writes");
        ClusterCheck.Result failover = judge(view(MemberState.ONLINE, MemberState.ONLINE, true), List.of());
        assertThat(failover.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(failover.summary()).startsWith("failover in progress (epoch 7): writes are held");
    }

    @Test
    void lagAboveTheThresholdsWarnsThenIsCritical() {
        lag.put(DB3, lag(DB3, 2_500));
        assertThat(judge(view(MemberState.ONLINE, MemberState.ONLINE, false), HEALTHY).line())
                .startsWith("TANDEM WARNING - replica db3:3306 2500 ms behind; primary db1:3306")
                .endsWith("max_lag_ms=2500;1000;10000;0");

        lag.put(DB3, lag(DB3, 15_000));
        assertThat(judge(view(MemberState.ONLINE, MemberState.ONLINE, false), HEALTHY).status())
                .isEqualTo(CheckStatus.CRITICAL);

        lag.put(DB3, new LagSample(DB3, 3, 0, 0L, NOW.minusSeconds(120)));
        assertThat(judge(view(MemberState.ONLINE, MemberState.ONLINE, false), HEALTHY).summary())
                .startsWith("lag of db3:3306 unknown (no fresh sample from the binlog monitor)");
    }

    @Test
    void maintenanceIsShownNotAlarmedButNoReplicaOnlineIsCritical() {
        ClusterCheck.Result maintenance = judge(view(MemberState.ONLINE, MemberState.MAINTENANCE, false), HEALTHY);
        assertThat(maintenance.status()).isEqualTo(CheckStatus.OK);
        assertThat(maintenance.summary()).contains("1/2 replicas online, 1 in maintenance");
        assertThat(maintenance.perfData()).contains("replicas_maintenance=1");

        ClusterCheck.Result none = judge(view(MemberState.QUARANTINED, MemberState.MAINTENANCE, false), HEALTHY);
        assertThat(none.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(none.summary()).startsWith("replica db2:3306 QUARANTINED (needs a DBA); no replica online:"
                + " nothing to fail over to;");
    }

    @Test
    void aRecentlyAbortedRecoveryWarnsForADay() {
        ClusterView view = view(MemberState.ONLINE, MemberState.ONLINE, false);
        var aborted = Optional.of(new ClusterCheck.LastRecovery("ABORTED", NOW.minusSeconds(3600),
                "cluster lock busy"));

        assertThat(check.judge(view, HEALTHY, lag, aborted, NOW).summary()).startsWith("last recovery ABORTED at"
                + " 2026-12-08T02:00:00Z: cluster lock busy;");
        var twoDaysAgo = Optional.of(new ClusterCheck.LastRecovery("ABORTED", NOW.minusSeconds(2 * 86_400),
                "cluster lock busy"));
        assertThat(check.judge(view, HEALTHY, lag, twoDaysAgo, NOW).status()).isEqualTo(CheckStatus.OK);
        assertThat(check.judge(view, HEALTHY, lag, Optional.of(new ClusterCheck.LastRecovery("RESOLVED",
                NOW.minusSeconds(60), null)), NOW).status()).isEqualTo(CheckStatus.OK);
    }
}
