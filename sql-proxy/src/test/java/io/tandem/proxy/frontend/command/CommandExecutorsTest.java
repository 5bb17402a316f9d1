package io.tandem.proxy.frontend.command;

import io.tandem.proxy.frontend.EmbeddedProxy;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.MySQLPacket;
import io.tandem.proxy.protocol.ServerStatus;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.tandem.proxy.frontend.EmbeddedProxy.describe;
import static io.tandem.proxy.frontend.EmbeddedProxy.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executors of the command phase, each driven through a real session with scripted servers: what each command
 * sends where, what it answers, and the ERR (with the server's own code) for each way it can be wrong.
 */
class CommandExecutorsTest {

    private static final byte[] NO_STATE = new byte[0];
    private static final long SERVER_STATEMENT = 41;

    private final EmbeddedProxy proxy = new EmbeddedProxy().loggedIn();

    @AfterEach
    void close() {
        proxy.close();
    }

    private String answer() {
        MySQLFrame frame = proxy.answer();
        try {
            return describe(frame);
        } finally {
            if (frame != null) {
                frame.release();
            }
        }
    }

    private static MySQLPacket statementCommand(CommandType type, long id) {
        return payload -> {
            payload.writeInt1(type.code()).writeInt4(id);
            if (type == CommandType.STMT_EXECUTE) {
                payload.writeInt1(0).writeInt4(1);
            } else if (type == CommandType.STMT_FETCH) {
                payload.writeInt4(10);
            }
        };
    }

    /** COM_STMT_PREPARE_OK for a statement without parameters or columns. */
    private static MySQLPacket prepareOk(long id) {
        return payload -> payload.writeInt1(0).writeInt4(id).writeInt2(0).writeInt2(0).writeInt1(0).writeInt2(0);
    }

    @Test
    void statementCommandsForAnUnknownStatementAreRefusedWithTheServersCode() {
        for (CommandType type : new CommandType[] {CommandType.STMT_EXECUTE, CommandType.STMT_FETCH,
                CommandType.STMT_RESET}) {
            proxy.send(0, statementCommand(type, 99));
            assertThat(answer()).as("%s", type).startsWith("ERR 1243 Unknown prepared statement handler");
        }
        proxy.send(0, statementCommand(CommandType.STMT_CLOSE, 99));
        assertThat(proxy.answer()).as("COM_STMT_CLOSE is never answered").isNull();

        assertThat(proxy.backendsOpened()).isZero();
        assertThat(proxy.client.isOpen()).isTrue();
    }

    @Test
    void aPreparedStatementRunsUnderTheServersIdAndIsClosedThereWithTheClientsClose() {
        proxy.send(0, payload -> payload.writeInt1(CommandType.STMT_PREPARE.code()).writeBytes("DO 1".getBytes()));
        MySQLFrame prepare = proxy.sentTo(0);
        assertThat(prepare.firstByte()).isEqualTo(CommandType.STMT_PREPARE.code());
        prepare.release();
        proxy.serverAnswers(0, 1, prepareOk(SERVER_STATEMENT));
        proxy.serverAnswers(0, 1, ok(ServerStatus.AUTOCOMMIT, NO_STATE));
        MySQLFrame prepared = proxy.answer();
        long clientId = StatementFrames.id(prepared);
        prepared.release();
        assertThat(clientId).as("the client sees the proxy's id, valid on any connection")
                .isNotEqualTo(SERVER_STATEMENT);

        proxy.send(0, statementCommand(CommandType.STMT_EXECUTE, clientId));
        MySQLFrame sentinel = proxy.sentTo(0);
        assertThat(sentinel.firstByte()).as("the sentinel after the prepare").isEqualTo(CommandType.PING.code());
        sentinel.release();
        MySQLFrame execute = proxy.sentTo(0);
        assertThat(execute.firstByte()).isEqualTo(CommandType.STMT_EXECUTE.code());
        assertThat(StatementFrames.id(execute)).isEqualTo(SERVER_STATEMENT);
        execute.release();
        proxy.serverAnswers(0, 1, ok(ServerStatus.AUTOCOMMIT, NO_STATE));
        assertThat(answer()).isEqualTo("OK");

        proxy.send(0, statementCommand(CommandType.STMT_CLOSE, clientId));
        MySQLFrame close = proxy.sentTo(0);
        assertThat(close).as("the server's copy goes with the client's").isNotNull();
        assertThat(close.firstByte()).isEqualTo(CommandType.STMT_CLOSE.code());
        assertThat(StatementFrames.id(close)).isEqualTo(SERVER_STATEMENT);
        close.release();
    }

    @Test
    void aCommandTheProxyDoesNotRelayIsRefusedByName() {
        proxy.send(0, payload -> payload.writeInt1(CommandType.BINLOG_DUMP.code()).writeInt4(4));

        assertThat(answer()).startsWith("ERR 1235 Tandem does not support COM_BINLOG_DUMP through the proxy");
        assertThat(proxy.client.isOpen()).isTrue();
    }

    @Test
    void killOfAnUnknownConnectionIsTheServersErrorAndNeverReachesAServer() {
        proxy.query("KILL 999");

        assertThat(answer()).isEqualTo("ERR 1094 Unknown thread id: 999");
        assertThat(proxy.backendsOpened()).isZero();
    }

    @Test
    void killInsideAMultiStatementIsRefusedNotPassedThrough() {
        proxy.query("KILL 7; SELECT 1");

        assertThat(answer()).startsWith("ERR 1235 This version of Tandem doesn't yet support 'KILL in a"
                + " multi-statement'");
        assertThat(proxy.backendsOpened()).isZero();
    }

    @Test
    void resetConnectionDropsAPinnedConnectionInsteadOfSharingIt() {
        proxy.query("SET @a = 1");
        proxy.sentTo(0).release();
        // a user variable: the server says only that the state changed
        proxy.serverAnswers(0, 1, ok(ServerStatus.AUTOCOMMIT | ServerStatus.SESSION_STATE_CHANGED,
                new byte[] {2, 1, '1'}));
        assertThat(answer()).isEqualTo("OK");
        assertThat(proxy.session().held()).as("pinned").isPresent();

        proxy.send(0, payload -> payload.writeInt1(CommandType.RESET_CONNECTION.code()));

        assertThat(answer()).isEqualTo("OK");
        assertThat(proxy.session().held()).isEmpty();
        assertThat(proxy.backend(0).isOpen()).as("its variables must not reach another session").isFalse();
    }

    @Test
    void pingIsAnsweredByTheProxyItself() {
        proxy.send(0, payload -> payload.writeInt1(CommandType.PING.code()));

        assertThat(answer()).isEqualTo("OK");
        assertThat(proxy.backendsOpened()).isZero();
    }
}
