package io.tandem.proxy.frontend;

import io.tandem.proxy.metrics.ProxyMetrics;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.BackendException;
import io.tandem.proxy.backend.BackendPool;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.routing.Reason;
import io.tandem.proxy.routing.ReplicaChoice;
import io.tandem.proxy.routing.Route;
import io.tandem.proxy.routing.Router;
import io.tandem.proxy.routing.RoutingPolicy;
import io.tandem.proxy.replay.GtidWait;
import io.tandem.proxy.session.PreparedStatements;
import io.tandem.proxy.replay.StateSync;
import io.tandem.proxy.session.StatementHints;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Places one session's statements on backend connections: a replica for a read when the session is in autocommit
 * mode and a fresh replica qualifies, else the primary, waiting while a failover holds writes; then brings the
 * connection to the session's state (and, for read-your-writes, to the session's last write) and runs the command
 * there. A read its replica fails before answering is placed once more elsewhere. Runs on the session's event loop.
 */
final class StatementPlacer {

    private static final Logger LOG = LoggerFactory.getLogger(StatementPlacer.class);

    private final ClientSession session;
    private final Router router;
    private final BackendPool pool;
    private final ProxyMetrics metrics;
    /** The statement being placed or run, when it did not use a held connection. */
    private Attempt current;

    StatementPlacer(ClientSession session, Router router, BackendPool pool, ProxyMetrics metrics) {
        this.session = session;
        this.router = router;
        this.pool = pool;
        this.metrics = metrics;
    }

    void place(int sequenceId, MySQLFrame command, Reason reason, Supplier<String> sql,
               Consumer<BackendConnection> action) {
        boolean retryable = reason.retryableRead() && router.settings().readWriteSplit();
        boolean replaceable = !retryable && reason.route() == Route.PRIMARY && session.autocommit()
                && !session.inTransaction();
        Attempt attempt = new Attempt(sequenceId, command, reason, sql, action, retryable, replaceable);
        current = attempt;
        place(attempt);
    }

    /** Whether the running statement went to a replica: a connection the session keeps is then a replica's. */
    boolean onReplica() {
        return current != null && current.placedOnReplica;
    }

    private void place(Attempt attempt) {
        Reason reason = attempt.reason;
        if (reason.route() == Route.REPLICA_ELIGIBLE) {
            Reason refusal = RoutingPolicy.replicaRefusal(router.settings(), session.autocommit(),
                    session.inTransaction());
            if (refusal == null) {
                GtidSet mustHave = session.readYourWrites() ? session.readFloor().get() : null;
                Optional<ReplicaChoice> choice = router.replicas().choose(mustHave, attempt.excluded);
                if (choice.isPresent()) {
                    toReplica(attempt, reason, choice.get().key(), choice.get().confirmed() ? null : mustHave);
                    return;
                }
                refusal = mustHave != null ? Reason.READ_YOUR_WRITES : Reason.NO_FRESH_REPLICA;
            }
            reason = refusal;
        }
        toPrimary(attempt, reason);
    }

    private void toReplica(Attempt attempt, Reason reason, InstanceKey replica, GtidSet awaitGtid) {
        router.replicas().started(replica);
        attempt.charged = replica;
        attempt.placedOnReplica = true;
        routed(true, reason, replica);
        served(replica);
        acquire(attempt, replica, awaitGtid);
    }

    private void toPrimary(Attempt attempt, Reason reason) {
        attempt.placedOnReplica = false;
        String hold = router.writes().holdReason();
        if (hold != null) {
            Optional<ReplicaChoice> elsewhere = movableDuringHold(attempt)
                    ? router.replicas().choose(null, attempt.excluded) : Optional.empty();
            if (elsewhere.isPresent()) {
                // a session change or a harmless command needs no primary: new connections keep opening
                toReplica(attempt, reason, elsewhere.get().key(), null);
            } else {
                holdForPrimary(attempt, reason, hold);
            }
            return;
        }
        Optional<InstanceKey> primary = router.targets().primary();
        if (primary.isEmpty()) {
            attempt.command.release();
            session.fail(attempt.sequenceId, ErrPacket.of(ServerError.BACKEND_UNREACHABLE, "Tandem knows no primary"
                    + " for this cluster yet (no cluster view): writes cannot be served"));
            return;
        }
        routed(false, reason, primary.get());
        if (reason == Reason.READ_YOUR_WRITES && session.readYourWrites()) {
            session.readFloor().lostTo(router.replicas().executed(primary.get()));
        }
        served(primary.get());
        acquire(attempt, primary.get(), null);
    }

