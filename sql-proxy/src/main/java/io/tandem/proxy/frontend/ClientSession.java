package io.tandem.proxy.frontend;

import io.netty.channel.Channel;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.BackendCredentials;
import io.tandem.proxy.backend.BackendException;
import io.tandem.proxy.backend.BackendKey;
import io.tandem.proxy.backend.BackendPool;
import io.tandem.proxy.backend.FrameSink;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.ServerStatus;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.protocol.packet.OkPacket;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.relay.ResponseTracker.Packet;
import io.tandem.proxy.session.PinReason;
import io.tandem.proxy.session.PreparedStatements;
import io.tandem.proxy.session.SessionChanges;
import io.tandem.proxy.session.SessionState;
import io.tandem.proxy.session.StateSync;
import io.tandem.proxy.session.StatementHints;
import io.tandem.proxy.session.GtidWait;
import io.tandem.proxy.routing.Classification;
import io.tandem.proxy.routing.Reason;
import io.tandem.proxy.routing.SqlMode;
import io.tandem.proxy.routing.ReplicaChoice;
import io.tandem.proxy.routing.Route;
import io.tandem.proxy.routing.Router;
import io.tandem.proxy.routing.RoutingPolicy;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One client connection after authentication: its replayable state, its prepared statements, and the backend
 * connection it holds, if any. Outside a transaction (and unless pinned, or a cursor or long data is open) the
 * backend connection goes back to the pool after every command, and the next command replays the session's state
 * onto whichever connection it gets. Runs on the client channel's event loop only.
 */
public final class ClientSession {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    /** What every backend connection speaks, whatever the client: 4.1 auth, plugins, and state tracking. */
    private static final int BACKEND_BASE = Capabilities.LONG_PASSWORD | Capabilities.LONG_FLAG
            | Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS | Capabilities.SECURE_CONNECTION
            | Capabilities.PLUGIN_AUTH | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CONNECT_ATTRS
            | Capabilities.SESSION_TRACK;

    private final Channel client;
    private final long connectionId;
    private final ProxyUser user;
    private final int capabilities;
    private final int characterSet;
    private final BackendPool pool;
    private final Router router;
    private final boolean readYourWrites;
    private final ProxyMetrics metrics;
    private final SessionRegistry sessions;
    private final Runnable commandDone;
    private final PreparedStatements statements = new PreparedStatements();
    private final BackendCredentials credentials;
    private BackendKey key;
    private SessionState state = SessionState.INITIAL;
    private PinReason pin;
    private volatile BackendConnection held;
    private volatile BackendConnection active;
    private boolean inTransaction;
    private boolean autocommit = true;
    private boolean heldOnReplica;
    /** The statement being placed or run, when it did not use a held connection. */
    private Attempt current;
    /** The session's last write, for read-your-writes; null until it writes with GTIDs tracked. */
    private GtidSet lastWrite;
    private String sqlModeText;
    private SqlMode sqlMode = SqlMode.DEFAULT;
    private PinReason pinAfter;
    private boolean cursorOpen;
    private boolean longDataPending;
    private Exchange localInfile;
    private io.tandem.proxy.protocol.CommandType command;
    private long commandStarted;

    ClientSession(Channel client, long connectionId, ProxyUser user, int capabilities, int characterSet,
                  BackendPool pool, Router router, boolean readYourWrites, ProxyMetrics metrics,
                  SessionRegistry sessions, Runnable commandDone) {
        this.client = client;
        this.connectionId = connectionId;
        this.user = user;
        this.capabilities = capabilities;
        this.characterSet = characterSet;
        this.pool = pool;
        this.router = router;
        this.readYourWrites = readYourWrites;
        this.metrics = metrics;
        this.sessions = sessions;
        this.commandDone = commandDone;
        this.credentials = new BackendCredentials(user.backendUser(), user.backendPassword());
        sessions.add(this);
    }

    /** Every session of this proxy, for KILL. */
    public SessionRegistry sessions() {
        return sessions;
    }

