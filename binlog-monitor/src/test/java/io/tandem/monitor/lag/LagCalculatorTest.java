package io.tandem.monitor.lag;

import io.tandem.monitor.commit.CommitLog;
import io.tandem.monitor.commit.Gtid;
import io.tandem.topology.gtid.GtidSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LagCalculatorTest {

    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String B = "6c27ed5e-9c8b-11ee-8c90-0242ac120002";
    private static final long SECOND = 1_000_000;

    private final LagCalculator calculator = new LagCalculator();
    private final CommitLog log = new CommitLog(1000, 3600 * SECOND);

    private static GtidSet set(String text) {
        return GtidSet.parse(text);
    }

    /** Transactions A:1..10, the n-th committed at n seconds. */
    private void tenTransactions() {
        for (long n = 1; n <= 10; n++) {
            log.record(new Gtid(A, n), n * SECOND);
        }
    }

    @Test
    void aCaughtUpReplicaHasNoLag() {
        tenTransactions();
        assertThat(calculator.lag(set(A + ":1-10"), set(A + ":1-10"), log, 60 * SECOND)).contains(Lag.CAUGHT_UP);
        assertThat(calculator.lag(set(A + ":1-10"), set(A + ":1-12"), log, 60 * SECOND))
                .as("a replica read after the primary may be ahead of it").contains(Lag.CAUGHT_UP);
    }

    @Test
    void lagRunsFromTheOldestMissingCommit() {
        tenTransactions();
        Lag lag = calculator.lag(set(A + ":1-10"), set(A + ":1-6"), log, 12_500_000).orElseThrow();
        assertThat(lag).isEqualTo(new Lag(5_500, 4, true)); // 12.5 s now - 7 s commit of A:7
    }

    @Test
    void aGapInTheMiddleCountsFromItsOwnCommit() {
        tenTransactions();
        // a multi-threaded replica that applied 5 before 4
        Lag lag = calculator.lag(set(A + ":1-10"), set(A + ":1-3:5-10"), log, 10 * SECOND).orElseThrow();
        assertThat(lag).isEqualTo(new Lag(6_000, 1, true));
    }

    @Test
    void theOldestMissingAcrossSourcesWins() {
        tenTransactions();
        log.record(new Gtid(B, 1), 2 * SECOND);
        Lag lag = calculator.lag(set(A + ":1-10," + B + ":1"), set(A + ":1-8"), log, 10 * SECOND).orElseThrow();
        assertThat(lag).isEqualTo(new Lag(8_000, 3, true));
    }

    @Test
    void anUnloggedTransactionIsTimedByTheLatestEarlierOneOfItsSource() {
        tenTransactions();
        // A:11 and A:12 committed, but have not reached the commit log yet
        Lag lag = calculator.lag(set(A + ":1-12"), set(A + ":1-10"), log, 10_200_000).orElseThrow();
        assertThat(lag).isEqualTo(new Lag(200, 2, false));
    }

    @Test
    void aTransactionOlderThanTheLogIsTimedByTheOldestEntry() {
        for (long n = 5; n <= 10; n++) {
            log.record(new Gtid(A, n), n * SECOND);
        }
        Lag lag = calculator.lag(set(A + ":1-10"), set(A + ":1-2"), log, 10 * SECOND).orElseThrow();
        assertThat(lag).isEqualTo(new Lag(5_000, 8, false));
    }

    @Test
    void withoutAnyCommitTimeTheLagIsUnknown() {
        assertThat(calculator.lag(set(A + ":1-10"), set(A + ":1-2"), log, 10 * SECOND)).isEmpty();
        assertThat(calculator.lag(set(A + ":1-10"), set(A + ":1-10"), log, 10 * SECOND)).contains(Lag.CAUGHT_UP);
    }

    @Test
    void aCommitStampedAfterNowIsNoNegativeLag() {
        tenTransactions();
        assertThat(calculator.lag(set(A + ":1-10"), set(A + ":1-9"), log, 9 * SECOND))
                .contains(new Lag(0, 1, true));
    }

    @Test
    void mariaDbGtidsAreRefused() {
        assertThatThrownBy(() -> calculator.lag(set("0-1-10"), set("0-1-5"), log, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gtidSourcesReadEachSourcesFirstAndLastNumber() {
        assertThat(GtidSources.first(set(A + ":3-5:9," + B + ":7")))
                .containsExactlyInAnyOrder(new Gtid(A, 3), new Gtid(B, 7));
        assertThat(GtidSources.last(set(A + ":3-5:9-12," + B + ":7")))
                .containsExactlyInAnyOrder(new Gtid(A, 12), new Gtid(B, 7));
        assertThat(GtidSources.first(GtidSet.EMPTY)).isEmpty();
    }
}
