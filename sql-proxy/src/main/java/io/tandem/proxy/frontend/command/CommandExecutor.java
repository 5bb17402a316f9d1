package io.tandem.proxy.frontend.command;

import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.codec.MySQLFrame;

/**
 * Executes one client command. It must end the command exactly once (a relayed response, an OK, an ERR, or
 * {@link ClientSession#finish} for commands without a response) so that the next command is read.
 */
@FunctionalInterface
public interface CommandExecutor {

    void execute(ClientSession session, MySQLFrame command);
}
