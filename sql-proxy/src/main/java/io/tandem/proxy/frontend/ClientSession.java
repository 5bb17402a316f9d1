package io.tandem.proxy.frontend;

import io.tandem.proxy.metrics.ProxyMetrics;
import io.netty.channel.Channel;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.BackendCredentials;
import io.tandem.proxy.backend.BackendKey;
import io.tandem.proxy.backend.BackendPool;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.ServerStatus;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.protocol.packet.OkPacket;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.relay.ResponseTracker.Packet;
import io.tandem.proxy.session.ClientTracking;
import io.tandem.proxy.session.SetNames;
import io.tandem.proxy.session.PinReason;
import io.tandem.proxy.session.ServerDefaults;
import io.tandem.proxy.session.PreparedStatements;
import io.tandem.proxy.session.ReadFloor;
import io.tandem.proxy.session.SessionChanges;
import io.tandem.proxy.session.SessionState;
import io.tandem.proxy.session.StatementHints;
import io.tandem.proxy.replay.TrackingRestore;
import io.tandem.proxy.routing.Classification;
import io.tandem.proxy.routing.Reason;
import io.tandem.proxy.routing.Router;
import io.tandem.topology.instance.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
    /** Beyond a wait's own bound, how long a server may be slow before the proxy stops waiting for it. */
    private static final Duration WAIT_MARGIN = Duration.ofSeconds(10);

    private final Channel client;
    private final long connectionId;
    private final ProxyUser user;
    private final int capabilities;
    private final BackendPool pool;
    private final Router router;
    private final boolean readYourWrites;
    private final ProxyMetrics metrics;
    private final SessionRegistry sessions;
    private final Runnable commandDone;
    private final PreparedStatements statements = new PreparedStatements();
    private final BackendIdentity identity;
    private SessionState state = SessionState.INITIAL;
    private final TrackingView tracking = new TrackingView();
    private final Binding binding = new Binding();
    /** The connection running the current command; read by KILL from other event loops. */
    private volatile BackendConnection active;
    /** The kept connection, mirrored from {@link #binding} for KILL on other event loops. */
    private volatile BackendConnection held;
    private boolean autocommit = true;
    private final StatementPlacer placer;
    private final ReadFloor readFloor = new ReadFloor();
    private final SessionClassifier classifier;
    private PinReason pinAfter;
    private Exchange localInfile;
    private final CommandProgress progress = new CommandProgress();
    private final WaitWatch watch;

    ClientSession(Channel client, long connectionId, ProxyUser user, int capabilities, int characterSet,
                  BackendPool pool, Router router, boolean readYourWrites, ProxyMetrics metrics,
                  SessionRegistry sessions, Runnable commandDone) {
        this.client = client;
        this.connectionId = connectionId;
        this.user = user;
        this.capabilities = capabilities;
        this.pool = pool;
        this.router = router;
        this.readYourWrites = readYourWrites;
        this.metrics = metrics;
        this.sessions = sessions;
        this.commandDone = commandDone;
        this.identity = new BackendIdentity(user, capabilities, characterSet);
        this.placer = new StatementPlacer(this, router, pool, metrics);
        this.classifier = new SessionClassifier(router);
        sessions.add(this);
        this.watch = sessions.watch(client.eventLoop(), metrics);
        watch.add(this);
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

    /** This session's event loop's pool, where the server copies of its statements are. */
    public BackendPool pool() {
        return pool;
    }

    public SessionState state() {
        return state;
    }

    /** What this client's own session trackers report, on servers with {@code defaults}; cached per state. */
    ClientTracking tracking(ServerDefaults defaults) {
        return tracking.of(state, defaults);
    }

    public Optional<BackendConnection> held() {
        return Optional.ofNullable(binding.connection());
    }

    /** Where the current command is, and since when. */
    CommandProgress progress() {
        return progress;
    }

    void phase(CommandPhase next) {
        progress.enter(next);
    }

    /** The connection the current phase concerns (the one being prepared, or running the command), or null. */
    BackendConnection phaseConnection() {
        return active;
    }

    /**
     * How long the proxy may wait in {@code phase} before it gives up: placing covers a failover's write hold and
     * then the pool's own timeout; preparing the replica's wait for the session's last write; every wait also a
     * margin for a server that is merely slow. Beyond that the server has stopped answering.
     */
    Duration waitLimit(CommandPhase phase) {
        Duration limit = switch (phase) {
            case PLACING -> router.settings().writeHold().plus(pool.settings().acquireTimeout());
            case PREPARING -> router.settings().readYourWritesWait();
            default -> Duration.ZERO;
        };
        return limit.plus(WAIT_MARGIN);
    }

    /** The proxy stops waiting in {@code phase}: see {@link WaitWatch}. */
    void abandonWait(CommandPhase phase, Duration limit) {
        String why = "Tandem waited " + limit.toMillis() + " ms " + phase.description() + " and gave up";
        BackendConnection connection = active;
        if (connection != null) {
            // the loss path ends the wait: a read goes elsewhere, anything else is answered with an error
            connection.abandon(why);
        } else if (!placer.giveUp(why)) {
            LOG.warn("conn {}: {} with no statement or connection to end; the session is closed", connectionId, why);
            client.close();
        }
    }

    /** Classifies a statement under the session's sql_mode. */
    public Classification classify(CharSequence sql) {
        return classifier.classify(sql, state);
    }

    /** The reason a statement is placed for: see {@link SessionClassifier#reasonFor}. */
    public Reason reasonFor(Classification classification) {
        return classifier.reasonFor(classification);
    }

    /** See {@link SessionClassifier#definedSchema()}. */
    public boolean definedSchema() {
        return classifier.definedSchema();
    }

    public void cursorOpen(boolean open) {
        binding.cursor(open);
    }

    public void longDataPending(boolean pending) {
        binding.longData(pending);
    }

    /**
     * Runs {@code action} with a primary connection in this session's state (or the connection it holds): for
     * commands that are not statements routing could send elsewhere. Failures are answered with an ERR.
     */
    public void withBackend(MySQLFrame command, Consumer<BackendConnection> action) {
        withBackend(command.nextSequenceId(), command, Reason.NOT_A_QUERY, null, action);
    }

    /**
     * Runs {@code action} with a backend connection in this session's state, on the server {@code reason} and the
     * session allow: the held connection; else a replica for a read when the session is in autocommit mode and a
     * fresh one qualifies; else the primary, waiting while a failover holds writes. Failures are answered to the
     * client with an ERR naming the cause; a read whose replica fails before answering is placed again.
     *
     * @param sql the statement's text, decoded only if placing it needs it; null for other commands
     */
    public void withBackend(MySQLFrame command, Reason reason, Supplier<String> sql,
                            Consumer<BackendConnection> action) {
        withBackend(command.nextSequenceId(), command, reason, sql, action);
    }

    /** As {@link #withBackend(MySQLFrame, Consumer)}, answering a failure with {@code sequenceId}. */
    void withBackend(int sequenceId, MySQLFrame command, Reason reason, Supplier<String> sql,
                     Consumer<BackendConnection> action) {
        boolean keptForDiagnostics = binding.forDiagnosticsOnly();
        if (!binding.diagnostics().begin(reason, keptForDiagnostics ? binding.connection() : null, sql)
                && keptForDiagnostics) {
            // nobody asks for the last statement's warnings: the connection goes back before this one is placed
            releaseHeld();
        }
        BackendConnection kept = binding.connection();
        if (kept != null) {
            placer.routed(binding.onReplica(), binding.routingReason(), kept.key().server());
            placer.served(kept.key().server());
            active = kept;
            phase(CommandPhase.RUNNING);
            action.accept(kept);
            return;
        }
        placer.place(sequenceId, command, reason, sql, action);
    }

    boolean autocommit() {
        return autocommit;
    }

    /**
     * How the statement being answered ended: warnings or an error stay readable on its connection until the next
     * command; a diagnostics statement keeps what it read readable again, as a server does.
     */
    void statementEnded(int warnings, boolean error) {
        DiagnosticsHold diagnostics = binding.diagnostics();
        diagnostics.statementEnded(warnings, error, binding.bound() && diagnostics.left());
    }

    /** Whether a statement placed now must first clear its connection's diagnostics: none are the session's. */
    boolean freshDiagnostics() {
        return binding.diagnostics().reading();
    }

    boolean inTransaction() {
        return binding.inTransaction();
    }

    boolean readYourWrites() {
        return readYourWrites;
    }

    /** What a server must have executed to serve this session's next read (its writes, what it has read). */
    ReadFloor readFloor() {
        return readFloor;
    }

    /** See {@link StatementPlacer#replaceAfterReadOnly}: false when the refusal goes to the client. */
    boolean replaceAfterReadOnly(BackendConnection connection) {
        return binding.connection() != connection && placer.replaceAfterReadOnly(connection);
    }

    /** The connection running the current command, for KILL and backpressure; null between commands. */
    void active(BackendConnection connection) {
        active = connection;
        phase(connection == null ? CommandPhase.PLACING : CommandPhase.PREPARING);
    }

    BackendCredentials credentials() {
        return identity.credentials();
    }

    /** Relays {@code command} on {@code connection} and its response to the client, then ends the command. */
    public void relay(BackendConnection connection, MySQLFrame command, ResponseShape shape, Supplier<String> sql,
                      BiConsumer<Packet, MySQLFrame> observer) {
        new Exchange(this, connection, shape, sql, observer).send(command);
    }

    /** Answers OK and ends the command. */
    public void ok(int sequenceId) {
        client.writeAndFlush(MySQLFrame.of(client.alloc(), sequenceId,
                OkPacket.plain(binding.inTransaction() ? ServerStatus.IN_TRANS : ServerStatus.AUTOCOMMIT)));
        finish(binding.connection());
    }

    /** Answers with one of the proxy's own errors and ends the command. */
    public void fail(int sequenceId, ServerError error, String message) {
        fail(sequenceId, ErrPacket.of(error, message));
    }

    /** Closes the held connection (its server-side state must not survive) instead of sharing it. */
    public void dropHeld() {
        BackendConnection kept = binding.unbind();
        held = null;
        if (kept != null) {
            pool.discard(kept);
        }
    }

    /** Forgets all session state, as COM_RESET_CONNECTION does on a server. */
    public void reset() {
        state = new SessionState(state.schema(), java.util.Map.of());
        binding.reset();
    }

    /** The pool key for {@code server}. */
    BackendKey backendKey(InstanceKey server) {
        return identity.key(server);
    }

    /** Applies what an OK packet reported about the session, pinning when the change cannot be replayed. */
    void apply(SessionChanges changes, Supplier<String> sql) {
        state = state.after(changes);
        if (sql != null && changes.variables().containsKey("character_set_results")) {
            // SET NAMES: the server does not report the collation it chose
            SetNames.last(sql.get()).ifPresent(names -> state = state.withNames(names));
        }
        if (readYourWrites) {
            changes.lastWrite().ifPresent(readFloor::wrote);
        }
        if (changes.stateChanged() && sql != null) {
            tracking.changedBy(sql.get());
        }
        if (changes.stateChanged() && binding.pin() == null) {
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
        if (binding.pin(reason)) {
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
        binding.transaction(ServerStatus.has(statusFlags, ServerStatus.IN_TRANS));
        autocommit = ServerStatus.has(statusFlags, ServerStatus.AUTOCOMMIT);
    }

    /** A command arrived: timed from here to {@link #finish}. */
    void begin(int commandByte) {
        progress.begin(io.tandem.proxy.protocol.CommandType.of(commandByte));
    }

    /** The command is answered: keep the connection if the session must, else give it back; read the next command. */
    public void finish(BackendConnection connection) {
        List<String> assigned = tracking.takeTouched();
        if (!assigned.isEmpty() && connection != null) {
            // the client changed what its connection tracks: learn its settings, then track for the proxy again
            active = connection;
            phase(CommandPhase.RESTORING);
            TrackingRestore.run(connection, assigned, values -> {
                if (values == null) {
                    LOG.warn("conn {}: could not turn the proxy's session tracking back on for {}; closing it",
                            connectionId, connection);
                    connection.close();
                } else {
                    state = state.withVariables(values);
                }
                finish(connection);
            });
            return;
        }
        if (pinAfter != null) {
            if (connection != null) {
                active = connection;
                pin(pinAfter);
            }
            pinAfter = null;
        }
        active = null;
        progress.end(metrics);
        boolean onReplica = placer.onReplica();
        placer.settle();
        if (connection != null) {
            connection.state(state);
            connection.sink(IdleSink.INSTANCE);
            // the last packets of a large result may arrive in the read batch that paused the connection for a slow
            // client: it must be readable again, or the next command on it would wait forever for its answer
            connection.autoRead(true);
            boolean again = binding.connection() == connection;
            if (binding.settle(connection, onReplica)) {
                if (binding.forDiagnosticsOnly()) {
                    releaseLater(connection, binding.diagnostics().kept(again));
                }
            } else {
                pool.release(connection);
            }
            held = binding.connection();
        }
        binding.diagnostics().commandDone();
        commandDone.run();
    }

    /** A connection kept only for its diagnostics goes back to the pool if the client asks nothing for a while. */
    private void releaseLater(BackendConnection connection, long hold) {
        client.eventLoop().schedule(() -> {
            if (binding.diagnostics().current(hold) && binding.connection() == connection && active == null
                    && binding.forDiagnosticsOnly()) {
                LOG.debug("conn {}: nobody asked for the last statement's diagnostics; {} goes back to the pool",
                        connectionId, connection);
                releaseHeld();
            }
        }, DiagnosticsHold.HOLD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void releaseHeld() {
        held = null;
        pool.release(binding.unbind());
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
     * session whose transaction or pinned state died with it is closed, as a direct connection would be. An
     * autocommit read the client has seen nothing of yet is sent once more elsewhere instead, since running it twice
     * changes nothing.
     *
     * @param answered some of the response already reached the client
     */
    public void backendLost(BackendConnection connection, int sequenceId, Throwable cause, boolean answered) {
        metrics.backendFailure();
        if (binding.replaceable() && placer.retry(connection, cause, answered)) {
            return;
        }
        boolean stateLost = binding.lose();
        held = null;
        active = null;
        pool.discard(connection);
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
        phase(CommandPhase.CLIENT_DATA);
        client.config().setAutoRead(true);
    }

    /** A client data packet of LOAD DATA LOCAL INFILE; the empty packet ends the file. */
    void localInfileData(MySQLFrame frame) {
        Exchange exchange = localInfile;
        if (frame.length() == 0) {
            localInfile = null;
            phase(CommandPhase.RUNNING);
            client.config().setAutoRead(false);
        }
        exchange.clientData(frame);
    }

    boolean inLocalInfile() {
        return progress.phase() == CommandPhase.CLIENT_DATA;
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
        watch.remove(this);
        statements.clear();
        placer.abandon();
        boolean midCommand = active != null;
        BackendConnection connection = binding.bound() ? binding.connection() : active;
        boolean shareable = binding.shareableAtClose(midCommand);
        binding.unbind();
        held = null;
        active = null;
        phase(CommandPhase.IDLE);
        if (connection == null) {
            return;
        }
        if (shareable) {
            pool.release(connection);
        } else {
            pool.discard(connection);
        }
    }
}