    public Channel client() {
        return client;
    }

    public long connectionId() {
        return connectionId;
    }

    public String userName() {
        return user.name();
    }

    /**
     * The backend connection running this session's current command, or held by it; read from other event loops
     * by KILL, which tolerates a stale answer (the statement may just have finished).
     */
    public BackendConnection busyBackend() {
        BackendConnection running = active;
        return running != null ? running : held;
    }

    public int capabilities() {
        return capabilities;
    }

    public PreparedStatements statements() {
        return statements;
    }

    public SessionState state() {
        return state;
    }

    public Optional<BackendConnection> held() {
        return Optional.ofNullable(held);
    }

    /** The session keeps one backend connection between commands (transaction, pin, cursor): no routing applies. */
    public boolean holdsConnection() {
        return held != null;
    }

    /** Classifies a statement under the session's sql_mode (ANSI_QUOTES and NO_BACKSLASH_ESCAPES change lexing). */
    public Classification classify(CharSequence sql) {
        String mode = state.variables().get("sql_mode");
        if (mode != sqlModeText) {
            sqlModeText = mode;
            sqlMode = mode == null ? SqlMode.DEFAULT : SqlMode.of(mode);
        }
        return router.classifier().classify(sql, sqlMode);
    }

    /** The reason a statement is placed for, under this proxy's routing settings. */
    public Reason reasonFor(Classification classification) {
        return RoutingPolicy.statementReason(classification, router.settings());
    }

    public void cursorOpen(boolean open) {
        cursorOpen = open;
    }

    public void longDataPending(boolean pending) {
        longDataPending = pending;
    }

    /**
     * Runs {@code action} with a primary connection in this session's state (or the connection it holds): for
     * commands that are not statements routing could send elsewhere. Failures are answered with an ERR.
     */
    public void withBackend(MySQLFrame command, Consumer<BackendConnection> action) {
        withBackend(command.nextSequenceId(), command, Reason.NOT_A_QUERY, action);
    }

    /** As {@link #withBackend(MySQLFrame, Consumer)}, answering a failure with {@code sequenceId}. */
    public void withBackend(int sequenceId, MySQLFrame command, Consumer<BackendConnection> action) {
        withBackend(sequenceId, command, Reason.NOT_A_QUERY, action);
    }

    /**
     * Runs {@code action} with a backend connection in this session's state, on the server {@code reason} and the
     * session allow: the held connection; else a replica for a read when the session is in autocommit mode and a
     * fresh one qualifies; else the primary, waiting while a failover holds writes. Failures are answered to the
     * client with an ERR naming the cause; a read whose replica fails before answering is placed again.
     */
    public void withBackend(MySQLFrame command, Reason reason, Consumer<BackendConnection> action) {
        withBackend(command.nextSequenceId(), command, reason, null, action);
    }

    /** As {@link #withBackend(MySQLFrame, Reason, Consumer)} for a query whose text may be needed while placing it. */
    public void withBackend(MySQLFrame command, Reason reason, Supplier<String> sql,
                            Consumer<BackendConnection> action) {
        withBackend(command.nextSequenceId(), command, reason, sql, action);
    }

    private void withBackend(int sequenceId, MySQLFrame command, Reason reason, Consumer<BackendConnection> action) {
        withBackend(sequenceId, command, reason, null, action);
    }

    private void withBackend(int sequenceId, MySQLFrame command, Reason reason, Supplier<String> sql,
                             Consumer<BackendConnection> action) {
        if (held != null) {
            routed(heldOnReplica, pin != null ? Reason.HELD_PINNED
                    : inTransaction ? Reason.HELD_TRANSACTION : Reason.HELD_CURSOR, held.key().server());
            active = held;
            action.accept(held);
            return;
        }
        boolean retryable = reason.retryableRead() && router.settings().readWriteSplit();
        Attempt attempt = new Attempt(sequenceId, command, reason, sql, action, retryable);
        current = attempt;
        place(attempt);
    }

