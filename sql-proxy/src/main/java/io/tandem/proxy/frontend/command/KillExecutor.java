package io.tandem.proxy.frontend.command;

import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.frontend.SessionRegistry;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.TextCommand;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.session.KillStatement;

import java.util.Optional;

/**
 * KILL of a proxy connection id (the one clients see in the greeting, e.g. Connector/J's Statement.cancel()):
 * the statement the target session is running is killed on its backend with {@code KILL QUERY <thread>}; KILL
 * CONNECTION also closes the target's client connection. Only the same user may kill a session.
 */
final class KillExecutor {

    private KillExecutor() {
    }

    /**
     * A KILL the proxy cannot map to a backend thread ({@link io.tandem.proxy.session.KillGuard}): refused, since its
     * id, passed on, would name an unrelated backend session.
     */
    static void refuse(ClientSession session, MySQLFrame command, String what) {
        int sequenceId = command.nextSequenceId();
        command.release();
        session.fail(sequenceId, ServerError.NOT_SUPPORTED_YET, "This version of Tandem doesn't yet support '" + what
                + "': the proxy maps a KILL's connection id to its backend thread only for KILL [CONNECTION | QUERY]"
                + " <proxy connection id> sent alone; send that statement by itself");
    }

    static void kill(ClientSession session, MySQLFrame command, KillStatement kill, SessionRegistry sessions) {
        int sequenceId = command.nextSequenceId();
        command.release();
        Optional<ClientSession> target = sessions.find(kill.connectionId());
        if (target.isEmpty()) {
            session.fail(sequenceId, ServerError.NO_SUCH_THREAD, "Unknown thread id: " + kill.connectionId());
            return;
        }
        if (!target.get().userName().equals(session.userName())) {
            session.fail(sequenceId, ServerError.NOT_OWNER_OF_THREAD, "You are not owner of thread "
                    + kill.connectionId());
            return;
        }
        BackendConnection running = target.get().busyBackend();
        if (!kill.queryOnly()) {
            target.get().client().close();
        }
        if (running == null || target.get() == session) {
            session.ok(sequenceId);
            return;
        }
        MySQLFrame killQuery = MySQLFrame.of(session.client().alloc(), 0,
                TextCommand.query("KILL QUERY " + running.threadId()));
        session.withBackend(killQuery, backend -> session.relay(backend, killQuery, ResponseShape.RESULT, null, null));
    }
}
