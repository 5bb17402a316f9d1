package io.tandem.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.ServerStatus;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.TextCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.tandem.proxy.frontend.EmbeddedProxy.describe;
import static io.tandem.proxy.frontend.EmbeddedProxy.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client side of the proxy, from the first byte to the end of a session, with scripted servers: login, the
 * command phase one command at a time, what a session keeps between commands, and every way a client can get it
 * wrong (each an ERR with a real code; only a byte stream that cannot be trusted any more closes the connection).
 */
class FrontendHandlerTest {

    private static final byte[] NO_STATE = new byte[0];

    private final EmbeddedProxy proxy = new EmbeddedProxy();

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

    private String sentToServer(int index) {
        MySQLFrame frame = proxy.sentTo(index);
        if (frame == null) {
            return null;
        }
        try {
            return CommandType.of(frame.firstByte()) + " " + frame.content().toString(frame.content().readerIndex() + 1,
                    frame.length() - 1, StandardCharsets.UTF_8);
        } finally {
            frame.release();
        }
    }

    @Test
    void theRightPasswordOpensASessionWithNoBackendConnectionYet() {
        assertThat(describe(proxy.login(EmbeddedProxy.PASSWORD))).isEqualTo("OK");

        assertThat(proxy.session().progress().phase()).isEqualTo(CommandPhase.IDLE);
        assertThat(proxy.backendsOpened()).isZero();
    }

    @Test
    void aWrongPasswordIsDeniedAndTheConnectionClosed() {
        MySQLFrame denied = proxy.login("wrong");

        assertThat(describe(denied)).startsWith("ERR 1045 Access denied for user 'app'");
        denied.release();
        assertThat(proxy.client.isOpen()).isFalse();
    }

    @Test
    void aCommandOutOfSequenceIsRefusedAndTheConnectionClosed() {
        proxy.loggedIn().send(3, payload -> payload.writeInt1(CommandType.PING.code()));

        assertThat(answer()).startsWith("ERR 1156 Got packets out of order");
        assertThat(proxy.client.isOpen()).isFalse();
    }

    @Test
    void anEmptyCommandPacketIsMalformed() {
        proxy.loggedIn().sendBytes(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0}));

        assertThat(answer()).startsWith("ERR 1835");
        assertThat(proxy.client.isOpen()).isFalse();
    }

    @Test
    void anUnknownCommandIsAnErrorAndTheSessionGoesOn() {
        proxy.loggedIn().send(0, payload -> payload.writeInt1(0x7f));
        assertThat(answer()).isEqualTo("ERR 1047 Unknown command 0x7f");

        proxy.send(0, payload -> payload.writeInt1(CommandType.PING.code()));
        assertThat(answer()).isEqualTo("OK");
        assertThat(proxy.client.isOpen()).isTrue();
    }

    @Test
    void aStatementRunsOnAPooledConnectionThatGoesBackWithTheAnswer() {
        proxy.loggedIn().query("DO 1");

        assertThat(sentToServer(0)).isEqualTo("QUERY DO 1");
        assertThat(proxy.session().progress().phase()).isEqualTo(CommandPhase.RUNNING);
        assertThat(proxy.answer()).as("nothing before the server answers").isNull();

        proxy.serverAnswers(0, 1, ok(ServerStatus.AUTOCOMMIT, NO_STATE));

        assertThat(answer()).isEqualTo("OK");
        assertThat(proxy.session().progress().phase()).isEqualTo(CommandPhase.IDLE);
        assertThat(proxy.session().held()).isEmpty();
        assertThat(proxy.pool().idle(proxy.session().backendKey(EmbeddedProxy.PRIMARY))).isEqualTo(1);
    }

    @Test
    void aTransactionKeepsItsConnectionUntilItEnds() {
        proxy.loggedIn().query("BEGIN");
        sentToServer(0);
        proxy.serverAnswers(0, 1, ok(ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS, NO_STATE));
        assertThat(answer()).isEqualTo("OK");
        assertThat(proxy.session().held()).isPresent();

        proxy.query("INSERT INTO t VALUES (1)");
        assertThat(sentToServer(0)).as("the same connection").isEqualTo("QUERY INSERT INTO t VALUES (1)");
        proxy.serverAnswers(0, 1, ok(ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS, NO_STATE));
        assertThat(answer()).isEqualTo("OK");

        proxy.query("COMMIT");
        assertThat(sentToServer(0)).isEqualTo("QUERY COMMIT");
        proxy.serverAnswers(0, 1, ok(ServerStatus.AUTOCOMMIT, NO_STATE));
        assertThat(answer()).isEqualTo("OK");

        assertThat(proxy.backendsOpened()).isEqualTo(1);
        assertThat(proxy.session().held()).isEmpty();
    }

    @Test
    void aCommandSentBeforeTheAnswerWaitsItsTurn() {
        proxy.loggedIn();
        ByteBuf both = Unpooled.buffer();
        both.writeBytes(EmbeddedProxy.wire(0, TextCommand.query("DO 1")));
        both.writeBytes(EmbeddedProxy.wire(0, TextCommand.query("DO 2")));
        proxy.sendBytes(both);

        assertThat(sentToServer(0)).isEqualTo("QUERY DO 1");
        assertThat(sentToServer(0)).as("the second waits for the first's answer").isNull();
        assertThat(proxy.session().progress().phase().busy()).isTrue();

        proxy.serverAnswers(0, 1, ok(ServerStatus.AUTOCOMMIT, NO_STATE));
        assertThat(answer()).isEqualTo("OK");
        assertThat(sentToServer(0)).isEqualTo("QUERY DO 2");
        proxy.serverAnswers(0, 1, ok(ServerStatus.AUTOCOMMIT, NO_STATE));
        assertThat(answer()).isEqualTo("OK");
        assertThat(proxy.session().progress().phase()).isEqualTo(CommandPhase.IDLE);
    }

    @Test
    void aLostServerConnectionIsAnErrorAndTheNextStatementGetsAnother() {
        proxy.loggedIn().query("UPDATE t SET a = 1");
        sentToServer(0);

        proxy.backend(0).close();
        proxy.client.runPendingTasks();

        assertThat(answer()).startsWith("ERR 1317 Lost connection to backend db2:3306 during the statement; it may or"
                + " may not have been executed");
        assertThat(proxy.client.isOpen()).as("no transaction was lost: the session goes on").isTrue();

        proxy.query("DO 1");
        assertThat(sentToServer(1)).isEqualTo("QUERY DO 1");
    }

    @Test
    void aLostConnectionThatHeldATransactionEndsTheSession() {
        proxy.loggedIn().query("BEGIN");
        sentToServer(0);
        proxy.serverAnswers(0, 1, ok(ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS, NO_STATE));
        answer();

        proxy.query("UPDATE t SET a = 1");
        sentToServer(0);
        proxy.backend(0).close();
        proxy.client.runPendingTasks();

        assertThat(answer()).startsWith("ERR 1317");
        assertThat(proxy.client.isOpen()).as("as a server would, since the transaction is gone").isFalse();
    }

    @Test
    void quitClosesTheConnectionAndGivesTheBackendBack() {
        proxy.loggedIn().query("DO 1");
        sentToServer(0);
        proxy.serverAnswers(0, 1, ok(ServerStatus.AUTOCOMMIT, NO_STATE));
        answer();

        proxy.send(0, payload -> payload.writeInt1(CommandType.QUIT.code()));

        assertThat(proxy.client.isOpen()).isFalse();
        assertThat(proxy.sessions().size()).isZero();
        assertThat(proxy.backend(0).isOpen()).as("shared again, not closed").isTrue();
    }
}