    private void place(Attempt attempt) {
        Reason reason = attempt.reason;
        if (reason.route() == Route.REPLICA_ELIGIBLE) {
            Reason refusal = replicaRefusal();
            if (refusal == null) {
                GtidSet mustHave = readYourWrites ? lastWrite : null;
                Optional<ReplicaChoice> choice = router.replicas().choose(mustHave, attempt.excluded);
                if (choice.isPresent()) {
                    InstanceKey replica = choice.get().key();
                    router.replicas().started(replica);
                    attempt.charged = replica;
                    attempt.placedOnReplica = true;
                    routed(true, reason, replica);
                    acquire(attempt, replica, choice.get().confirmed() ? null : mustHave);
                    return;
                }
                refusal = mustHave != null ? Reason.READ_YOUR_WRITES : Reason.NO_FRESH_REPLICA;
            }
            reason = refusal;
        }
        toPrimary(attempt, reason);
    }

    /** Why this session's reads cannot go to a replica now, or null when they can. */
    private Reason replicaRefusal() {
        return RoutingPolicy.replicaRefusal(router.settings(), autocommit, inTransaction);
    }

    private void toPrimary(Attempt attempt, Reason reason) {
        attempt.placedOnReplica = false;
        String hold = router.writes().holdReason();
        if (hold != null) {
            Optional<ReplicaChoice> elsewhere = movableDuringHold(attempt)
                    ? router.replicas().choose(null, attempt.excluded) : Optional.empty();
            if (elsewhere.isPresent()) {
                // a session change or a harmless command needs no primary: new connections keep opening
                InstanceKey replica = elsewhere.get().key();
                router.replicas().started(replica);
                attempt.charged = replica;
                attempt.placedOnReplica = true;
                routed(true, reason, replica);
                acquire(attempt, replica, null);
                return;
            }
            holdForPrimary(attempt, reason, hold);
            return;
        }
        Optional<InstanceKey> primary = router.targets().primary();
        if (primary.isEmpty()) {
            attempt.command.release();
            fail(attempt.sequenceId, ErrPacket.of(ServerError.BACKEND_UNREACHABLE, "Tandem knows no primary for this"
                    + " cluster yet (no cluster view): writes cannot be served"));
            return;
        }
        routed(false, reason, primary.get());
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
        if (!router.settings().readWriteSplit() || inTransaction || !autocommit) {
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
            LOG.debug("conn {}: holding a statement for the primary ({}): {}", connectionId, reason.label(), hold);
        }
        router.writes().await(client.eventLoop(), attempt.holdDeadline - now, () -> {
            if (attempt == current) {
                place(attempt);
            }
        }, () -> {
            if (attempt != current) {
                return;
            }
            attempt.command.release();
            fail(attempt.sequenceId, ErrPacket.of(ServerError.OPTION_PREVENTS_STATEMENT, "Tandem held this statement "
                    + router.settings().writeHold().toMillis() + " ms because " + router.writes().holdReason()
                    + " and no primary took writes in that time; the statement was not executed, retry it"));
        });
    }

