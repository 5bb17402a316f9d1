package io.tandem.failover.recovery;

import io.tandem.failover.analysis.Analysis;
import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.view.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The parts of a recovery that tolerate partial failure (fencing a primary that may not answer, repointing replicas
 * one by one) and the anti-flapping check; each outcome is journaled as a note of the current step.
 */
final class RecoverySteps {

    private static final Logger LOG = LoggerFactory.getLogger(RecoverySteps.class);

    private final RecoveryContext ctx;
    private final RecoveryJournal journal;
    private final StonithHook stonith;

    RecoverySteps(RecoveryContext ctx, RecoveryJournal journal) {
        this.ctx = ctx;
        this.journal = journal;
        this.stonith = new StonithHook(ctx.settings().stonithCommand(), ctx.settings().stonithTimeout());
    }

    /** No automatic recovery within the anti-flapping window of the last resolved one. */
    void checkAntiFlapping() {
        Duration window = ctx.settings().antiFlapping();
        Instant now = ctx.clock().instant();
        Optional<Instant> last = new RecoveryHistory(ctx.journal().marks()).blockingResolution(window, now);
        if (last.isPresent()) {
            throw new RecoveryAbort("anti-flapping: the last recovery resolved at " + last.get() + ", "
                    + Duration.between(last.get(), now).toSeconds() + " s ago, within the " + window.toMinutes()
                    + " min window (tandem acknowledge lifts it)");
        }
    }

    /**
     * {@code super_read_only=ON} if the old primary answers, then the STONITH hook if one is configured. When the
     * verified snapshot could not reach it, the attempt runs beside the rest of the recovery instead of delaying it:
     * the new epoch already fences it from every proxy, and a refused connection costs the pool's whole timeout.
     */
    void fenceOldPrimary(InstanceKey old, Flavor flavor, long epoch, boolean reachable) {
        if (reachable) {
            fence(old, flavor, epoch);
        } else {
            CompletableFuture.runAsync(() -> fence(old, flavor, epoch)).exceptionally(e -> {
                LOG.warn("fencing {} in the background failed: {}", old, e.toString());
                return null;
            });
        }
        if (stonith.configured()) {
            String failure = stonith.run(ctx.cluster(), old, epoch);
            if (failure != null) {
                throw new RecoveryAbort(failure);
            }
            journal.note(RecoveryState.FENCING, "STONITH hook succeeded for " + old, Map.of());
        }
    }

    /** What fencing sets, in the flavor's words: MariaDB has no super_read_only. */
    static String readOnlyName(Flavor flavor) {
        return flavor == Flavor.MYSQL ? "super_read_only" : "read_only";
    }

    /** How a repointed replica finds its position, in the flavor's words. */
    static String gtidPositioning(Flavor flavor) {
        return flavor == Flavor.MYSQL ? "auto-position" : "MASTER_USE_GTID=slave_pos";
    }

    private void fence(InstanceKey old, Flavor flavor, long epoch) {
        try {
            ctx.admin().fence(old, flavor);
            journal.note(RecoveryState.FENCING, old + " answered and is now " + readOnlyName(flavor), Map.of());
        } catch (SQLException e) {
            // expected for a dead primary: the epoch already fences it from every proxy
            journal.note(RecoveryState.FENCING, old + " did not answer the fence (" + firstLine(e) + ");"
                    + " fenced by epoch " + epoch + " only", Map.of());
        }
    }

    /**
     * Repoints every other reachable replica that Tandem manages; one that fails is journaled and left for the
     * DBA (or a later REPLICA_WRONG_SOURCE recovery), since the new primary already serves.
     */
    void repointOthers(ClusterSnapshot snapshot, InstanceKey candidate, Flavor flavor, Consumer<String> guard) {
        for (Member replica : snapshot.replicas()) {
            if (replica.key().equals(candidate) || replica.state().administrative()) {
                continue;
            }
            if (!snapshot.reachable(replica.key())) {
                journal.note(RecoveryState.REPOINTING, replica.key() + " unreachable: not repointed", Map.of());
                continue;
            }
            guard.accept("repointing " + replica.key());
            try {
                ctx.admin().repoint(replica.key(), candidate, flavor, ctx.settings().replication());
                journal.note(RecoveryState.REPOINTING, replica.key() + " now replicates from " + candidate
                        + " with " + gtidPositioning(flavor), Map.of("replica", replica.key().toString()));
            } catch (SQLException e) {
                LOG.warn("cannot repoint {} to {}: {}", replica.key(), candidate, firstLine(e));
                journal.note(RecoveryState.REPOINTING, replica.key() + " could not be repointed: " + firstLine(e),
                        Map.of("replica", replica.key().toString()));
            }
        }
    }

    /** The promoted server as it describes itself now; if it cannot say, the snapshot's description made writable. */
    Instance describePromoted(ClusterSnapshot snapshot, Member candidate) {
        try {
            return ctx.admin().describe(candidate.key());
        } catch (SQLException e) {
            journal.note(RecoveryState.PUBLISHED, candidate.key() + " could not be re-read after promotion ("
                    + firstLine(e) + "); publishing its last description", Map.of());
            Instance i = snapshot.instance(candidate);
            return new Instance(i.key(), i.flavor(), i.version(), i.serverId(), i.serverUuid(), false, false,
                    i.gtidExecuted(), i.logBin(), i.binlogFormat(), i.logReplicaUpdates());
        }
    }

    /** The analyses of a snapshot, one line, for an abort that found nothing to do. */
    String describe(ClusterSnapshot snapshot) {
        var analyses = ctx.analyzer().analyze(snapshot);
        return analyses.isEmpty() ? "no problem found"
                : "now: " + analyses.stream().map(Analysis::toString).collect(Collectors.joining("; "));
    }

    static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }
}
