package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.discovery.ViewPublisher;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.JournalEntry;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.store.StaleViewException;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.store.ViewSubscription;
import io.tandem.topology.store.ZooKeeperConnector;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.MemberState;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The view of a real cluster goes through the sandbox's ZooKeeper and back unchanged; subscribers see each new
 * epoch in order; a writer holding a stale version is refused and changes nothing; the journal keeps order.
 */
class ViewStoreIT {

    private static final long DEADLINE_SECONDS = 15;

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void viewRoundTripsAndStaleWritesAreRefused(Flavor flavor) throws Exception {
        try (Sandbox sandbox = SandboxFixture.start(flavor, 2);
             InstanceConnections connections = SandboxFixture.orchestratorConnections();
             CuratorFramework zooKeeper = ZooKeeperConnector.connect(sandbox.zooKeeperConnectString(),
                     Duration.ofSeconds(15), Duration.ofSeconds(5))) {
            String cluster = sandbox.spec().cluster();
            ClusterViewStore store = new ClusterViewStore(zooKeeper, cluster);
            ViewPublisher publisher = new ViewPublisher(cluster, sandbox.keys(), SandboxFixture.discovery(connections),
                    store, Clock.systemUTC(), Duration.ZERO);
            BlockingQueue<VersionedView> seen = new LinkedBlockingQueue<>();

            try (ViewSubscription subscription = store.subscribe(seen::add)) {
                VersionedView first = publisher.publishInitial();
                assertThat(first.view().epoch()).isEqualTo(1);
                assertThat(first.view().flavor()).isEqualTo(flavor);
                assertThat(store.read()).contains(first);
                assertThat(next(seen)).isEqualTo(first);

                ClusterView epoch2 = first.view().withEpoch(2, Instant.now());
                VersionedView second = store.compareAndSet(first, epoch2);
                assertThatThrownBy(() -> store.compareAndSet(first, first.view().withEpoch(3, Instant.now())))
                        .isInstanceOf(StaleViewException.class)
                        .hasMessageContaining("version " + first.version())
                        .hasMessageContaining("epoch 2");
                assertThat(store.read()).contains(second);
                assertThat(next(seen).view()).isEqualTo(epoch2);

                sandbox.stopReplication(sandbox.replicas().get(0));
                VersionedView refreshed = publisher.refresh().orElseThrow();
                assertThat(refreshed.view().epoch()).as("health refresh keeps the epoch").isEqualTo(2);
                assertThat(refreshed.view().member(sandbox.replicas().get(0).layout().key()).orElseThrow().state())
                        .isEqualTo(MemberState.STOPPED);
                assertThat(next(seen)).isEqualTo(refreshed);
                assertThat(subscription.current()).contains(refreshed);
            }

            ClusterJournal journal = new ClusterJournal(zooKeeper, cluster);
            long a = journal.append(new JournalEvent(Instant.now(), "TEST_A", "it", "first", Map.of()));
            long b = journal.append(new JournalEvent(Instant.now(), "TEST_B", "it", "second", Map.of("k", "v")));
            List<JournalEntry> since = journal.readSince(a - 1);
            assertThat(since).extracting(JournalEntry::sequence).containsExactly(a, b);
            assertThat(since.get(1).event().details()).containsEntry("k", "v");
            assertThat(journal.readSince(a)).extracting(e -> e.event().type()).containsExactly("TEST_B");
        }
    }

    private static VersionedView next(BlockingQueue<VersionedView> seen) throws InterruptedException {
        VersionedView view = seen.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(view).as("a view delivered within %d s", DEADLINE_SECONDS).isNotNull();
        return view;
    }
}
