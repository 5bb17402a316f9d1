package io.tandem.topology.lag;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.json.TandemJson;
import io.tandem.topology.store.TandemPaths;
import io.tandem.topology.store.TestingZooKeeper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class LagStoreTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-03-14T09:00:00Z");
    private static final InstanceKey DB2 = InstanceKey.parse("db2:3306");
    private static final InstanceKey DB3 = InstanceKey.parse("[fd00::3]:3306");

    @RegisterExtension
    static final TestingZooKeeper ZOOKEEPER = new TestingZooKeeper();

    private TandemPaths paths;
    private LagStore store;

    @BeforeEach
    void freshCluster(TestInfo test) {
        paths = new TandemPaths(test.getTestMethod().orElseThrow().getName());
        store = new LagStore(ZOOKEEPER.client(), paths);
    }

    @Test
    void encodesEveryFieldAndReadsItBack() {
        LagSample sample = new LagSample(DB2, 1250, 17, null, T0);

        String json = new String(TandemJson.encode(sample), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"instance\":\"db2:3306\",\"lagMillis\":1250,\"transactionsBehind\":17,"
                + "\"secondsBehindSource\":null,\"sampledAt\":\"2026-03-14T09:00:00Z\"}");
        assertThat(TandemJson.decode(json.getBytes(StandardCharsets.UTF_8), LagSample.class)).isEqualTo(sample);
    }

    @Test
    void publishesAtTheInstancePathThenReplaces() throws Exception {
        assertThat(store.read(DB2)).isEmpty();

        store.publish(new LagSample(DB2, 40, 2, 0L, T0));
        LagSample newer = new LagSample(DB2, 0, 0, 0L, T0.plusMillis(250));
        store.publish(newer);

        assertThat(store.read(DB2)).contains(newer);
        assertThat(ZOOKEEPER.client().checkExists().forPath(paths.lag() + "/db2_3306")).isNotNull();
    }

    @Test
    void aSubscriptionDeliversSamplesByInstanceAndForgetsDeletedOnes() throws Exception {
        store.publish(new LagSample(DB2, 40, 2, 0L, T0));
        try (LagSubscription subscription = store.subscribe()) {
            await(() -> subscription.latest(DB2), new LagSample(DB2, 40, 2, 0L, T0));

            LagSample db3 = new LagSample(DB3, 9000, 120, 9L, T0.plusSeconds(1));
            store.publish(db3);
            await(() -> subscription.latest(DB3), db3);
            LagSample caughtUp = new LagSample(DB2, 0, 0, 0L, T0.plusSeconds(1));
            store.publish(caughtUp);
            await(() -> subscription.latest(DB2), caughtUp);
            assertThat(subscription.all()).containsOnlyKeys(DB2, DB3);

            ZOOKEEPER.client().delete().forPath(paths.lag(DB3));
            await(() -> subscription.latest(DB3), null);
        }
    }

    @Test
    void aSubscriptionSkipsAnUnreadableSample() throws Exception {
        try (LagSubscription subscription = store.subscribe()) {
            ZOOKEEPER.client().create().creatingParentsIfNeeded()
                    .forPath(paths.lag(DB3), "{\"lagMillis\":".getBytes(StandardCharsets.UTF_8));
            LagSample db2 = new LagSample(DB2, 5, 1, 0L, T0);
            store.publish(db2);

            await(() -> subscription.latest(DB2), db2);
            assertThat(subscription.all()).containsOnlyKeys(DB2);
        }
    }

    @Test
    void judgesFreshnessFromTheSamplingTime() {
        LagSample sample = new LagSample(DB2, 0, 0, null, T0);

        assertThat(sample.freshAt(T0.plusSeconds(3), Duration.ofSeconds(3))).isTrue();
        assertThat(sample.freshAt(T0.plusMillis(3001), Duration.ofSeconds(3))).isFalse();
    }

    private static void await(Supplier<Optional<LagSample>> read, LagSample expected) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!read.get().equals(Optional.ofNullable(expected))) {
            assertThat(System.nanoTime()).as("%s seen within %s; last %s", expected, DEADLINE, read.get())
                    .isLessThan(deadline);
            Thread.yield();
        }
    }
}