    /**
     * While writes are held, what may run on a replica instead of waiting: commands other than queries (INIT_DB,
     * FIELD_LIST, STATISTICS, PREPARE) and SET/USE of replayable session state, which a replica validates and
     * reports as well as the primary does. Not a SET that would pin the session (user variables …): the session
     * would then be bound to a replica. SET TRANSACTION pins too, but only after the fact; such a session's
     * writes then fail on the replica with its read-only error rather than run anywhere unexpected.
     */
    private boolean movableDuringHold(Attempt attempt) {
        if (!router.settings().readWriteSplit() || session.inTransaction() || !session.autocommit()) {
            return false;
        }
        return attempt.reason == Reason.NOT_A_QUERY || (attempt.reason == Reason.SESSION_STATE && attempt.sql != null
                && StatementHints.pinReason(attempt.sql.get()).isEmpty());
    }

    /** No primary may take statements now: wait on this event loop, bounded, then refuse without running it. */
    private void holdForPrimary(Attempt attempt, Reason reason, String hold) {
        long now = System.nanoTime();
        if (attempt.holdDeadline == 0) {
            attempt.holdDeadline = now + router.settings().writeHold().toNanos();
            metrics.writeHeld();
            LOG.debug("conn {}: holding a statement for the primary ({}): {}", session.connectionId(), reason.label(),
                    hold);
        }
        router.writes().await(session.client().eventLoop(), attempt.holdDeadline - now, () -> {
            if (attempt == current) {
                place(attempt);
            }
        }, () -> {
            if (attempt != current) {
                return;
            }
            attempt.command.release();
            session.fail(attempt.sequenceId, ErrPacket.of(ServerError.OPTION_PREVENTS_STATEMENT, "Tandem held this"
                    + " statement " + router.settings().writeHold().toMillis() + " ms because "
                    + router.writes().holdReason() + " and no primary took writes in that time; the statement was"
                    + " not executed, retry it"));
        });
    }

    private void acquire(Attempt attempt, InstanceKey server, GtidSet awaitGtid) {
        pool.acquire(session.backendKey(server), session.credentials()).addListener(f -> {
            if (attempt != current || !session.client().isActive()) {
                if (f.isSuccess()) {
                    pool.release((BackendConnection) f.getNow());
                }
                return;
            }
            if (!f.isSuccess()) {
                metrics.backendFailure();
                if (attempt.charged != null) {
                    replicaFailed(attempt, server, f.cause().getMessage());
                    place(attempt);
                    return;
                }
                attempt.command.release();
                boolean exhausted = f.cause() instanceof BackendException b && b.poolExhausted();
                session.fail(attempt.sequenceId, ErrPacket.of(exhausted ? ServerError.TOO_MANY_CONNECTIONS
                        : ServerError.BACKEND_UNREACHABLE, f.cause().getMessage()));
                return;
            }
            BackendConnection connection = (BackendConnection) f.getNow();
            connection.closeStaleStatements(PreparedStatements::live);
            session.active(connection);
            if (session.state().schema() == null && connection.state().schema() != null) {
                // a connection cannot forget its default schema: take a fresh one rather than risk writes to it
                pool.discard(connection);
                session.active(null);
                acquire(attempt, server, awaitGtid);
                return;
            }
            if (awaitGtid == null) {
                prepare(attempt, connection);
                return;
            }
            GtidWait.run(connection, awaitGtid, router.settings().readYourWritesWait(), applied -> {
                if (attempt != current) {
                    return;
                }
                if (applied) {
                    prepare(attempt, connection);
                    return;
                }
                session.active(null);
                connection.sink(IdleSink.INSTANCE);
                pool.release(connection);
                uncharge(attempt);
                toPrimary(attempt, Reason.READ_YOUR_WRITES);
            });
        });
    }

    /** Brings the connection to the session's state, then runs the command on it. */
    private void prepare(Attempt attempt, BackendConnection connection) {
        StateSync.apply(connection, session.state(), session.freshDiagnostics(), () -> {
            if (attempt == current) {
                attempt.dispatched = true;
                session.phase(CommandPhase.RUNNING);
                attempt.action.accept(connection);
            }
        }, err -> {
            if (attempt != current) {
                return;
            }
            // a replica that answered with an error is healthy: only one that went away leaves the read pool (its
            // loss is reported while the channel may still look open)
            boolean lost = !connection.isOpen() || err.errorCode() == ServerError.BACKEND_LOST.code();
            pool.discard(connection);
            session.active(null);
            if (attempt.charged != null && lost) {
                replicaFailed(attempt, connection.key().server(), err.message());
                place(attempt);
                return;
            }
            attempt.command.release();
            session.fail(attempt.sequenceId, err);
        });
    }

