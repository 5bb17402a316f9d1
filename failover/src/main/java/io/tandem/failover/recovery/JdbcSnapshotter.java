package io.tandem.failover.recovery;

import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.failover.analysis.MemberProbe;
import io.tandem.topology.discovery.InstanceReader;
import io.tandem.topology.discovery.InstanceReport;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.observer.ObserverReport;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Probes every member of a view in parallel (each bounded by the reader's connect and read timeouts, the whole round
 * by {@code deadline}) and adds the live observers' reports and the lag samples.
 */
public final class JdbcSnapshotter implements Snapshotter {

    private static final int REFUSAL_CHECK_MILLIS = 200;

    private final String leaderId;
    private final InstanceReader reader;
    private final Supplier<List<ObserverReport>> observers;
    private final Supplier<Collection<LagSample>> lag;
    private final ExecutorService probes;
    private final Duration deadline;
    private final Clock clock;

    /**
     * @param probes runs the probes; it needs as many threads as a view has members for them to run in parallel
     * @param deadline a probe still running after this is reported unreachable
     */
    public JdbcSnapshotter(String leaderId, InstanceReader reader, Supplier<List<ObserverReport>> observers,
                           Supplier<Collection<LagSample>> lag, ExecutorService probes, Duration deadline,
                           Clock clock) {
        this.leaderId = leaderId;
        this.reader = reader;
        this.observers = observers;
        this.lag = lag;
        this.probes = probes;
        this.deadline = deadline;
        this.clock = clock;
    }

    @Override
    public ClusterSnapshot take(ClusterView view) {
        List<Member> members = view.members().toList();
        List<CompletableFuture<MemberProbe>> pending = new ArrayList<>();
        for (Member member : members) {
            pending.add(CompletableFuture.supplyAsync(() -> probe(member), probes));
        }
        long until = System.nanoTime() + deadline.toNanos();
        List<MemberProbe> results = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            results.add(await(pending.get(i), members.get(i), until));
        }
        return new ClusterSnapshot(view, leaderId, results, observers.get(), List.copyOf(lag.get()), clock.instant());
    }

    private MemberProbe probe(Member member) {
        String refused = refused(member.key());
        if (refused != null) {
            // a dead server refuses at once; the pool would retry until its connect timeout before saying so
            return MemberProbe.unreachable(member.key(), refused);
        }
        try {
            InstanceReport report = reader.read(member.key());
            return MemberProbe.reached(report.instance().key().equals(member.key()) ? report.instance()
                    : renamed(report, member), report.replication().orElse(null));
        } catch (SQLException | RuntimeException e) {
            // expected when a server is down; the message is the probe's verdict
            return MemberProbe.unreachable(member.key(), RecoverySteps.firstLine(e));
        }
    }

    /** "Connection refused" when nothing listens on the server's port, else null (a hang is the reader's to time). */
    private static String refused(InstanceKey key) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(key.host(), key.port()), REFUSAL_CHECK_MILLIS);
            return null;
        } catch (ConnectException e) {
            return "Connection refused (" + key + ")";
        } catch (IOException e) {
            return null; // a timeout or anything else: let the real probe decide, with its own timeouts
        }
    }

    private static Instance renamed(InstanceReport report, Member member) {
        Instance i = report.instance();
        return new Instance(member.key(), i.flavor(), i.version(), i.serverId(),
                i.serverUuid(), i.readOnly(), i.superReadOnly(), i.gtidExecuted(), i.logBin(), i.binlogFormat(),
                i.logReplicaUpdates());
    }

    private static MemberProbe await(CompletableFuture<MemberProbe> future, Member member, long until) {
        try {
            return future.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return MemberProbe.unreachable(member.key(), "probe did not finish in time");
        } catch (ExecutionException e) {
            return MemberProbe.unreachable(member.key(), String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MemberProbe.unreachable(member.key(), "interrupted");
        }
    }
}
