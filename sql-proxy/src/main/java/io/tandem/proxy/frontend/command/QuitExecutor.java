package io.tandem.proxy.frontend.command;

import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.codec.MySQLFrame;

/** COM_QUIT: no answer, the connection closes and the session gives its backend connection back. */
final class QuitExecutor implements CommandExecutor {

    @Override
    public void execute(ClientSession session, MySQLFrame command) {
        command.release();
        session.client().close();
    }
}
