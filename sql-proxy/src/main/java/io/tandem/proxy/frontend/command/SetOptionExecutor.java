package io.tandem.proxy.frontend.command;

import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.session.PinReason;

/**
 * COM_SET_OPTION turns multi-statements on or off for the connection, which session tracking does not report:
 * the session keeps this backend connection from now on.
 */
final class SetOptionExecutor implements CommandExecutor {

    @Override
    public void execute(ClientSession session, MySQLFrame command) {
        session.withBackend(command, backend -> {
            session.pin(PinReason.SET_OPTION);
            session.relay(backend, command, ResponseShape.SINGLE, null, null);
        });
    }
}
