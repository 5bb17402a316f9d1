package io.tandem.proxy.frontend.command;

import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.codec.MySQLFrame;

/**
 * Commands a proxy must not relay (replication, shutdown, debug) or does not support yet, and bytes that are no
 * command at all: an ERR with MySQL's own code, and the connection stays usable.
 */
final class UnsupportedExecutor implements CommandExecutor {

    @Override
    public void execute(ClientSession session, MySQLFrame command) {
        int code = command.firstByte();
        CommandType type = CommandType.of(code);
        int sequenceId = command.nextSequenceId();
        command.release();
        if (type == null) {
            session.fail(sequenceId, ServerError.UNKNOWN_COMMAND, "Unknown command 0x" + Integer.toHexString(code));
        } else {
            session.fail(sequenceId, ServerError.NOT_SUPPORTED_YET, "Tandem does not support COM_" + type
                    + " through the proxy; connect to the server directly for it");
        }
    }
}
