package io.tandem.proxy.frontend.command;

import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.codec.MySQLFrame;

/** COM_PING: answered by the proxy itself; a live proxy is what the client's pool is checking. */
final class PingExecutor implements CommandExecutor {

    @Override
    public void execute(ClientSession session, MySQLFrame command) {
        int sequenceId = command.nextSequenceId();
        command.release();
        session.ok(sequenceId);
    }
}
