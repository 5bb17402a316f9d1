package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import static io.tandem.it.RoutingFixture.intOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Read/write splitting over MariaDB 10.11: reads on replicas, writes on the primary, session state following reads
 * after writes (MariaDB reports the read-only {@code last_gtid} as a changed variable, which must never be
 * replayed), read-your-writes through MariaDB's own GTID report and {@code MASTER_GTID_WAIT}, and (configured
 * here) {@code START TRANSACTION READ ONLY} on a replica.
 */
class ProxyRoutingMariaDbIT {

    private static RoutingFixture fixture;
    private static Set<Integer> replicas;

    @BeforeAll
    static void start() throws Exception {
        fixture = RoutingFixture.start(Flavor.MARIADB, 2, true, settings -> settings.withRouting(
                settings.routing().withReadOnlyTransactions(true)));
        replicas = new HashSet<>(fixture.replicaPorts());
        RoutingFixture.execute(fixture.sandbox.primary(), "CREATE DATABASE routing",
                "CREATE TABLE routing.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40))");
        fixture.sandbox.awaitReplicasCaughtUp();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void readsGoToReplicasAndWritesAndSessionStateFollow() throws Exception {
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+02:00'");
            for (int i = 0; i < 6; i++) {
                assertThat(st.executeUpdate("INSERT INTO routing.t (v) VALUES ('w" + i + "')")).isEqualTo(1);
                try (ResultSet rs = st.executeQuery("SELECT @@port, @@time_zone")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isIn(replicas);
                    assertThat(rs.getString(2)).isEqualTo("+02:00");
                }
                assertThat(intOf(st, "SELECT @@port FROM routing.t LIMIT 1 FOR UPDATE"))
                        .isEqualTo(fixture.primaryPort());
            }
        }
    }

    @Test
    void aReadOnlyTransactionRunsWholeOnOneReplicaWhenConfigured() throws Exception {
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            st.execute("START TRANSACTION READ ONLY");
            int first = intOf(st, "SELECT @@port");
            assertThat(first).isIn(replicas);
            for (int i = 0; i < 4; i++) {
                assertThat(intOf(st, "SELECT @@port")).as("the transaction stays on its replica").isEqualTo(first);
            }
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO routing.t (v) VALUES ('in read only')"))
                    .isInstanceOf(java.sql.SQLException.class).hasMessageMatching("(?is).*read.only.*");
            st.execute("COMMIT");
            assertThat(intOf(st, "SELECT @@port FROM routing.t LIMIT 1 FOR UPDATE")).isEqualTo(fixture.primaryPort());
        }
    }

    @Test
    void readYourWritesSeesEveryOwnWrite() throws Exception {
        int onReplicas = 0;
        try (Connection c = fixture.connect("connectionAttributes=tandem.read_your_writes:on");
             Statement st = c.createStatement()) {
            for (int i = 0; i < 30; i++) {
                st.executeUpdate("INSERT INTO routing.t (v) VALUES ('ryw " + i + "')");
                try (ResultSet rs = st.executeQuery("SELECT @@port, COUNT(*) FROM routing.t WHERE v = 'ryw " + i
                        + "'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(2)).as("own write " + i + " (ran on " + rs.getInt(1) + ")").isEqualTo(1);
                    onReplicas += replicas.contains(rs.getInt(1)) ? 1 : 0;
                }
            }
        }
        assertThat(onReplicas).as("reads served by replicas after MASTER_GTID_WAIT").isGreaterThan(5);
    }
}
