package io.tandem.topology.discovery;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tandem.topology.discovery.TopologyProblem.Code;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.tandem.topology.discovery.FakeTopology.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyDiscoveryTest {

    private final FakeTopology topology = new FakeTopology();

    private DiscoveryResult discover(String... seeds) {
        return new TopologyDiscovery(topology).discover(Arrays.stream(seeds).map(FakeTopology::key).toList());
    }

    private static List<String> keys(DiscoveryResult result) {
        return result.instances().keySet().stream().map(InstanceKey::toString).toList();
    }

    private static List<Code> codes(DiscoveryResult result) {
        return result.problems().stream().map(TopologyProblem::code).toList();
    }

    private static TopologyProblem problem(DiscoveryResult result, Code code) {
        return result.problems().stream().filter(p -> p.code() == code).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + result.problems()));
    }

    private void primaryWithTwoReplicas() {
        topology.primary("db1:3306");
        topology.replica("db2:3306", "db1:3306");
        topology.replica("db3:3306", "db1:3306");
    }

    @Test
    void findsThePrimaryAndItsReplicasFromThePrimary() {
        primaryWithTwoReplicas();

        DiscoveryResult result = discover("db1:3306");

        assertThat(keys(result)).containsExactly("db1:3306", "db2:3306", "db3:3306");
        assertThat(result.primary()).contains(key("db1:3306"));
        assertThat(result.problems()).isEmpty();
        assertThat(result.aliases()).isEmpty();
        assertThat(result.unreachable()).isEmpty();
    }

    @Test
    void findsTheWholeTopologyFromAReplica() {
        primaryWithTwoReplicas();

        DiscoveryResult result = discover("db3:3306");

        assertThat(keys(result)).containsExactlyInAnyOrder("db1:3306", "db2:3306", "db3:3306");
        assertThat(result.primary()).contains(key("db1:3306"));
        assertThat(result.problems()).isEmpty();
    }

    @ParameterizedTest(name = "from {0}")
    @ValueSource(strings = {"a:3306", "b:3306", "c:3306"})
    void followsAChainInBothDirections(String seed) {
        topology.primary("a:3306");
        topology.replica("b:3306", "a:3306");
        topology.replica("c:3306", "b:3306");

        DiscoveryResult result = discover(seed);

        assertThat(keys(result)).containsExactlyInAnyOrder("a:3306", "b:3306", "c:3306");
        assertThat(result.primary()).contains(key("a:3306"));
        assertThat(result.report(key("c:3306")).flatMap(InstanceReport::replication).map(ReplicaStatus::source))
                .contains(key("b:3306"));
        assertThat(result.problems()).isEmpty();
        assertThat(topology.reads()).doesNotHaveDuplicates();
    }

    @Test
    @Timeout(5)
    void aReplicationLoopEndsWithNoPrimary() {
        topology.replica("a:3306", "b:3306");
        topology.replica("b:3306", "a:3306");

        DiscoveryResult result = discover("a:3306");

        assertThat(keys(result)).containsExactly("a:3306", "b:3306");
        assertThat(result.primary()).isEmpty();
        assertThat(codes(result)).containsExactly(Code.NO_PRIMARY);
        assertThat(topology.reads()).containsExactly(key("a:3306"), key("b:3306"));
    }

    @Test
    void reportsAnUnreachableSeedWithTheDriversMessageAndFindsTheRest() {
        primaryWithTwoReplicas();
        topology.unreachable("db9:3306", new SQLNonTransientConnectionException("Communications link failure", "08S01"));

        DiscoveryResult result = discover("db9:3306", "db1:3306");

        assertThat(keys(result)).containsExactly("db1:3306", "db2:3306", "db3:3306");
        assertThat(result.primary()).contains(key("db1:3306"));
        assertThat(result.unreachable()).containsExactly(
                Map.entry(key("db9:3306"), "Communications link failure"));
        assertThat(result.problems()).containsExactly(
                new TopologyProblem(Code.UNREACHABLE, key("db9:3306"), "Communications link failure"));
    }

    @Test
    void logsAnUnreachableServerOnceUntilItsErrorChangesOrItIsBack() {
        primaryWithTwoReplicas();
        Logger log = (Logger) LoggerFactory.getLogger(TopologyDiscovery.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            TopologyDiscovery discovery = new TopologyDiscovery(topology);
            List<InstanceKey> seeds = List.of(key("db1:3306"));
            topology.unreachable("db3:3306", new SQLException("Connection refused"));
            discovery.discover(seeds);
            DiscoveryResult again = discovery.discover(seeds);
            topology.unreachable("db3:3306", new SQLException("Connect timed out"));
            discovery.discover(seeds);
            topology.reachable("db3:3306");
            discovery.discover(seeds);
            discovery.discover(seeds);

            assertThat(again.unreachable()).containsExactly(Map.entry(key("db3:3306"), "Connection refused"));
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "discovery: db3:3306 unreachable: Connection refused",
                    "discovery: db3:3306 unreachable: Connect timed out",
                    "discovery: db3:3306 reachable again");
        } finally {
            log.detachAppender(lines);
        }
    }

    @Test
    void reportsAnUnreachableReplicaNamedByItsSource() {
        primaryWithTwoReplicas();
        topology.unreachable("db3:3306", new SQLException("Connect timed out"));

        DiscoveryResult result = discover("db1:3306");

        assertThat(keys(result)).containsExactly("db1:3306", "db2:3306");
        assertThat(result.primary()).contains(key("db1:3306"));
        assertThat(result.problems()).containsExactly(
                new TopologyProblem(Code.UNREACHABLE, key("db3:3306"), "Connect timed out"));
    }

    @Test
    void recognisesOneServerUnderTwoAddresses() {
        topology.primary("localhost:3306");
        topology.alias("127.0.0.1:3306", "localhost:3306");
        topology.replica("db2:3306", "127.0.0.1:3306");
        topology.replica("db3:3306", "127.0.0.1:3306");

        DiscoveryResult result = discover("localhost:3306");

        assertThat(keys(result)).containsExactly("localhost:3306", "db2:3306", "db3:3306");
        assertThat(result.aliases()).containsExactly(Map.entry(key("127.0.0.1:3306"), key("localhost:3306")));
        assertThat(result.canonical(key("127.0.0.1:3306"))).isEqualTo(key("localhost:3306"));
        assertThat(result.report(key("127.0.0.1:3306"))).isEqualTo(result.report(key("localhost:3306"))).isPresent();
        assertThat(result.primary()).contains(key("localhost:3306"));
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void twoSeedsNamingOneServerMakeOnePrimary() {
        topology.primary("localhost:3306");
        topology.alias("127.0.0.1:3306", "localhost:3306");

        DiscoveryResult result = discover("127.0.0.1:3306", "localhost:3306");

        assertThat(keys(result)).containsExactly("127.0.0.1:3306");
        assertThat(result.primary()).contains(key("127.0.0.1:3306"));
        assertThat(codes(result)).doesNotContain(Code.SEVERAL_PRIMARIES);
    }

    @Test
    void findsAStoppedUnregisteredReplicaFromItsSeedAndReportsItsLastError() {
        String error = "Could not execute Write_rows event on table app.orders; Duplicate entry '7' for key"
                + " 'orders.PRIMARY', Error_code: 1062";
        primaryWithTwoReplicas();
        topology.replica("db4:3306", "db1:3306").unregistered().sqlStopped(error);

        assertThat(keys(discover("db1:3306"))).doesNotContain("db4:3306");

        DiscoveryResult result = discover("db1:3306", "db4:3306");

        assertThat(keys(result)).contains("db4:3306");
        assertThat(result.primary()).contains(key("db1:3306"));
        TopologyProblem stopped = problem(result, Code.REPLICATION_STOPPED);
        assertThat(stopped.instance()).isEqualTo(key("db4:3306"));
        assertThat(stopped.detail()).contains("SQL thread STOPPED", "source db1:3306", error);
        assertThat(codes(result)).containsExactly(Code.REPLICATION_STOPPED);
    }

    @Test
    void reportsAReplicaWhoseIoThreadLostItsSource() {
        primaryWithTwoReplicas();
        topology.server("db2:3306").ioConnecting("error reconnecting to master 'repl@db1:3306' - retry-time: 60");

        DiscoveryResult result = discover("db1:3306");

        TopologyProblem stopped = problem(result, Code.REPLICATION_STOPPED);
        assertThat(stopped.instance()).isEqualTo(key("db2:3306"));
        assertThat(stopped.detail()).contains("IO thread CONNECTING", "error reconnecting to master");
    }

    @Test
    void twoWritableRootsAreSeveralPrimariesAndNoPrimary() {
        primaryWithTwoReplicas();
        topology.server("db2:3306").noSource().writable();

        DiscoveryResult result = discover("db1:3306", "db2:3306");

        assertThat(result.primary()).isEmpty();
        assertThat(codes(result)).containsExactly(Code.SEVERAL_PRIMARIES);
        assertThat(problem(result, Code.SEVERAL_PRIMARIES).detail()).contains("db1:3306", "db2:3306");
    }

    @Test
    void noWritableRootIsNoPrimaryNamingTheReadOnlyRoots() {
        primaryWithTwoReplicas();
        topology.server("db1:3306").readOnly();

        DiscoveryResult result = discover("db1:3306");

        assertThat(result.primary()).isEmpty();
        assertThat(codes(result)).containsExactly(Code.NO_PRIMARY);
        assertThat(problem(result, Code.NO_PRIMARY).detail()).contains("read-only roots: [db1:3306]");
    }

    @Test
    void aWritableReplicaIsReportedButIsNoPrimary() {
        primaryWithTwoReplicas();
        topology.server("db3:3306").writable();

        DiscoveryResult result = discover("db1:3306");

        assertThat(result.primary()).contains(key("db1:3306"));
        assertThat(result.problems()).containsExactly(new TopologyProblem(Code.WRITABLE_REPLICA, key("db3:3306"),
                "replicates from db1:3306 but has read_only=OFF"));
    }

    @Test
    void mysqlAndMariaDbServersInOneTopologyAreReported() {
        primaryWithTwoReplicas();
        topology.server("db3:3306").flavor(Flavor.MARIADB);

        DiscoveryResult result = discover("db1:3306");

        assertThat(result.primary()).contains(key("db1:3306"));
        assertThat(codes(result)).containsExactly(Code.MIXED_FLAVORS);
        assertThat(problem(result, Code.MIXED_FLAVORS).detail()).contains("MARIADB=[db3:3306]");
    }

    @Test
    void needsASeed() {
        assertThatThrownBy(() -> new TopologyDiscovery(topology).discover(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one seed");
    }

    @Test
    void describesTheDriversErrorAndItsRootCauseRatherThanThePoolsTimeout() {
        ConnectException root = new ConnectException("Connection refused");
        SQLException link = new SQLNonTransientConnectionException(
                "Communications link failure\n\nThe last packet sent successfully to the server was 0 milliseconds ago.",
                "08S01", root);
        SQLException pool = new SQLTransientConnectionException(
                "tandem-db1:3306 - Connection is not available, request timed out after 1000ms.", link);

        assertThat(TopologyDiscovery.describe(pool))
                .isEqualTo("Communications link failure (ConnectException: Connection refused)");
        assertThat(TopologyDiscovery.describe(link))
                .isEqualTo("Communications link failure (ConnectException: Connection refused)");
    }

    @Test
    void describesAPoolTimeoutWithoutADriverErrorByItsRootCause() {
        SQLException pool = new SQLTransientConnectionException(
                "tandem-db1:3306 - Connection is not available, request timed out after 1000ms.",
                new SocketTimeoutException("connect timed out"));

        assertThat(TopologyDiscovery.describe(pool)).isEqualTo("tandem-db1:3306 - Connection is not available,"
                + " request timed out after 1000ms. (SocketTimeoutException: connect timed out)");
    }

    @Test
    void describesAnErrorWithoutCauseOrMessage() {
        assertThat(TopologyDiscovery.describe(new SQLException("Access denied for user 'tandem'@'10.0.0.9'")))
                .isEqualTo("Access denied for user 'tandem'@'10.0.0.9'");
        assertThat(TopologyDiscovery.describe(new SQLException())).isEqualTo("no message");
    }
}
