package io.tandem.topology.discovery;

import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.TestingZooKeeper;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.store.ZooKeeperConnector;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.tandem.topology.discovery.FakeTopology.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ViewPublisherTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestingZooKeeper ZOOKEEPER = new TestingZooKeeper();

    private final FakeTopology topology = new FakeTopology();
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-03-14T09:00:00Z"));
    private String cluster;
    private ClusterViewStore store;

    @BeforeEach
    void freshCluster(TestInfo test) {
        cluster = test.getTestMethod().orElseThrow().getName();
        store = new ClusterViewStore(ZOOKEEPER.client(), cluster);
        topology.primary("db1:3306");
        topology.replica("db2:3306", "db1:3306");
        topology.replica("db3:3306", "db1:3306");
    }

    private ViewPublisher publisher(InstanceReader reader) {
        return new ViewPublisher(cluster, List.of(key("db1:3306")), new TopologyDiscovery(reader), store, clock,
                HEARTBEAT);
    }

    private ViewPublisher publisher() {
        return publisher(topology);
    }

    private VersionedView stored() {
        return store.read().orElseThrow(() -> new AssertionError("no view stored for " + cluster));
    }

    @Test
    void publishesEpochOneWhenTheClusterHasNoView() {
        VersionedView published = publisher().publishInitial();

        assertThat(published.version()).isZero();
        assertThat(published.view().epoch()).isEqualTo(1);
        assertThat(published.view().primaryKey()).isEqualTo(key("db1:3306"));
        assertThat(published.view().replicas()).extracting(m -> m.key().toString())
                .containsExactly("db2:3306", "db3:3306");
        assertThat(published.view().observedAt()).isEqualTo(clock.instant());
        assertThat(stored()).isEqualTo(published);
    }

    @Test
    void keepsAViewThatIsAlreadyPublished() {
        VersionedView first = publisher().publishInitial();
        clock.advance(Duration.ofMinutes(5));
        topology.server("db2:3306").sqlStopped("Duplicate entry '7' for key 'orders.PRIMARY'");

        VersionedView second = publisher().publishInitial();

        assertThat(second).isEqualTo(first);
        assertThat(stored()).isEqualTo(first);
    }

    @Test
    void keepsTheEpochOfAViewARecoveryPublished() {
        ClusterView epochSeven = ViewAssembler.initial(cluster, 7, new TopologyDiscovery(topology)
                .discover(List.of(key("db1:3306"))), clock.instant());
        VersionedView existing = store.create(epochSeven);
        int readsBefore = topology.reads().size();

        assertThat(publisher().publishInitial()).isEqualTo(existing);
        assertThat(topology.reads()).hasSize(readsBefore);
    }

    @Test
    void publishesNothingWithoutASinglePrimary() {
        topology.server("db2:3306").noSource().writable();
        ViewPublisher publisher = new ViewPublisher(cluster, List.of(key("db1:3306"), key("db2:3306")),
                new TopologyDiscovery(topology), store, clock, HEARTBEAT);

        assertThatThrownBy(publisher::publishInitial)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SEVERAL_PRIMARIES");
        assertThat(store.read()).isEmpty();
    }

    @Test
    void refreshWithoutAViewWritesNothing() {
        assertThat(publisher().refresh()).isEmpty();
        assertThat(store.read()).isEmpty();
    }

    @Test
    void refreshWithUnchangedMembersWritesNothingWithinTheHeartbeat() {
        VersionedView published = publisher().publishInitial();
        clock.advance(HEARTBEAT.minusSeconds(1));

        Optional<VersionedView> refreshed = publisher().refresh();

        assertThat(refreshed).contains(published);
        assertThat(stored()).isEqualTo(published);
    }

    @Test
    void refreshWritesUnchangedMembersOnceTheHeartbeatIsDue() {
        VersionedView published = publisher().publishInitial();
        clock.advance(HEARTBEAT);

        VersionedView refreshed = publisher().refresh().orElseThrow();

        assertThat(refreshed.version()).isEqualTo(published.version() + 1);
        assertThat(refreshed.view().observedAt()).isEqualTo(clock.instant());
        assertThat(refreshed.view().epoch()).isEqualTo(1);
        assertThat(stored()).isEqualTo(refreshed);
    }

    @Test
    void aStoppedReplicaIsWrittenAtOnce() {
        VersionedView published = publisher().publishInitial();
        clock.advance(Duration.ofSeconds(1));
        topology.server("db3:3306").sqlStopped("Duplicate entry '7' for key 'orders.PRIMARY'");

        VersionedView refreshed = publisher().refresh().orElseThrow();

        assertThat(refreshed.version()).isEqualTo(published.version() + 1);
        assertThat(refreshed.view().epoch()).isEqualTo(1);
        assertThat(refreshed.view().member(key("db3:3306")).orElseThrow().state()).isEqualTo(MemberState.STOPPED);
        assertThat(stored()).isEqualTo(refreshed);
    }

    @Test
    void neverMovesThePrimaryToTheOneDiscoverySees() {
        publisher().publishInitial();
        clock.advance(HEARTBEAT);
        // db2 promoted behind Tandem's back, the others repointed to it
        topology.server("db2:3306").noSource().writable();
        topology.server("db1:3306").readOnly().replicatingFrom("db2:3306");
        topology.server("db3:3306").replicatingFrom("db2:3306");

        publisher().refresh();

        ClusterView view = stored().view();
        assertThat(view.epoch()).isEqualTo(1);
        assertThat(view.primaryKey()).isEqualTo(key("db1:3306"));
    }

    @Test
    void aViewChangedDuringTheRefreshIsNotOverwritten() {
        VersionedView published = publisher().publishInitial();
        clock.advance(HEARTBEAT);
        ClusterView recovery = published.view().withEpoch(2, clock.instant());
        AtomicBoolean raced = new AtomicBoolean();
        InstanceReader racingRecovery = address -> {
            if (raced.compareAndSet(false, true)) {
                store.compareAndSet(published, recovery);
            }
            return topology.read(address);
        };

        Optional<VersionedView> refreshed = publisher(racingRecovery).refresh();

        assertThat(refreshed).map(VersionedView::view).contains(recovery);
        assertThat(stored().view()).isEqualTo(recovery);
    }

    @Test
    void leavesAViewWithAFailoverInProgressToItsRecovery() {
        VersionedView published = publisher().publishInitial();
        clock.advance(HEARTBEAT);
        ClusterView p = published.view();
        VersionedView holding = store.compareAndSet(published, new ClusterView(p.cluster(), 2, p.flavor(), p.primary(),
                p.replicas(), true, clock.instant()));
        clock.advance(HEARTBEAT);
        topology.server("db3:3306").sqlStopped("stopped during the failover");

        publisher().refresh();

        assertThat(stored()).isEqualTo(holding);
    }

    @Test
    void keepsThePrimaryAndMembersARecoveryPublished() {
        VersionedView published = publisher().publishInitial();
        clock.advance(HEARTBEAT);
        // the recovery promoted db2, repointed db3 and fenced db1 (now unreachable)
        topology.server("db2:3306").noSource().writable();
        topology.server("db3:3306").replicatingFrom("db2:3306");
        ClusterView p = published.view();
        var db2 = p.member(key("db2:3306")).orElseThrow();
        store.compareAndSet(published, new ClusterView(p.cluster(), 2, p.flavor(),
                new Member(MemberState.ONLINE, db2.instance(), null),
                List.of(new Member(MemberState.FENCED, p.primary().instance(), null),
                        p.member(key("db3:3306")).orElseThrow()), false, clock.instant()));
        clock.advance(HEARTBEAT);
        topology.unreachable("db1:3306", new java.sql.SQLException("Connection refused"));

        new ViewPublisher(cluster, List.of(key("db1:3306"), key("db2:3306"), key("db3:3306")),
                new TopologyDiscovery(topology), store, clock, HEARTBEAT).refresh();

        ClusterView view = stored().view();
        assertThat(view.epoch()).isEqualTo(2);
        assertThat(view.primaryKey()).isEqualTo(key("db2:3306"));
        assertThat(view.member(key("db1:3306")).orElseThrow().state()).isEqualTo(MemberState.FENCED);
        assertThat(view.member(key("db3:3306")).orElseThrow().replication().source()).isEqualTo(key("db2:3306"));
    }

    /** A clock that moves only when the test says so. */
    private static final class SteppingClock extends Clock {

        private Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test clock has one zone");
        }
    }
}
