package io.tandem.proxy.frontend.command;

import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.session.KillStatement;

import java.util.EnumMap;
import java.util.Map;

/** The executor of each command byte; every byte without one gets an ERR (never a hang or a dropped connection). */
public final class CommandExecutors {

    private static final CommandExecutor UNSUPPORTED = new UnsupportedExecutor();
    private static final Map<CommandType, CommandExecutor> EXECUTORS = new EnumMap<>(CommandType.class);

    static {
        EXECUTORS.put(CommandType.PING, new PingExecutor());
        EXECUTORS.put(CommandType.QUIT, new QuitExecutor());
        for (CommandType relayed : new CommandType[] {CommandType.QUERY, CommandType.INIT_DB, CommandType.FIELD_LIST,
                CommandType.STATISTICS}) {
            EXECUTORS.put(relayed, new RelayExecutor(relayed));
        }
        EXECUTORS.put(CommandType.SET_OPTION, new SetOptionExecutor());
        // COM_PROCESS_KILL: the deprecated binary form of KILL CONNECTION id
        EXECUTORS.put(CommandType.PROCESS_KILL, (session, command) -> KillExecutor.kill(session, command,
                new KillStatement(StatementFrames.id(command), false),
                session.sessions()));
        EXECUTORS.put(CommandType.RESET_CONNECTION, new ResetConnectionExecutor());
        EXECUTORS.put(CommandType.STMT_PREPARE, new StmtPrepareExecutor());
        EXECUTORS.put(CommandType.STMT_EXECUTE, new StmtExecuteExecutor());
        EXECUTORS.put(CommandType.STMT_FETCH, new StmtFetchExecutor());
        EXECUTORS.put(CommandType.STMT_CLOSE, new StmtCloseExecutor());
        EXECUTORS.put(CommandType.STMT_RESET, new StmtResetExecutor());
        EXECUTORS.put(CommandType.STMT_SEND_LONG_DATA, new StmtSendLongDataExecutor());
    }

    private CommandExecutors() {
    }

    public static CommandExecutor of(int commandByte) {
        CommandType type = CommandType.of(commandByte);
        return type == null ? UNSUPPORTED : EXECUTORS.getOrDefault(type, UNSUPPORTED);
    }
}
