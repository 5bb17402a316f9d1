package io.tandem.proxy.frontend.command;

import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.codec.MySQLFrame;

/**
 * COM_RESET_CONNECTION: the session forgets its variables, pins and prepared statements, keeping its schema. A
 * connection it held (with temporary tables or locks on it) is closed rather than shared.
 */
final class ResetConnectionExecutor implements CommandExecutor {

    @Override
    public void execute(ClientSession session, MySQLFrame command) {
        int sequenceId = command.nextSequenceId();
        command.release();
        session.dropHeld();
        session.reset();
        session.statements().clear();
        session.pool().closeStaleStatements();
        session.ok(sequenceId);
    }
}
