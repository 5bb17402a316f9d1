package io.tandem.app.command;

import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The human form of {@code tandem status}: a header line, one row per server (role primary, replica, or former for
 * a fenced old primary) with the binlog monitor's lag of each replica ({@code lag/<instance>}), errors under their
 * row, and the last recovery the journal holds.
 */
record StatusReport(VersionedView versioned, Map<InstanceKey, LagSample> lag, Optional<LastRecovery> lastRecovery,
                    Instant now) {

    private static final String ROW = "%-8s %-21s %-11s %-9s %-4s %-10s %-4s %-7s %-18s %-21s %s%n";

    StatusReport {
        lag = Map.copyOf(lag);
    }

    void print(PrintStream out) {
        ClusterView view = versioned.view();
        out.printf("cluster %s   epoch %d   %s   %s   observed %s (%s ago)%n%n", view.cluster(), view.epoch(),
                view.flavor(), view.failoverInProgress() ? "FAILOVER IN PROGRESS" : "no failover in progress",
                view.observedAt(), age(Duration.between(view.observedAt(), now)));
        out.printf(ROW, "ROLE", "INSTANCE", "STATE", "SERVER-ID", "RO", "IO", "SQL", "BEHIND", "LAG",
                "SOURCE", "GTID EXECUTED");
        row(out, "primary", view.primary());
        // a fenced member is the primary a recovery replaced, kept in the view until it rejoins: no replica yet
        view.replicas().forEach(member -> row(out, member.state() == MemberState.FENCED ? "former" : "replica",
                member));
        out.println();
        out.println(lastRecovery.map(LastRecovery::describe).orElse("no recovery journaled"));
    }

    private void row(PrintStream out, String role, Member member) {
        Instance instance = member.instance();
        ReplicaStatus replication = member.replication();
        out.printf(ROW, role, member.key(), member.state(), instance.serverId(), readOnly(instance),
                replication == null ? "-" : replication.ioThread().toString().toLowerCase(java.util.Locale.ROOT),
                replication == null ? "-" : replication.sqlThreadRunning() ? "yes" : "no",
                replication == null ? "-" : behind(replication.secondsBehindSource()),
                replication == null ? "-" : lag(lag.get(member.key())),
                replication == null ? "-" : replication.source().toString(),
                instance.gtidExecuted().isEmpty() ? "(none)" : instance.gtidExecuted());
        if (replication != null && replication.lastError() != null) {
            out.printf("         last error: %s%n", replication.lastError());
        }
    }

    private static String readOnly(Instance instance) {
        return instance.superReadOnly() ? "SRO" : instance.readOnly() ? "yes" : "no";
    }

    private static String behind(Long seconds) {
        return seconds == null ? "null" : seconds + " s";
    }

    // milliseconds and transactions behind the primary, as the binlog monitor last measured them
    private static String lag(LagSample sample) {
        return sample == null ? "(no sample)" : sample.lagMillis() + " ms/" + sample.transactionsBehind() + " tx";
    }

    private static String age(Duration d) {
        return d.isNegative() ? "0 s" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
