package io.tandem.proxy.frontend.command;

import io.tandem.proxy.frontend.ClientSession;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.relay.ResponseShape;

import io.tandem.proxy.session.KillStatement;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Commands the backend answers as is: COM_QUERY, COM_INIT_DB, COM_FIELD_LIST, COM_STATISTICS. The session's state
 * changes come back in the OK packets' tracking information.
 */
final class RelayExecutor implements CommandExecutor {

    private final CommandType type;
    private final ResponseShape shape;

    RelayExecutor(CommandType type) {
        this.type = type;
        this.shape = ResponseShape.of(type);
    }

    @Override
    public void execute(ClientSession session, MySQLFrame command) {
        String sql = type == CommandType.QUERY
                ? command.content().toString(command.content().readerIndex() + 1, command.length() - 1,
                StandardCharsets.UTF_8)
                : null;
        if (sql != null) {
            Optional<KillStatement> kill = KillStatement.parse(sql);
            if (kill.isPresent()) {
                KillExecutor.kill(session, command, kill.get(), session.sessions());
                return;
            }
        }
        session.withBackend(command, backend -> session.relay(backend, command, shape, sql, null));
    }
}
