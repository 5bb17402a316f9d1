package io.tandem.monitor.commit;

import io.tandem.topology.gtid.GtidSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitLogTest {

    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String B = "6c27ed5e-9c8b-11ee-8c90-0242ac120002";

    private static Gtid a(long n) {
        return new Gtid(A, n);
    }

    @Test
    void remembersTheFirstTimeOfEachTransaction() {
        CommitLog log = new CommitLog(10, 1_000_000);
        log.record(a(1), 100);
        log.record(a(1), 999); // a second row of the same transaction
        log.record(a(2), 200);

        assertThat(log.commitMicros(a(1))).hasValue(100);
        assertThat(log.commitMicros(a(2))).hasValue(200);
        assertThat(log.commitMicros(a(3))).isEmpty();
        assertThat(log.size()).isEqualTo(2);
    }

    @Test
    void dropsTheOldestBeyondItsCount() {
        CommitLog log = new CommitLog(3, 1_000_000);
        for (long n = 1; n <= 5; n++) {
            log.record(a(n), n * 10);
        }
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.commitMicros(a(2))).isEmpty();
        assertThat(log.oldestMicros()).hasValue(30);
        assertThat(log.gtids()).isEqualTo(GtidSet.parse(A + ":3-5"));
    }

    @Test
    void dropsWhatIsOlderThanItsAgeBehindTheNewest() {
        CommitLog log = new CommitLog(100, 1_000);
        log.record(a(1), 10_000);
        log.record(a(2), 10_500);
        log.record(a(3), 11_200); // a(1) is now 1,200 µs older than the newest
        assertThat(log.gtids()).isEqualTo(GtidSet.parse(A + ":2-3"));
        assertThat(log.oldestMicros()).hasValue(10_500);
    }

    @Test
    void findsTheLatestEarlierTransactionOfTheSameSource() {
        CommitLog log = new CommitLog(100, 1_000_000);
        log.record(a(5), 500);
        log.record(new Gtid(B, 7), 600);
        log.record(a(9), 900);

        assertThat(log.commitMicrosAtOrBefore(a(7))).hasValue(500);
        assertThat(log.commitMicrosAtOrBefore(a(9))).hasValue(900);
        assertThat(log.commitMicrosAtOrBefore(a(4))).isEmpty();
        assertThat(log.commitMicrosAtOrBefore(new Gtid(B, 6))).isEmpty();
        assertThat(log.newestSequence(A)).hasValue(9);
        assertThat(log.newestSequence("00000000-0000-0000-0000-000000000000")).isEmpty();
    }

    @Test
    void listsItsTransactionsAsAGtidSetWithGaps() {
        CommitLog log = new CommitLog(100, 1_000_000);
        for (long n : new long[] {1, 2, 3, 5, 8, 9}) {
            log.record(a(n), n);
        }
        log.record(new Gtid(B.toUpperCase(), 4), 10);
        assertThat(log.gtids()).isEqualTo(GtidSet.parse(A + ":1-3:5:8-9," + B + ":4"));
        assertThat(new CommitLog(1, 1).gtids()).isEqualTo(GtidSet.EMPTY);
    }

    @Test
    void gtidsParseAsDebeziumWritesThem() {
        assertThat(Gtid.parse(A.toUpperCase() + ":42")).isEqualTo(a(42));
        assertThat(a(42).in(GtidSet.parse(A + ":1-50"))).isTrue();
        assertThat(a(42).in(GtidSet.parse(A + ":1-41:43"))).isFalse();
        assertThatThrownBy(() -> Gtid.parse("no-sequence")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Gtid.parse(A + ":x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Gtid(A, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
