package io.tandem.topology.store;

import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.SampleViews;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterViewStoreTest {

    @RegisterExtension
    static final TestingZooKeeper ZOOKEEPER = new TestingZooKeeper();

    private String cluster;
    private ClusterViewStore store;

    @BeforeEach
    void freshCluster(TestInfo test) {
        cluster = test.getTestMethod().orElseThrow().getName();
        store = new ClusterViewStore(ZOOKEEPER.client(), cluster);
    }

    private ClusterView view(long epoch) {
        return SampleViews.mysql(cluster, epoch);
    }

    @Test
    void readsNothingBeforeTheFirstView() {
        assertThat(store.read()).isEmpty();
    }

    @Test
    void createsTheViewAtItsPathThenReadsIt() throws Exception {
        VersionedView created = store.create(view(1));

        assertThat(created).isEqualTo(new VersionedView(view(1), 0));
        assertThat(store.read()).contains(created);
        assertThat(ZOOKEEPER.client().checkExists().forPath("/tandem/" + cluster + "/view")).isNotNull();
    }

    @Test
    void createsOnlyOnce() {
        store.create(view(1));

        assertThatThrownBy(() -> store.create(view(2)))
                .isInstanceOf(StaleViewException.class)
                .hasMessageContaining("a view of cluster " + cluster + " already exists")
                .hasMessageContaining("it is now version 0, epoch 1");
        assertThat(store.read()).contains(new VersionedView(view(1), 0));
    }

    @Test
    void compareAndSetWithTheReadVersionWritesAndBumpsTheVersion() {
        VersionedView first = store.create(view(1));

        VersionedView refreshed = store.compareAndSet(first, view(1).withEpoch(1, SampleViews.OBSERVED_AT.plusSeconds(9)));
        VersionedView second = store.compareAndSet(refreshed, view(2));

        assertThat(refreshed.version()).isEqualTo(1);
        assertThat(second).isEqualTo(new VersionedView(view(2), 2));
        assertThat(store.read()).contains(second);
    }

    @Test
    void compareAndSetWithAStaleVersionWritesNothing() {
        VersionedView first = store.create(view(1));
        VersionedView second = store.compareAndSet(first, view(2));

        assertThatThrownBy(() -> store.compareAndSet(first, view(3)))
                .isInstanceOf(StaleViewException.class)
                .hasMessageContaining("changed since version 0 (epoch 1) was read")
                .hasMessageContaining("it is now version 1, epoch 2");
        assertThat(store.read()).contains(second);
    }

    @Test
    void compareAndSetOfAViewThatVanishedIsStale() throws Exception {
        VersionedView first = store.create(view(1));
        ZOOKEEPER.client().delete().forPath(store.paths().view());

        assertThatThrownBy(() -> store.compareAndSet(first, view(2)))
                .isInstanceOf(StaleViewException.class)
                .hasMessageContaining("it no longer exists");
        assertThat(store.read()).isEmpty();
    }

    @Test
    void theEpochNeverGoesBack() {
        VersionedView current = store.create(view(5));

        assertThatThrownBy(() -> store.compareAndSet(current, view(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epoch may not go back: 5 -> 4");
        assertThat(store.read()).contains(current);
    }

    @Test
    void aVersionThatWasNeverReadIsRefused() {
        store.create(view(1));
        VersionedView fenced = store.compareAndSet(store.read().orElseThrow(), view(9));

        // ZooKeeper reads version -1 as "any version": accepted, it would overwrite epoch 9 with epoch 1
        assertThatThrownBy(() -> store.compareAndSet(new VersionedView(view(1), -1), view(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version -1 was never read");
        assertThat(store.read()).contains(fenced);
    }

    @Test
    void refusesAViewOfAnotherCluster() {
        ClusterView other = SampleViews.mysql("other", 1);

        assertThatThrownBy(() -> store.create(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a view of cluster 'other' cannot be stored under /tandem/" + cluster);
        assertThat(store.read()).isEmpty();

        VersionedView current = store.create(view(1));

        assertThatThrownBy(() -> store.compareAndSet(current, other.withEpoch(2, SampleViews.OBSERVED_AT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'other'");
        assertThat(store.read()).contains(current);
    }

    @Test
    void aStoreOfAnotherClusterSeesNothing() {
        store.create(view(1));

        assertThat(new ClusterViewStore(ZOOKEEPER.client(), cluster + "-2").read()).isEmpty();
    }

    @Test
    void anUnreadableViewIsACoordinationFailureNamingThePath() throws Exception {
        ZOOKEEPER.client().create().creatingParentsIfNeeded().forPath(store.paths().view(), "{\"epoch\":".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.read())
                .isInstanceOf(CoordinationException.class)
                .hasMessageContaining(store.paths().view())
                .hasMessageContaining("not a valid ClusterView");
    }
}