    private void acquire(Attempt attempt, InstanceKey server, GtidSet awaitGtid) {
        pool.acquire(backendKey(server), credentials).addListener(f -> {
            if (attempt != current || !client.isActive()) {
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
                fail(attempt.sequenceId, ErrPacket.of(exhausted ? ServerError.TOO_MANY_CONNECTIONS
                        : ServerError.BACKEND_UNREACHABLE, f.cause().getMessage()));
                return;
            }
            BackendConnection connection = (BackendConnection) f.getNow();
            connection.closeStaleStatements(PreparedStatements::live);
            active = connection;
            if (state.schema() == null && connection.state().schema() != null) {
                // a connection cannot forget its default schema: take a fresh one rather than risk writes to it
                pool.discard(connection);
                active = null;
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
                active = null;
                connection.sink(IdleSink.INSTANCE);
                pool.release(connection);
                uncharge(attempt);
                toPrimary(attempt, Reason.READ_YOUR_WRITES);
            });
        });
    }

    /** Brings the connection to the session's state, then runs the command on it. */
    private void prepare(Attempt attempt, BackendConnection connection) {
        StateSync.apply(connection, state, () -> {
            if (attempt == current) {
                attempt.dispatched = true;
                attempt.action.accept(connection);
            }
        }, err -> {
            if (attempt != current) {
                return;
            }
            pool.discard(connection);
            active = null;
            if (attempt.charged != null && !connection.isOpen()) {
                replicaFailed(attempt, connection.key().server(), err.message());
                place(attempt);
                return;
            }
            attempt.command.release();
            fail(attempt.sequenceId, err);
        });
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

    /** The attempt is over, however it ended: its replica charge and its extra hold on the command go. */
    private void settle() {
        Attempt attempt = current;
        if (attempt != null) {
            current = null;
            uncharge(attempt);
            if (attempt.retryable) {
                attempt.command.release();
            }
        }
    }

    private void routed(boolean replica, Reason reason, InstanceKey server) {
        metrics.routed(replica, reason);
        if (LOG.isDebugEnabled()) {
            LOG.debug("conn {}: {} {} ({}: {})", connectionId, replica ? "replica" : "primary", server,
                    reason.label(), reason.description());
        }
    }

    /** Relays {@code command} on {@code connection} and its response to the client, then ends the command. */
    public void relay(BackendConnection connection, MySQLFrame command, ResponseShape shape, Supplier<String> sql,
                      BiConsumer<Packet, MySQLFrame> observer) {
        new Exchange(this, connection, shape, sql, observer).send(command);
    }

    /** Answers OK and ends the command. */
    public void ok(int sequenceId) {
        client.writeAndFlush(MySQLFrame.of(client.alloc(), sequenceId,
                OkPacket.plain(inTransaction ? ServerStatus.IN_TRANS : ServerStatus.AUTOCOMMIT)));
        finish(held);
    }

    /** Answers with one of the proxy's own errors and ends the command. */
    public void fail(int sequenceId, ServerError error, String message) {
        fail(sequenceId, ErrPacket.of(error, message));
    }

    /** Closes the held connection (its server-side state must not survive) instead of sharing it. */
    public void dropHeld() {
        if (held != null) {
            pool.discard(held);
            held = null;
        }
    }

    /** Forgets all session state, as COM_RESET_CONNECTION does on a server. */
    public void reset() {
        state = new SessionState(state.schema(), java.util.Map.of());
        pin = null;
        inTransaction = false;
        cursorOpen = false;
        longDataPending = false;
    }

    /** The pool key for {@code server}, made once per server rather than per statement. */
    private BackendKey backendKey(InstanceKey server) {
        BackendKey cached = key;
        if (cached == null || !cached.server().equals(server)) {
            cached = new BackendKey(server, user.backendUser(),
                    BACKEND_BASE | (capabilities & Capabilities.RESULT_SHAPING), characterSet);
            key = cached;
        }
        return cached;
    }

    /** Applies what an OK packet reported about the session, pinning when the change cannot be replayed. */
    void apply(SessionChanges changes, Supplier<String> sql) {
        SessionState next = state;
        if (changes.schema() != null) {
            next = next.withSchema(changes.schema());
        }
        for (var variable : changes.variables().entrySet()) {
            next = next.withVariable(variable.getKey(), variable.getValue());
        }
        state = next;
        if (readYourWrites && changes.gtids() != null && !changes.gtids().isEmpty()) {
            lastWrite = GtidSet.parse(changes.gtids());
        }
        if (changes.stateChanged() && pin == null) {
            Optional<PinReason> reason = sql == null ? Optional.empty() : StatementHints.pinReason(sql.get());
            if (reason.isPresent() || changes.untracked()) {
                pin(reason.orElse(PinReason.UNTRACKED_STATE));
            }
        }
    }

    /** Pins the session once the current command succeeds on a backend connection. */
    public void pinWhenDone(PinReason reason) {
        pinAfter = reason;
    }

    public void pin(PinReason reason) {
        if (pin == null) {
            pin = reason;
            metrics.pinned(reason);
            if (active != null) {
                // the session keeps this connection for good: the pool must not count it, or its other
                // sessions would queue for a connection that never comes back
                pool.detach(active);
            }
            LOG.debug("conn {}: pinned to its backend connection ({})", connectionId, reason);
        }
    }

    void transactionStatus(int statusFlags) {
        inTransaction = ServerStatus.has(statusFlags, ServerStatus.IN_TRANS);
        autocommit = ServerStatus.has(statusFlags, ServerStatus.AUTOCOMMIT);
    }

    /** A command arrived: timed from here to {@link #finish}. */
    void begin(int commandByte) {
        command = io.tandem.proxy.protocol.CommandType.of(commandByte);
        commandStarted = System.nanoTime();
    }

    /** The command is answered: keep the connection if the session must, else give it back; read the next command. */
    public void finish(BackendConnection connection) {
        if (command != null) {
            metrics.command(command, System.nanoTime() - commandStarted);
            command = null;
        }
        if (pinAfter != null) {
            if (connection != null) {
                active = connection;
                pin(pinAfter);
            }
            pinAfter = null;
        }
        active = null;
        Attempt attempt = current;
        settle();
        if (connection != null) {
            connection.state(state);
            connection.sink(IdleSink.INSTANCE);
            boolean keep = pin != null || inTransaction || cursorOpen || longDataPending;
            if (keep) {
                if (held != connection) {
                    heldOnReplica = attempt != null && attempt.placedOnReplica;
                }
                held = connection;
            } else {
                held = null;
                pool.release(connection);
            }
        }
        commandDone.run();
    }

    /** Answers with a backend's error and ends the command, keeping the (healthy) connection. */
    public void finishWithError(BackendConnection connection, int sequenceId, ErrPacket err) {
        metrics.error(err.errorCode());
        client.writeAndFlush(MySQLFrame.of(client.alloc(), sequenceId, err));
        finish(connection);
    }

    /** Answers with an error and ends the command. */
    public void fail(int sequenceId, ErrPacket err) {
        metrics.error(err.errorCode());
        client.writeAndFlush(MySQLFrame.of(client.alloc(), sequenceId, err));
        finish(null);
    }

    /**
     * The backend went away during a command: the client is told the statement may or may not have run, and a
     * session whose transaction or pinned state died with it is closed, as a direct connection would be.
     */
    public void backendLost(BackendConnection connection, int sequenceId, Throwable cause) {
        backendLost(connection, sequenceId, cause, false);
    }

    /**
     * As {@link #backendLost(BackendConnection, int, Throwable)}; an autocommit read the client has seen nothing of
     * yet is sent once more elsewhere instead, since running it twice changes nothing.
     *
     * @param answered some of the response already reached the client
     */
    public void backendLost(BackendConnection connection, int sequenceId, Throwable cause, boolean answered) {
        metrics.backendFailure();
        Attempt attempt = current;
        // elsewhere means another server: a read on the primary (e.g. one a DBA killed) is not sent again
        if (attempt != null && attempt.retryable && !attempt.retried && !answered && attempt.dispatched
                && attempt.placedOnReplica && client.isActive() && held == null && pin == null && !inTransaction
                && !cursorOpen) {
            attempt.retried = true;
            attempt.dispatched = false;
            active = null;
            pool.discard(connection);
            InstanceKey server = connection.key().server();
            replicaFailed(attempt, server, "connection lost during a read" + (cause == null ? ""
                    : ": " + cause.getMessage()));
            LOG.info("conn {}: lost {} during a read before any answer; sending it once more elsewhere",
                    connectionId, server);
            metrics.readRetried();
            // the send consumed the caller's reference; the attempt's own keeps the bytes for this one
            attempt.command.retain();
            attempt.command.content().readerIndex(attempt.readerIndex);
            place(attempt);
            return;
        }
        boolean stateLost = inTransaction || pin != null;
        held = null;
        active = null;
        pool.discard(connection);
        inTransaction = false;
        cursorOpen = false;
        longDataPending = false;
        ErrPacket err = ErrPacket.of(ServerError.BACKEND_LOST, "Lost connection to backend " + connection.key().server()
                + " during the statement; it may or may not have been executed"
                + (cause == null ? "" : " (" + cause.getMessage() + ")"));
        LOG.info("conn {}: {}", connectionId, err.message());
        var written = client.writeAndFlush(MySQLFrame.of(client.alloc(), sequenceId, err));
        if (stateLost) {
            written.addListener(f -> client.close());
        } else {
            finish(null);
        }
    }

    void localInfile(Exchange exchange) {
        this.localInfile = exchange;
        client.config().setAutoRead(true);
    }

    /** A client data packet of LOAD DATA LOCAL INFILE; the empty packet ends the file. */
    void localInfileData(MySQLFrame frame) {
        Exchange exchange = localInfile;
        if (frame.length() == 0) {
            localInfile = null;
            client.config().setAutoRead(false);
        }
        exchange.clientData(frame);
    }

    boolean inLocalInfile() {
        return localInfile != null;
    }

    /** The client can take more: let the backend that feeds it read again. */
    void clientWritable() {
        LOG.debug("conn {}: client writable again, resuming {}", connectionId, active);
        if (active != null) {
            active.autoRead(true);
        }
    }

    /** The client disconnected: the held connection is closed unless it is clean enough to share. */
    void close() {
        sessions.remove(this);
        statements.clear();
        Attempt attempt = current;
        if (attempt != null && !attempt.dispatched) {
            attempt.command.release(); // never sent: the caller's reference is still the attempt's to drop
        }
        settle();
        boolean midCommand = active != null;
        BackendConnection connection = held != null ? held : active;
        held = null;
        active = null;
        if (connection == null) {
            return;
        }
        if (pin != null || inTransaction || cursorOpen || longDataPending || midCommand) {
            pool.discard(connection);
        } else {
            pool.release(connection);
        }
    }

    /** One statement on its way to a backend: what it may use, where it went, and its one retry. */
    private static final class Attempt {
        final int sequenceId;
        final MySQLFrame command;
        final Reason reason;
        /** The query's text, decoded on demand; null for other commands. */
        final Supplier<String> sql;
        final Consumer<BackendConnection> action;
        /** Holds a reference to {@link #command} of its own, so the bytes can be sent again. */
        final boolean retryable;
        final int readerIndex;
        InstanceKey excluded;
        /** The replica whose outstanding count this attempt holds. */
        InstanceKey charged;
        boolean placedOnReplica;
        /** The command was handed to {@link #action}, which owns the caller's reference from then on. */
        boolean dispatched;
        boolean retried;
        long holdDeadline;

        Attempt(int sequenceId, MySQLFrame command, Reason reason, Supplier<String> sql,
                Consumer<BackendConnection> action, boolean retryable) {
            this.sequenceId = sequenceId;
            this.command = command;
            this.reason = reason;
            this.sql = sql;
            this.action = action;
            this.retryable = retryable;
            this.readerIndex = command.content().readerIndex();
            if (retryable) {
                command.retain();
            }
        }
    }

    /** Sink of a connection between commands: anything arriving then is a protocol error. */
    static final class IdleSink implements FrameSink {
        static final IdleSink INSTANCE = new IdleSink();

        @Override
        public void onFrame(MySQLFrame frame) {
            LOG.warn("backend sent an unexpected packet between commands: {}", frame);
            frame.release();
        }

        @Override
        public void onClosed(Throwable cause) {
            // an idle connection that closes is found closed and discarded at its next acquire
        }
    }
}
