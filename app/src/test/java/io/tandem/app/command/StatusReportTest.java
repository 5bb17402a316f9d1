package io.tandem.app.command;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.instance.ReplicaStatus.IoThread;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class StatusReportTest {

    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final InstanceKey PRIMARY = new InstanceKey("127.0.0.1", 23306);
    private static final Instant OBSERVED = Instant.parse("2026-01-02T03:04:05Z");
    private static final String IO_ERROR = "error connecting to source 'repl@127.0.0.1:23306' - retry-time: 60 retries: 1";

    @Test
    void printsAHeaderAndOneRowPerMemberWithErrorsUnderTheirRow() {
        List<String> lines = print(threeServers(false), OBSERVED.plusMillis(2_500));

        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).isEqualTo("cluster prod   epoch 7   MYSQL   no failover in progress   observed "
                + "2026-01-02T03:04:05Z (2.5 s ago)");
        assertThat(lines.get(1)).isEmpty();
        assertThat(lines.get(2)).matches(row("ROLE", "INSTANCE", "STATE", "SERVER-ID", "RO", "IO", "SQL", "BEHIND",
                "LAG", "SOURCE", "GTID EXECUTED"));
        assertThat(lines.get(3)).matches(row("primary", "127.0.0.1:23306", "ONLINE", "1", "no", "-", "-", "-", "-",
                "-", UUID + ":1-42"));
        assertThat(lines.get(4)).matches(row("replica", "127.0.0.1:23307", "ONLINE", "2", "SRO", "running", "yes",
                "0 s", "0 ms/0 tx", "127.0.0.1:23306", UUID + ":1-42"));
        assertThat(lines.get(5)).matches(row("replica", "127.0.0.1:23308", "STOPPED", "3", "yes", "stopped", "no",
                "null", "1250 ms/2 tx", "127.0.0.1:23306", UUID + ":1-40"));
        assertThat(lines.get(6)).isEqualTo("         last error: " + IO_ERROR);
        assertThat(lines.get(7)).isEmpty();
        assertThat(lines.get(8)).isEqualTo("last recovery rec-9 RESOLVED at 2026-01-02T03:00:00Z after 812 ms, new"
                + " primary 127.0.0.1:23306");
    }

    @Test
    void namesAReplicaWithoutALagSampleAndAnAbortedOrMissingRecovery() {
        LastRecovery aborted = new LastRecovery("rec-3", "ABORTED", 40, null, OBSERVED, "cluster lock busy");
        List<String> lines = print(threeServers(false), Map.of(), Optional.of(aborted), OBSERVED);

        assertThat(lines.get(4)).contains(" (no sample) ");
        assertThat(lines.get(8)).isEqualTo("last recovery rec-3 ABORTED at 2026-01-02T03:04:05Z after 40 ms: cluster"
                + " lock busy");
        assertThat(print(threeServers(false), Map.of(), Optional.empty(), OBSERVED).get(8))
                .isEqualTo("no recovery journaled");
    }

    @Test
    void alignsTheColumns() {
        List<String> lines = print(threeServers(false), OBSERVED);

        // SOURCE and GTID EXECUTED start where their headings do on every row
        int source = lines.get(2).indexOf("SOURCE");
        int gtid = lines.get(2).indexOf("GTID EXECUTED");
        assertThat(lines.get(3).charAt(source)).isEqualTo('-');
        assertThat(lines.get(4).indexOf("127.0.0.1:23306")).isEqualTo(source);
        assertThat(lines.get(5).indexOf("127.0.0.1:23306")).isEqualTo(source);
        assertThat(lines.subList(3, 6)).allSatisfy(line -> assertThat(line.indexOf(UUID)).isEqualTo(gtid));
    }

    @Test
    void showsAFencedOldPrimaryAsTheFormerPrimaryWithNoLag() {
        ClusterView before = threeServers(false);
        Member fenced = new Member(MemberState.FENCED, instance(23306, 1, false, false,
                GtidSet.parse(UUID + ":1-43")), null);
        ClusterView after = new ClusterView("prod", 8, Flavor.MYSQL, before.replicas().get(0),
                List.of(fenced, before.replicas().get(1)), false, OBSERVED);

        List<String> lines = print(after, OBSERVED);

        assertThat(lines.get(4)).matches(row("former", "127.0.0.1:23306", "FENCED", "1", "no", "-", "-", "-", "-",
                "-", UUID + ":1-43"));
        assertThat(lines.get(5)).startsWith("replica  127.0.0.1:23308 ");
    }

    @Test
    void flagsAFailoverInProgress() {
        assertThat(print(threeServers(true), OBSERVED).get(0)).contains("   FAILOVER IN PROGRESS   ");
    }

    @Test
    void printsAnEmptyGtidSetAndAClockThatRunsBehindTheObservation() {
        Instance instance = new Instance(new InstanceKey("127.0.0.1", 23306), Flavor.MARIADB, "10.11.6-MariaDB", 1,
                null, false, false, GtidSet.EMPTY, true, "ROW", true);
        ClusterView view = new ClusterView("maria", 1, Flavor.MARIADB, new Member(MemberState.ONLINE, instance, null),
                List.of(), false, OBSERVED);

        List<String> lines = print(view, OBSERVED.minusSeconds(3));

        assertThat(lines.get(0)).isEqualTo("cluster maria   epoch 1   MARIADB   no failover in progress   observed "
                + "2026-01-02T03:04:05Z (0 s ago)");
        assertThat(lines.get(3)).matches(row("primary", "127.0.0.1:23306", "ONLINE", "1", "no", "-", "-", "-", "-",
                "-", "(none)"));
        assertThat(lines).hasSize(6);
    }

    @Test
    void printsTheAgeTheSameWayInEveryLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertThat(print(threeServers(false), OBSERVED.plusMillis(2_500)).get(0)).endsWith("(2.5 s ago)");
        } finally {
            Locale.setDefault(before);
        }
    }

    private static ClusterView threeServers(boolean failoverInProgress) {
        GtidSet all = GtidSet.parse(UUID + ":1-42");
        GtidSet behind = GtidSet.parse(UUID + ":1-40");
        Member primary = new Member(MemberState.ONLINE, instance(23306, 1, false, false, all), null);
        Member online = new Member(MemberState.ONLINE, instance(23307, 2, true, true, all),
                new ReplicaStatus(PRIMARY, IoThread.RUNNING, true, null, null, all, all, 0L, true));
        Member stopped = new Member(MemberState.STOPPED, instance(23308, 3, true, false, behind),
                new ReplicaStatus(PRIMARY, IoThread.STOPPED, false, IO_ERROR, "", behind, behind, null, true));
        return new ClusterView("prod", 7, Flavor.MYSQL, primary, List.of(online, stopped), failoverInProgress,
                OBSERVED);
    }

    private static Instance instance(int port, long serverId, boolean readOnly, boolean superReadOnly, GtidSet gtids) {
        return new Instance(new InstanceKey("127.0.0.1", port), Flavor.MYSQL, "8.0.31", serverId,
                "00000000-0000-0000-0000-00000000000" + serverId, readOnly, superReadOnly, gtids, true, "ROW", true);
    }

    private static List<String> print(ClusterView view, Instant now) {
        Map<InstanceKey, LagSample> lag = Map.of(
                new InstanceKey("127.0.0.1", 23307), new LagSample(new InstanceKey("127.0.0.1", 23307), 0, 0, 0L, now),
                new InstanceKey("127.0.0.1", 23308), new LagSample(new InstanceKey("127.0.0.1", 23308), 1250, 2, null,
                        now));
        LastRecovery resolved = new LastRecovery("rec-9", "RESOLVED", 812, PRIMARY.toString(),
                Instant.parse("2026-01-02T03:00:00Z"), null);
        return print(view, lag, Optional.of(resolved), now);
    }

    private static List<String> print(ClusterView view, Map<InstanceKey, LagSample> lag,
                                      Optional<LastRecovery> lastRecovery, Instant now) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new StatusReport(new VersionedView(view, 3), lag, lastRecovery, now)
                .print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** A row of these cells, separated by padding, nothing before or after. */
    private static String row(String... cells) {
        return Arrays.stream(cells).map(java.util.regex.Pattern::quote).collect(Collectors.joining(" +"));
    }
}
