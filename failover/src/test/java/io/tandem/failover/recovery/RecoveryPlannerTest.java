package io.tandem.failover.recovery;

import io.tandem.failover.analysis.Analysis;
import io.tandem.failover.analysis.AnalysisCode;
import io.tandem.topology.instance.InstanceKey;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryPlannerTest {

    private static final InstanceKey DB1 = InstanceKey.parse("db1:3306");
    private static final InstanceKey DB3 = InstanceKey.parse("db3:3306");

    private static Analysis analysis(AnalysisCode code, InstanceKey subject) {
        return new Analysis(code, subject, "test");
    }

    @Test
    void onlyADeadPrimaryAndAReturnedOldPrimaryAreActedOnByThemselves() {
        Map<RecoveryKind, List<AnalysisCode>> acted = Arrays.stream(AnalysisCode.values())
                .filter(code -> RecoveryPlanner.recoveryFor(code).isPresent())
                .collect(Collectors.groupingBy(code -> RecoveryPlanner.recoveryFor(code).orElseThrow()));

        assertThat(acted).containsOnlyKeys(RecoveryKind.FAILOVER, RecoveryKind.REJOIN);
        assertThat(acted.get(RecoveryKind.FAILOVER)).containsExactlyInAnyOrder(AnalysisCode.DEAD_PRIMARY,
                AnalysisCode.DEAD_PRIMARY_AND_SOME_REPLICAS);
        assertThat(acted.get(RecoveryKind.REJOIN)).containsExactlyInAnyOrder(AnalysisCode.FENCED_MEMBER_WRITABLE,
                AnalysisCode.OLD_PRIMARY_RETURNED);
    }

    @Test
    void aFailoverComesBeforeARejoinWhateverTheOrderFound() {
        Analysis returned = analysis(AnalysisCode.FENCED_MEMBER_WRITABLE, DB3);
        Analysis dead = analysis(AnalysisCode.DEAD_PRIMARY_AND_SOME_REPLICAS, DB1);
        Analysis lagging = analysis(AnalysisCode.LAGGING_REPLICA, DB3);

        assertThat(RecoveryPlanner.next(List.of(lagging, returned, dead))).contains(dead);
        assertThat(RecoveryPlanner.next(List.of(lagging, returned))).contains(returned);
        assertThat(RecoveryPlanner.next(List.of(lagging, analysis(AnalysisCode.ERRANT_GTID, DB3)))).isEmpty();
    }

    @Test
    void theRecheckWantsTheSameKindAboutTheSameServer() {
        List<Analysis> found = List.of(analysis(AnalysisCode.DEAD_PRIMARY, DB1),
                analysis(AnalysisCode.OLD_PRIMARY_RETURNED, DB3));

        assertThat(RecoveryPlanner.stillCalledFor(found, RecoveryKind.FAILOVER, DB1)).isPresent();
        assertThat(RecoveryPlanner.stillCalledFor(found, RecoveryKind.FAILOVER, DB3)).isEmpty();
        assertThat(RecoveryPlanner.stillCalledFor(found, RecoveryKind.REJOIN, DB3)).isPresent();
        assertThat(RecoveryPlanner.stillCalledFor(List.of(analysis(AnalysisCode.DEAD_PRIMARY_NO_CANDIDATE, DB1)),
                RecoveryKind.FAILOVER, DB1)).as("reported, never acted on").isEmpty();
    }
}
