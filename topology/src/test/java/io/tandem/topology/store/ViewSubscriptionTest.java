package io.tandem.topology.store;

import io.tandem.topology.json.TandemJson;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.SampleViews;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ViewSubscriptionTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestingZooKeeper ZOOKEEPER = new TestingZooKeeper();

    private final BlockingQueue<VersionedView> delivered = new LinkedBlockingQueue<>();
    private final Set<Thread> listenerThreads = ConcurrentHashMap.newKeySet();
    private String cluster;
    private ClusterViewStore store;
    private ViewSubscription subscription;

    @BeforeEach
    void freshCluster(TestInfo test) {
        cluster = test.getTestMethod().orElseThrow().getName();
        store = new ClusterViewStore(ZOOKEEPER.client(), cluster);
    }

    @AfterEach
    void unsubscribe() {
        if (subscription != null) {
            subscription.close();
        }
    }

    private void subscribe() {
        subscription = store.subscribe(view -> {
            listenerThreads.add(Thread.currentThread());
            delivered.add(view);
        });
    }

    private ClusterView view(long epoch) {
        return SampleViews.mysql(cluster, epoch);
    }

    /** The next delivered view, awaited up to the deadline. */
    private VersionedView next() throws InterruptedException {
        VersionedView view = delivered.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(view).as("a view delivered within %s", DEADLINE).isNotNull();
        return view;
    }

    /** Every view delivered until one of {@code epoch} arrives, that one included. */
    private List<VersionedView> untilEpoch(long epoch) throws InterruptedException {
        List<VersionedView> views = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (views.isEmpty() || views.get(views.size() - 1).view().epoch() < epoch) {
            VersionedView view = delivered.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(view).as("epoch %d delivered within %s; got %s", epoch, DEADLINE, views).isNotNull();
            views.add(view);
        }
        return views;
    }

    @Test
    void deliversTheCurrentViewThenEachNewEpochInOrder() throws InterruptedException {
        VersionedView current = store.create(view(1));
        subscribe();

        assertThat(next()).isEqualTo(current);
        for (long epoch = 2; epoch <= 5; epoch++) {
            current = store.compareAndSet(current, view(epoch));

            assertThat(next()).isEqualTo(current);
        }
        assertThat(subscription.current()).contains(current);
        assertThat(listenerThreads).singleElement()
                .satisfies(t -> assertThat(t.getName()).startsWith("tandem-view-"));
    }

    @Test
    void deliversAViewPublishedAfterSubscribing() throws InterruptedException {
        subscribe();
        assertThat(subscription.current()).isEmpty();

        VersionedView created = store.create(view(1));

        assertThat(next()).isEqualTo(created);
        assertThat(subscription.current()).contains(created);
    }

    @Test
    void aBurstOfViewsArrivesInIncreasingOrderEndingWithTheLatest() throws InterruptedException {
        VersionedView current = store.create(view(1));
        subscribe();
        assertThat(next()).isEqualTo(current);

        for (long epoch = 2; epoch <= 40; epoch++) {
            current = store.compareAndSet(current, view(epoch));
        }
        List<VersionedView> views = untilEpoch(40);

        assertThat(views).extracting(v -> v.view().epoch()).isSorted().doesNotHaveDuplicates();
        assertThat(views).extracting(VersionedView::version).isSorted().doesNotHaveDuplicates();
        assertThat(views.get(views.size() - 1)).isEqualTo(current);
        assertThat(listenerThreads).hasSize(1);
    }

    @Test
    void neverDeliversAnOlderEpochAfterANewerOne() throws Exception {
        VersionedView current = store.create(view(3));
        subscribe();
        assertThat(next()).isEqualTo(current);

        // the node is deleted and re-created with an older epoch: a newer version number, but a view from the past
        ZOOKEEPER.client().delete().forPath(store.paths().view());
        VersionedView older = store.create(view(1));
        VersionedView newer = store.compareAndSet(older, view(4));

        assertThat(next()).isEqualTo(newer);
        assertThat(subscription.current()).contains(newer);
    }

    @Test
    void skipsAnUnreadableViewAndKeepsDelivering() throws Exception {
        VersionedView current = store.create(view(1));
        subscribe();
        assertThat(next()).isEqualTo(current);

        ZOOKEEPER.client().setData().forPath(store.paths().view(), "{\"epoch\":".getBytes(StandardCharsets.UTF_8));
        ZOOKEEPER.client().setData().forPath(store.paths().view(), TandemJson.encode(view(2)));

        VersionedView view = next();
        assertThat(view.view()).isEqualTo(view(2));
        assertThat(view.version()).isEqualTo(2);
    }

    @Test
    void aFailingListenerDoesNotStopLaterViews() throws InterruptedException {
        VersionedView current = store.create(view(1));
        subscription = store.subscribe(view -> {
            delivered.add(view);
            if (view.view().epoch() == 1) {
                throw new IllegalStateException("listener bug");
            }
        });
        assertThat(next()).isEqualTo(current);

        current = store.compareAndSet(current, view(2));

        assertThat(next()).isEqualTo(current);
    }
}