    /**
     * The running read's replica went away before the client saw any of its answer: the replica leaves the read
     * pool and the read goes once more elsewhere. Returns false when that does not apply (not a read, already
     * retried, answered, not on a replica, the client gone): the caller reports the loss instead.
     */
    boolean retry(BackendConnection connection, Throwable cause, boolean answered) {
        Attempt attempt = current;
        // elsewhere means another server: a read on the primary (e.g. one a DBA killed) is not sent again
        if (attempt == null || !attempt.retryable || attempt.retried || answered || !attempt.dispatched
                || !attempt.placedOnReplica || !session.client().isActive()) {
            return false;
        }
        attempt.retried = true;
        attempt.dispatched = false;
        session.active(null);
        pool.discard(connection);
        InstanceKey server = connection.key().server();
        replicaFailed(attempt, server, "connection lost during a read" + (cause == null ? ""
                : ": " + cause.getMessage()));
        LOG.info("conn {}: lost {} during a read before any answer; sending it once more elsewhere",
                session.connectionId(), server);
        metrics.readRetried();
        // the send consumed the caller's reference; the attempt's own keeps the bytes for this one
        attempt.command.retain();
        attempt.command.content().readerIndex(attempt.readerIndex);
        place(attempt);
        return true;
    }

    /**
     * The primary answered the running autocommit write with its read-only error before anything else: the write was
     * not executed. When the attempt may be placed again (at most twice), the primary is marked as refusing writes
     * until the view changes, the connection goes back to the pool, and the statement waits for writes to flow like
     * any other; returns false when that does not apply (the caller relays the error).
     */
    boolean replaceAfterReadOnly(BackendConnection connection) {
        Attempt attempt = current;
        if (attempt == null || !attempt.replaceable || !attempt.dispatched || attempt.placedOnReplica
                || attempt.refusals >= 2 || !session.client().isActive()) {
            return false;
        }
        attempt.refusals++;
        attempt.dispatched = false;
        InstanceKey primary = connection.key().server();
        router.writes().refused(primary, router.targets().epoch());
        session.active(null);
        connection.sink(IdleSink.INSTANCE);
        pool.release(connection);
        LOG.info("conn {}: {} refused a write as read-only before this proxy saw a new epoch; holding it for the next"
                + " primary", session.connectionId(), primary);
        attempt.command.retain();
        attempt.command.content().readerIndex(attempt.readerIndex);
        place(attempt);
        return true;
    }

    /** The replica failed this attempt before it ran: out of the read pool, and this attempt looks elsewhere. */
    private void replicaFailed(Attempt attempt, InstanceKey replica, String cause) {
        router.replicas().failed(replica, cause);
        uncharge(attempt);
        attempt.excluded = replica;
    }

    private void uncharge(Attempt attempt) {
        if (attempt.charged != null) {
            router.replicas().ended(attempt.charged);
            attempt.charged = null;
        }
    }

    /** The statement is over, however it ended: its replica charge and its extra hold on the command go. */
    void settle() {
        Attempt attempt = current;
        if (attempt != null) {
            current = null;
            uncharge(attempt);
            if (attempt.keepsCommand()) {
                attempt.command.release();
            }
        }
    }

    /**
     * The statement could not be placed in time (a bound of last resort, see {@link WaitWatch}): it is refused,
     * never sent. Returns false when there is no such statement.
     */
    boolean giveUp(String why) {
        Attempt attempt = current;
        if (attempt == null || attempt.dispatched) {
            return false;
        }
        abandon();
        session.fail(attempt.sequenceId, ErrPacket.of(ServerError.BACKEND_UNREACHABLE, why
                + "; the statement was not executed, retry it"));
        return true;
    }

    /** The client went away: a statement never sent still owns its command. */
    void abandon() {
        Attempt attempt = current;
        if (attempt != null && !attempt.dispatched) {
            attempt.command.release();
        }
        settle();
    }

    /** The session's reads are never again served by a server that executed less than {@code server} had. */
    void served(InstanceKey server) {
        if (session.readYourWrites()) {
            GtidSet primary = router.targets().primary().map(router.replicas()::executed).orElse(null);
            session.readFloor().servedBy(router.replicas().executed(server), primary);
        }
    }

    void routed(boolean replica, Reason reason, InstanceKey server) {
        metrics.routed(replica, reason);
        if (LOG.isDebugEnabled()) {
            LOG.debug("conn {}: {} {} ({}: {})", session.connectionId(), replica ? "replica" : "primary", server,
                    reason.label(), reason.description());
        }
    }
}
