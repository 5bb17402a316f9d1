package io.tandem.failover.recovery;

import io.tandem.failover.analysis.Analysis;
import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.CoordinationException;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.store.StaleViewException;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Map;

/**
 * A fenced former primary that answers again: made {@code super_read_only} first (it may come back writable after a
 * restart), then rejoined under the current primary with GTID auto-position when everything it executed is contained
 * in the primary's {@code gtid_executed} (on MariaDB: covered by its position and, for each domain's last GTID, logged
 * in its {@code gtid_binlog_state}), else quarantined with its errant GTIDs named. Guarded like a recovery:
 * leadership and the cluster lock before any side effect, the view and the server re-read under the lock, the view
 * written by compare-and-set under the same epoch.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-gtids-auto-positioning.html">GTID
 *     auto-positioning</a>
 */
public final class Rejoin {

    public static final String REJOINED = "REJOINED";
    public static final String QUARANTINED = "QUARANTINED";
    private static final Logger LOG = LoggerFactory.getLogger(Rejoin.class);

    /**
     * How one attempt ended: {@link #STALE} when another writer changed the view first (worth retrying at the next
     * tick), {@link #SKIPPED} when it could not act now (worth retrying after a pause).
     */
    public enum Result {
        REJOINED,
        QUARANTINED,
        STALE,
        SKIPPED
    }

    private final RecoveryContext ctx;
    private final InstanceKey member;

    public Rejoin(RecoveryContext ctx, Analysis trigger) {
        this.ctx = ctx;
        this.member = trigger.subject();
    }

    /** Runs on the calling thread; never throws for an expected failure, which is logged and SKIPPED. */
    public Result run() {
        long start = System.nanoTime();
        Result result = attempt();
        ctx.metrics().recovery(RecoveryKind.REJOIN, result.name(),
                java.time.Duration.ofNanos(System.nanoTime() - start));
        return result;
    }

    private Result attempt() {
        if (!ctx.leadership().getAsBoolean() || !ctx.lock().acquire(ctx.settings().lockTimeout())) {
            LOG.info("rejoin of {}: not leader or cluster lock busy; later", member);
            return Result.SKIPPED;
        }
        try {
            return underLock();
        } catch (SQLException e) {
            LOG.warn("rejoin of {}: {}; next round retries", member, RecoverySteps.firstLine(e));
            return Result.SKIPPED;
        } catch (StaleViewException e) {
            LOG.info("rejoin of {}: the view changed meanwhile; next round re-reads it", member);
            return Result.STALE;
        } catch (RecoveryAbort e) {
            LOG.warn("rejoin of {}: {}", member, e.getMessage());
            return Result.SKIPPED;
        } finally {
            try {
                ctx.lock().release();
            } catch (CoordinationException e) {
                LOG.warn("rejoin of {}: {}", member, e.getMessage());
            }
        }
    }

    private Result underLock() throws SQLException {
        VersionedView current = ctx.views().read().orElse(null);
        if (current == null || current.view().failoverInProgress()
                || current.view().member(member).map(m -> m.state() != MemberState.FENCED).orElse(true)) {
            return Result.SKIPPED;
        }
        ClusterView view = current.view();
        Flavor flavor = view.flavor();
        guard();
        // read-only before anything is read from it: nothing may commit there between the comparison and the repoint
        ctx.admin().fence(member, flavor);
        Instance returned = ctx.admin().describe(member);
        Instance primary = ctx.admin().describe(view.primaryKey());
        GtidSet errant = returned.gtidExecuted().subtract(primary.gtidExecuted());
        if (flavor == Flavor.MARIADB) {
            // a MariaDB position covers sequence numbers, not server ids: commits the old primary made that the new
            // one never received (0-1-4 beside its own 0-2-4) are errant too, as the primary's binlog state tells
            errant = errant.union(ctx.admin().unloggedOn(view.primaryKey(), flavor, returned.gtidExecuted()));
        }
        guard();
        return errant.isEmpty() ? rejoin(current, returned, primary) : quarantine(current, returned, errant);
    }

    private Result rejoin(VersionedView current, Instance returned, Instance primary) throws SQLException {
        ClusterView view = current.view();
        ctx.admin().repoint(member, view.primaryKey(), view.flavor(), ctx.settings().replication());
        // routing stays safe: ONLINE (readable) only once it has applied what the primary had when it was compared
        boolean caughtUp = ctx.admin().awaitExecuted(member, view.flavor(), primary.gtidExecuted(),
                ctx.settings().relayLogWait());
        guard();
        ClusterSnapshot fresh = ctx.snapshotter().take(view);
        Member old = view.member(member).orElseThrow();
        Member next = fresh.reachable(member)
                ? new Member(caughtUp ? MemberState.ONLINE : MemberState.LAGGING, fresh.instance(old),
                        fresh.replication(old))
                : new Member(MemberState.LAGGING, returned, null);
        ctx.views().compareAndSet(current, RecoveryViews.replacing(view, next, ctx.clock().instant()));
        String message = member + " rejoined as a " + next.state() + " replica of " + view.primaryKey()
                + " with " + RecoverySteps.gtidPositioning(view.flavor()) + "; its GTIDs " + returned.gtidExecuted()
                + " are contained in the primary's";
        LOG.info("rejoin: {}", message);
        journal(REJOINED, message, Map.of("member", member.toString(), "source", view.primaryKey().toString(),
                "state", next.state().name(), "epoch", Long.toString(view.epoch())));
        return Result.REJOINED;
    }

    private Result quarantine(VersionedView current, Instance returned, GtidSet errant) {
        ClusterView view = current.view();
        Member next = new Member(MemberState.QUARANTINED, returned, null);
        ctx.views().compareAndSet(current, RecoveryViews.replacing(view, next, ctx.clock().instant()));
        String message = member + " quarantined: errant GTIDs " + errant + " are not on primary "
                + view.primaryKey() + "; it stays " + RecoverySteps.readOnlyName(view.flavor())
                + " until a DBA decides";
        LOG.warn("rejoin: {}", message);
        journal(QUARANTINED, message, Map.of("member", member.toString(), "errant", errant.toString(),
                "primary", view.primaryKey().toString(), "epoch", Long.toString(view.epoch())));
        return Result.QUARANTINED;
    }

    private void guard() {
        if (!ctx.leadership().getAsBoolean() || !ctx.lock().held()) {
            throw new RecoveryAbort("no longer leader or lock holder before acting on " + member);
        }
    }

    private void journal(String type, String message, Map<String, String> details) {
        ctx.journal().append(new JournalEvent(ctx.clock().instant(), type, ctx.actor(), message, details));
    }
}
