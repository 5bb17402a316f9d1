package io.tandem.topology.discovery;

import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tandem.topology.discovery.FakeTopology.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ViewAssemblerTest {

    private static final Instant T0 = Instant.parse("2026-03-14T09:00:00Z");
    private static final Instant T1 = T0.plusSeconds(30);

    private final FakeTopology topology = new FakeTopology();

    private DiscoveryResult discover(String... seeds) {
        return new TopologyDiscovery(topology).discover(Arrays.stream(seeds).map(FakeTopology::key).toList());
    }

    private static Map<String, MemberState> states(ClusterView view) {
        Map<String, MemberState> states = new LinkedHashMap<>();
        view.replicas().forEach(m -> states.put(m.key().toString(), m.state()));
        return states;
    }

    @Nested
    class Initial {

        @Test
        void makesTheSinglePrimaryOnlineAndSortsTheReplicas() {
            topology.primary("db1:3306");
            topology.replica("db9:3306", "db1:3306");
            topology.replica("db2:3306", "db1:3306").sqlStopped("Duplicate entry '7' for key 'orders.PRIMARY'");
            topology.replica("db5:3306", "db1:3306");

            ClusterView view = ViewAssembler.initial("prod", 1, discover("db1:3306"), T0);

            assertThat(view.cluster()).isEqualTo("prod");
            assertThat(view.epoch()).isEqualTo(1);
            assertThat(view.flavor()).isEqualTo(Flavor.MYSQL);
            assertThat(view.primaryKey()).isEqualTo(key("db1:3306"));
            assertThat(view.primary().state()).isEqualTo(MemberState.ONLINE);
            assertThat(view.primary().replication()).isNull();
            assertThat(states(view)).containsExactly(
                    Map.entry("db2:3306", MemberState.STOPPED),
                    Map.entry("db5:3306", MemberState.ONLINE),
                    Map.entry("db9:3306", MemberState.ONLINE));
            assertThat(view.member(key("db2:3306")).map(Member::replication).map(ReplicaStatus::lastError))
                    .contains("Duplicate entry '7' for key 'orders.PRIMARY'");
            assertThat(view.failoverInProgress()).isFalse();
            assertThat(view.observedAt()).isEqualTo(T0);
        }

        @Test
        void takesTheFlavorOfThePrimary() {
            topology.primary("db1:3306").flavor(Flavor.MARIADB);
            topology.replica("db2:3306", "db1:3306").flavor(Flavor.MARIADB);

            ClusterView view = ViewAssembler.initial("maria", 1, discover("db2:3306"), T0);

            assertThat(view.flavor()).isEqualTo(Flavor.MARIADB);
            assertThat(view.primaryKey()).isEqualTo(key("db1:3306"));
            assertThat(states(view)).containsExactly(Map.entry("db2:3306", MemberState.ONLINE));
        }

        @Test
        void refusesToPublishWithoutASinglePrimaryAndSaysWhy() {
            topology.primary("db1:3306");
            topology.primary("db2:3306");

            DiscoveryResult result = discover("db1:3306", "db2:3306");

            assertThatThrownBy(() -> ViewAssembler.initial("prod", 1, result, T0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cluster prod")
                    .hasMessageContaining("SEVERAL_PRIMARIES")
                    .hasMessageContaining("db1:3306, db2:3306");
        }

        @Test
        void refusesToPublishWhenThePrimaryIsUnreachable() {
            topology.primary("db1:3306");
            topology.replica("db2:3306", "db1:3306");
            topology.unreachable("db1:3306", new SQLException("Connection refused"));

            DiscoveryResult result = discover("db2:3306");

            assertThatThrownBy(() -> ViewAssembler.initial("prod", 1, result, T0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("UNREACHABLE db1:3306: Connection refused")
                    .hasMessageContaining("NO_PRIMARY");
        }
    }

    @Nested
    class Refresh {

        private ClusterView previous;

        private void publishedWithReplicas(String... replicas) {
            topology.primary("db1:3306");
            for (String replica : replicas) {
                topology.replica(replica, "db1:3306");
            }
            previous = ViewAssembler.initial("prod", 4, discover("db1:3306"), T0);
        }

        private ClusterView refresh(String... seeds) {
            return ViewAssembler.refresh(previous, discover(seeds), T1);
        }

        @Test
        void keepsEpochPrimaryAndFailoverFlagAndStampsTheNewObservation() {
            publishedWithReplicas("db2:3306");
            previous = new ClusterView("prod", 4, previous.flavor(), previous.primary(), previous.replicas(), true, T0);

            ClusterView next = refresh("db1:3306");

            assertThat(next.cluster()).isEqualTo("prod");
            assertThat(next.epoch()).isEqualTo(4);
            assertThat(next.primary()).isEqualTo(previous.primary());
            assertThat(next.replicas()).isEqualTo(previous.replicas());
            assertThat(next.failoverInProgress()).isTrue();
            assertThat(next.observedAt()).isEqualTo(T1);
        }

        @Test
        void reObservesReplicaHealth() {
            publishedWithReplicas("db2:3306", "db3:3306");
            topology.server("db2:3306").ioConnecting("error reconnecting to master 'repl@db1:3306'");

            ClusterView stopped = refresh("db1:3306");

            assertThat(states(stopped)).containsExactly(
                    Map.entry("db2:3306", MemberState.STOPPED), Map.entry("db3:3306", MemberState.ONLINE));
            assertThat(stopped.member(key("db2:3306")).map(Member::replication).map(ReplicaStatus::lastError))
                    .contains("error reconnecting to master 'repl@db1:3306'");

            topology.server("db2:3306").running();
            previous = stopped;

            assertThat(states(refresh("db1:3306"))).containsExactly(
                    Map.entry("db2:3306", MemberState.ONLINE), Map.entry("db3:3306", MemberState.ONLINE));
        }

        @Test
        void marksAMissingReplicaUnreachableWithItsLastKnownDescription() {
            publishedWithReplicas("db2:3306", "db3:3306");
            Member lastKnown = previous.member(key("db3:3306")).orElseThrow();
            topology.unreachable("db3:3306", new SQLException("Connect timed out"));

            ClusterView next = refresh("db1:3306");

            assertThat(next.member(key("db3:3306"))).contains(lastKnown.withState(MemberState.UNREACHABLE));
            assertThat(states(next)).containsExactly(
                    Map.entry("db2:3306", MemberState.ONLINE), Map.entry("db3:3306", MemberState.UNREACHABLE));
        }

        @Test
        void marksAnUnreachedPrimaryUnreachableButKeepsItThePrimary() {
            publishedWithReplicas("db2:3306");
            topology.unreachable("db1:3306", new SQLException("Connection refused"));

            ClusterView next = refresh("db1:3306", "db2:3306");

            assertThat(next.primaryKey()).isEqualTo(key("db1:3306"));
            assertThat(next.primary()).isEqualTo(previous.primary().withState(MemberState.UNREACHABLE));
            assertThat(next.epoch()).isEqualTo(previous.epoch());
        }

        @Test
        void keepsStatesADbaOrARecoveryDecided() {
            publishedWithReplicas("db2:3306", "db3:3306", "db4:3306", "db5:3306");
            previous = withStates(Map.of("db2:3306", MemberState.MAINTENANCE, "db3:3306", MemberState.FENCED,
                    "db4:3306", MemberState.QUARANTINED, "db5:3306", MemberState.STOPPED));
            topology.server("db2:3306").sqlStopped("stopped for an upgrade");
            topology.unreachable("db4:3306", new SQLException("Connection refused"));

            ClusterView next = refresh("db1:3306");

            assertThat(states(next)).containsExactly(
                    Map.entry("db2:3306", MemberState.MAINTENANCE),
                    Map.entry("db3:3306", MemberState.FENCED),
                    Map.entry("db4:3306", MemberState.QUARANTINED),
                    Map.entry("db5:3306", MemberState.ONLINE));
            // the decided state stays, the observation under it is fresh
            assertThat(next.member(key("db2:3306")).map(Member::replication).map(ReplicaStatus::lastError))
                    .contains("stopped for an upgrade");
        }

        @Test
        void addsNewReplicasInOrder() {
            publishedWithReplicas("db3:3306");
            topology.replica("db2:3306", "db1:3306");
            topology.replica("db4:3306", "db3:3306").sqlStopped("Table 'app.t' doesn't exist");

            ClusterView next = refresh("db1:3306");

            assertThat(states(next)).containsExactly(
                    Map.entry("db2:3306", MemberState.ONLINE),
                    Map.entry("db3:3306", MemberState.ONLINE),
                    Map.entry("db4:3306", MemberState.STOPPED));
        }

        @Test
        void neverMovesThePrimaryWhenDiscoverySeesAnother() {
            publishedWithReplicas("db2:3306", "db3:3306");
            // promoted behind Tandem's back: db2 writable without a source, db1 and db3 now follow it
            topology.server("db2:3306").noSource().writable();
            topology.server("db1:3306").readOnly().replicatingFrom("db2:3306");
            topology.server("db3:3306").replicatingFrom("db2:3306");

            DiscoveryResult result = discover("db1:3306");
            ClusterView next = ViewAssembler.refresh(previous, result, T1);

            assertThat(result.primary()).contains(key("db2:3306"));
            assertThat(next.epoch()).isEqualTo(4);
            assertThat(next.primaryKey()).isEqualTo(key("db1:3306"));
            assertThat(next.replicas()).extracting(Member::key).containsExactly(key("db2:3306"), key("db3:3306"));
        }

        @Test
        void keepsTheViewsAddressesForMembersDiscoveryReachedUnderAnother() {
            topology.primary("localhost:3306");
            topology.alias("127.0.0.1:3306", "localhost:3306");
            topology.replica("db2:3306", "127.0.0.1:3306");
            topology.alias("10.0.0.2:3306", "db2:3306");
            previous = ViewAssembler.initial("prod", 4, discover("localhost:3306"), T0);

            // seeds naming the same servers differently, e.g. after the configuration was edited
            DiscoveryResult result = discover("127.0.0.1:3306", "10.0.0.2:3306", "localhost:3306");
            ClusterView next = ViewAssembler.refresh(previous, result, T1);

            assertThat(result.instances().keySet()).containsExactly(key("127.0.0.1:3306"), key("10.0.0.2:3306"));
            assertThat(next.primaryKey()).isEqualTo(key("localhost:3306"));
            assertThat(next.replicas()).extracting(Member::key).containsExactly(key("db2:3306"));
            assertThat(next.members()).allSatisfy(m -> assertThat(previous.member(m.key())).isPresent());
        }

        private ClusterView withStates(Map<String, MemberState> states) {
            List<Member> replicas = previous.replicas().stream()
                    .map(m -> m.withState(states.getOrDefault(m.key().toString(), m.state())))
                    .toList();
            return new ClusterView(previous.cluster(), previous.epoch(), previous.flavor(), previous.primary(),
                    replicas, previous.failoverInProgress(), previous.observedAt());
        }
    }
}
