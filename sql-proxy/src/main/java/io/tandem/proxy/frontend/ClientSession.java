package io.tandem.proxy.frontend;

import io.tandem.proxy.metrics.ProxyMetrics;
import io.netty.channel.Channel;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.BackendCredentials;
import io.tandem.proxy.backend.BackendKey;
import io.tandem.proxy.backend.BackendPool;
import io.tandem.proxy.protocol.Capabilities;
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
import io.tandem.proxy.routing.SqlMode;
import io.tandem.proxy.routing.Router;
import io.tandem.proxy.routing.RoutingPolicy;
import io.tandem.topology.instance.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    private static final Set<HoldReason> DIAGNOSTICS_ONLY = EnumSet.of(HoldReason.DIAGNOSTICS);
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
    private ClientTracking tracking;
    /** The current statement assigned a session_track_* variable on its backend connection. */
    private List<String> trackingTouched = List.of();
    private java.util.Map<String, String> trackingOf;
    private ServerDefaults trackingDefaults;
    private PinReason pin;
    private volatile BackendConnection held;
    private volatile BackendConnection active;
    private boolean inTransaction;
    private boolean autocommit = true;
    private boolean heldOnReplica;
    private final StatementPlacer placer;
    private final ReadFloor readFloor = new ReadFloor();
    private String sqlModeText;
    private SqlMode sqlMode = SqlMode.DEFAULT;
    private PinReason pinAfter;
    private boolean cursorOpen;
    private boolean longDataPending;
    private final DiagnosticsHold diagnostics = new DiagnosticsHold();
    /** The session ran DDL (see {@link #definedSchema()}). */
    private boolean definedSchema;
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
        this.placer = new StatementPlacer(this, router, pool, metrics);
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

    /** This session's event loop's pool, where the server copies of its statements are. */
    public BackendPool pool() {
        return pool;
    }

    public SessionState state() {
        return state;
    }

    /** What this client's own session trackers report, on servers with {@code defaults}; cached per state. */
    ClientTracking tracking(ServerDefaults defaults) {
        if (tracking == null || trackingOf != state.variables() || trackingDefaults != defaults) {
            trackingOf = state.variables();
            trackingDefaults = defaults;
            tracking = ClientTracking.of(defaults, trackingOf);
        }
        return tracking;
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
        Reason reason = RoutingPolicy.statementReason(classification, router.settings());
        if (reason == Reason.DDL) {
            definedSchema = true;
        } else if (definedSchema && (reason == Reason.SHOW || reason == Reason.EXPLAIN)) {
            // a replica's applier may have made it differently (its own default engine …): ask where it was made
            return Reason.OWN_DEFINITIONS;
        }
        return reason;
    }

    /**
     * Whether this session ran DDL: its reads of the data dictionary then go to the primary, where it ran, since a
     * replica's copy of a definition can differ (a replica does not inherit the session's default_storage_engine).
     */
    public boolean definedSchema() {
        return definedSchema;
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
        Set<HoldReason> holding = holdReasons();
        boolean keptForDiagnostics = held != null && holding.equals(DIAGNOSTICS_ONLY);
        if (!diagnostics.begin(reason, keptForDiagnostics ? held : null, sql) && keptForDiagnostics) {
            // nobody asks for the last statement's warnings: the connection goes back before this one is placed
            releaseHeld();
        }
        if (held != null) {
            placer.routed(heldOnReplica, heldReason(holding), held.key().server());
            placer.served(held.key().server());
            active = held;
            action.accept(held);
            return;
        }
        placer.place(sequenceId, command, reason, sql, action);
    }

    boolean autocommit() {
        return autocommit;
    }

    /** Why the session keeps its connection after the command now ending (or between commands). */
    Set<HoldReason> holdReasons() {
        Set<HoldReason> reasons = EnumSet.noneOf(HoldReason.class);
        if (inTransaction) {
            reasons.add(HoldReason.TRANSACTION);
        }
        if (pin != null) {
            reasons.add(HoldReason.PINNED);
        }
        if (cursorOpen) {
            reasons.add(HoldReason.CURSOR);
        }
        if (longDataPending) {
            reasons.add(HoldReason.LONG_DATA);
        }
        if (diagnostics.left()) {
            reasons.add(HoldReason.DIAGNOSTICS);
        }
        return reasons;
    }

    private static Reason heldReason(Set<HoldReason> holding) {
        if (holding.contains(HoldReason.PINNED)) {
            return Reason.HELD_PINNED;
        }
        if (holding.contains(HoldReason.TRANSACTION)) {
            return Reason.HELD_TRANSACTION;
        }
        return holding.equals(DIAGNOSTICS_ONLY) ? Reason.HELD_DIAGNOSTICS : Reason.HELD_CURSOR;
    }

    /**
     * How the statement being answered ended: warnings or an error stay readable on its connection until the next
     * command; a diagnostics statement keeps what it read readable again, as a server does.
     */
    void statementEnded(int warnings, boolean error) {
        diagnostics.statementEnded(warnings, error, held != null && diagnostics.left());
    }

    /** Whether a statement placed now must first clear its connection's diagnostics: none are the session's. */
    boolean freshDiagnostics() {
        return diagnostics.reading();
    }

    boolean inTransaction() {
        return inTransaction;
    }

    boolean readYourWrites() {
        return readYourWrites;
    }

    /** What a server must have executed to serve this session's next read (its writes, what it has read). */
    ReadFloor readFloor() {
        return readFloor;
    }

    /** The connection running the current command, for KILL and backpressure; null between commands. */
    void active(BackendConnection connection) {
        active = connection;
    }

    BackendCredentials credentials() {
        return credentials;
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
        diagnostics.clear();
    }

    /** The pool key for {@code server}, made once per server rather than per statement. */
    BackendKey backendKey(InstanceKey server) {
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
        state = state.after(changes);
        if (sql != null && changes.variables().containsKey("character_set_results")) {
            // SET NAMES: the server does not report the collation it chose
            SetNames.last(sql.get()).ifPresent(names -> state = state.withNames(names));
        }
        if (readYourWrites) {
            changes.lastWrite().ifPresent(readFloor::wrote);
        }
        if (changes.stateChanged() && sql != null) {
            trackingTouched = TrackingRestore.assigned(sql.get());
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
        if (!trackingTouched.isEmpty() && connection != null) {
            // the client changed what its connection tracks: learn its settings, then track for the proxy again
            List<String> assigned = trackingTouched;
            trackingTouched = List.of();
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
        boolean onReplica = placer.onReplica();
        placer.settle();
        if (connection != null) {
            connection.state(state);
            connection.sink(IdleSink.INSTANCE);
            // the last packets of a large result may arrive in the read batch that paused the connection for a slow
            // client: it must be readable again, or the next command on it would wait forever for its answer
            connection.autoRead(true);
            Set<HoldReason> holding = holdReasons();
            if (!holding.isEmpty()) {
                boolean kept = held == connection;
                if (!kept) {
                    heldOnReplica = onReplica;
                }
                held = connection;
                if (holding.equals(DIAGNOSTICS_ONLY)) {
                    releaseLater(connection, diagnostics.kept(kept));
                }
            } else {
                held = null;
                pool.release(connection);
            }
        }
        diagnostics.commandDone();
        commandDone.run();
    }

    /** A connection kept only for its diagnostics goes back to the pool if the client asks nothing for a while. */
    private void releaseLater(BackendConnection connection, long hold) {
        client.eventLoop().schedule(() -> {
            if (diagnostics.current(hold) && held == connection && active == null
                    && holdReasons().equals(DIAGNOSTICS_ONLY)) {
                LOG.debug("conn {}: nobody asked for the last statement's diagnostics; {} goes back to the pool",
                        connectionId, connection);
                releaseHeld();
            }
        }, DiagnosticsHold.HOLD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void releaseHeld() {
        BackendConnection connection = held;
        held = null;
        diagnostics.clear();
        pool.release(connection);
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
        Set<HoldReason> holding = holdReasons();
        holding.remove(HoldReason.DIAGNOSTICS);
        holding.remove(HoldReason.LONG_DATA);
        if (held == null && holding.isEmpty() && placer.retry(connection, cause, answered)) {
            return;
        }
        boolean stateLost = holding.stream().anyMatch(HoldReason::carriesState);
        held = null;
        active = null;
        pool.discard(connection);
        inTransaction = false;
        cursorOpen = false;
        longDataPending = false;
        diagnostics.clear();
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
        placer.abandon();
        boolean midCommand = active != null;
        BackendConnection connection = held != null ? held : active;
        held = null;
        active = null;
        if (connection == null) {
            return;
        }
        Set<HoldReason> holding = holdReasons();
        holding.remove(HoldReason.DIAGNOSTICS);
        if (!holding.isEmpty() || midCommand) {
            pool.discard(connection);
        } else {
            pool.release(connection);
        }
    }
}
