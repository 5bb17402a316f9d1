package io.tandem.app.check;

import io.tandem.topology.lag.LagSample;
import io.tandem.topology.observer.ObserverReport;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tandem check}'s judgement of one cluster from what ZooKeeper holds: the primary's health as the live
 * observers (proxies, orchestrators) see it, replication (each replica's state in the view), lag (the binlog
 * monitor's samples), replicas in maintenance, and the last recovery. Pure: the same inputs give the same line.
 *
 * @param lagWarning a replica behind by this much makes the check WARNING
 * @param lagCritical … CRITICAL
 * @param observerMaxAge an observer report older than this is not counted
 * @param lagMaxAge a lag sample older than this is unknown lag (the monitor stopped)
 */
public record ClusterCheck(Duration lagWarning, Duration lagCritical, Duration observerMaxAge, Duration lagMaxAge) {

    public static final ClusterCheck DEFAULTS = new ClusterCheck(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(30));
    /** An aborted recovery is worth a warning for this long, unless one resolved since. */
    static final Duration ABORTED_RECENTLY = Duration.ofHours(24);

    /** What the check says: its status, the line a person reads, and the performance data a grapher reads. */
    public record Result(CheckStatus status, String summary, String perfData) {

        /** The one line a monitoring plugin prints. */
        public String line() {
            return "TANDEM " + status + " - " + summary + (perfData.isEmpty() ? "" : " | " + perfData);
        }
    }

    /** A recovery's outcome as the check needs it: RESOLVED or ABORTED, when, and why an aborted one stopped. */
    public record LastRecovery(String outcome, Instant at, String reason) {
    }

    public Result judge(ClusterView view, List<ObserverReport> observers, Map<?, LagSample> lag,
                        Optional<LastRecovery> lastRecovery, Instant now) {
        List<String> problems = new ArrayList<>();
        CheckStatus status = CheckStatus.OK;
        status = status.worst(primary(view, observers, now, problems));
        int online = 0;
        int maintenance = 0;
        for (Member replica : view.replicas()) {
            switch (replica.state()) {
                case ONLINE -> online++;
                case MAINTENANCE -> maintenance++;
                case LAGGING -> {
                    problems.add("replica " + replica.key() + " LAGGING");
                    status = status.worst(CheckStatus.WARNING);
                }
                case STOPPED, UNREACHABLE -> {
                    problems.add("replica " + replica.key() + " " + replica.state());
                    status = status.worst(CheckStatus.WARNING);
                }
                case FENCED, QUARANTINED -> {
                    problems.add("replica " + replica.key() + " " + replica.state() + " (needs a DBA)");
                    status = status.worst(CheckStatus.WARNING);
                }
                default -> {
                }
            }
        }
        int replicas = view.replicas().size();
        if (replicas > 0 && online == 0) {
            problems.add("no replica online: nothing to fail over to");
            status = status.worst(CheckStatus.CRITICAL);
        }
        long maxLag = 0;
        for (Member replica : view.replicas()) {
            if (replica.state() != MemberState.ONLINE && replica.state() != MemberState.LAGGING) {
                continue;
            }
            LagSample sample = lag.get(replica.key());
            if (sample == null || sample.sampledAt().plus(lagMaxAge).isBefore(now)) {
                problems.add("lag of " + replica.key() + " unknown (no fresh sample from the binlog monitor)");
                status = status.worst(CheckStatus.WARNING);
                continue;
            }
            maxLag = Math.max(maxLag, sample.lagMillis());
            if (sample.lagMillis() >= lagCritical.toMillis()) {
                problems.add("replica " + replica.key() + " " + sample.lagMillis() + " ms behind");
                status = status.worst(CheckStatus.CRITICAL);
            } else if (sample.lagMillis() >= lagWarning.toMillis()) {
                problems.add("replica " + replica.key() + " " + sample.lagMillis() + " ms behind");
                status = status.worst(CheckStatus.WARNING);
            }
        }
        if (lastRecovery.isPresent() && "ABORTED".equals(lastRecovery.get().outcome())
                && lastRecovery.get().at().plus(ABORTED_RECENTLY).isAfter(now)) {
            problems.add("last recovery ABORTED at " + lastRecovery.get().at() + ": " + lastRecovery.get().reason());
            status = status.worst(CheckStatus.WARNING);
        }
        String summary = (problems.isEmpty() ? "" : String.join("; ", problems) + "; ")
                + "primary " + view.primaryKey() + " epoch " + view.epoch() + ", " + online + "/" + replicas
                + " replicas online" + (maintenance > 0 ? ", " + maintenance + " in maintenance" : "")
                + ", max lag " + maxLag + " ms";
        String perfData = "epoch=" + view.epoch() + " replicas_online=" + online + ";;;0;" + replicas
                + " replicas_maintenance=" + maintenance + " max_lag_ms=" + maxLag + ";" + lagWarning.toMillis() + ";"
                + lagCritical.toMillis() + ";0";
        return new Result(status, summary, perfData);
    }

    /**
     * The primary as the live observers see it: unreachable for most is CRITICAL (the orchestrators will fail over,
     * or cannot), for some WARNING; read-only outside a failover CRITICAL (proxies send it no writes); no live
     * observer at all UNKNOWN.
     */
    private CheckStatus primary(ClusterView view, List<ObserverReport> observers, Instant now, List<String> problems) {
        if (view.failoverInProgress()) {
            problems.add("failover in progress (epoch " + view.epoch() + "): writes are held");
            return CheckStatus.WARNING;
        }
        int seeing = 0;
        int lost = 0;
        boolean readOnly = false;
        for (ObserverReport report : observers) {
            if (report.observedAt().plus(observerMaxAge).isBefore(now)) {
                continue;
            }
            Optional<ObserverReport.Entry> entry = report.entry(view.primaryKey());
            if (entry.isEmpty()) {
                continue;
            }
            seeing++;
            if (!entry.get().reachable()) {
                lost++;
            } else if (Boolean.TRUE.equals(entry.get().readOnly())) {
                readOnly = true;
            }
        }
        if (seeing == 0) {
            problems.add("primary health unknown: no observer reported in the last " + observerMaxAge.toSeconds()
                    + " s (are the proxies and orchestrators running?)");
            return CheckStatus.UNKNOWN;
        }
        if (lost * 2 > seeing) {
            problems.add("primary " + view.primaryKey() + " unreachable for " + lost + "/" + seeing + " observers");
            return CheckStatus.CRITICAL;
        }
        if (readOnly) {
            problems.add("primary " + view.primaryKey() + " is read-only: proxies refuse it writes");
            return CheckStatus.CRITICAL;
        }
        if (lost > 0) {
            problems.add("primary " + view.primaryKey() + " unreachable for " + lost + "/" + seeing + " observers");
            return CheckStatus.WARNING;
        }
        return CheckStatus.OK;
    }
}
