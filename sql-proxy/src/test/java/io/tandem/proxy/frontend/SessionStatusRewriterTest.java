package io.tandem.proxy.frontend;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.ServerStatus;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.EofPacket;
import io.tandem.proxy.protocol.packet.OkPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStatusRewriterTest {

    private static final Map<String, String> CLIENT = Map.of("Ssl_cipher", "", "Ssl_version", "");

    private final SessionStatusRewriter rewriter = new SessionStatusRewriter();
    private final EmbeddedChannel client = new EmbeddedChannel(rewriter);

    @AfterEach
    void close() {
        client.finishAndReleaseAll();
    }

    private static MySQLFrame frame(int sequenceId, Consumer<MySQLPayload> body) {
        MySQLFrame frame = new MySQLFrame(sequenceId, Unpooled.buffer());
        body.accept(new MySQLPayload(frame.content()));
        return frame;
    }

    private static Consumer<MySQLPayload> definition(String name) {
        return p -> p.writeStringLenenc("def").writeStringLenenc("").writeStringLenenc("session_status")
                .writeStringLenenc("session_status").writeStringLenenc(name).writeStringLenenc(name)
                .writeIntLenenc(0x0c).writeInt2(255).writeInt4(256).writeInt1(0xfd).writeInt2(0).writeInt1(0)
                .writeInt2(0);
    }

    private static Consumer<MySQLPayload> row(String name, String value) {
        return p -> p.writeStringLenenc(name).writeStringLenenc(value);
    }

    /** SHOW STATUS's result as the backend sends it, with or without the EOF after the definitions. */
    private static List<MySQLFrame> result(boolean deprecateEof, String... nameValues) {
        List<MySQLFrame> frames = new ArrayList<>();
        int seq = 1;
        frames.add(frame(seq++, p -> p.writeIntLenenc(2)));
        frames.add(frame(seq++, definition("Variable_name")));
        frames.add(frame(seq++, definition("Value")));
        if (!deprecateEof) {
            frames.add(frame(seq++, p -> new EofPacket(0, ServerStatus.AUTOCOMMIT).write(p)));
        }
        for (int i = 0; i < nameValues.length; i += 2) {
            frames.add(frame(seq++, row(nameValues[i], nameValues[i + 1])));
        }
        int last = seq;
        frames.add(deprecateEof
                ? frame(last, p -> new OkPacket(OkPacket.EOF_HEADER, 0, 0, ServerStatus.AUTOCOMMIT, 0, "", null)
                        .write(p))
                : frame(last, p -> new EofPacket(0, ServerStatus.AUTOCOMMIT).write(p)));
        return frames;
    }

    private List<MySQLFrame> written() {
        List<MySQLFrame> out = new ArrayList<>();
        MySQLFrame frame;
        while ((frame = client.readOutbound()) != null) {
            out.add(frame);
        }
        return out;
    }

    private static List<String> rowsOf(List<MySQLFrame> frames, int firstRow, int rows) {
        List<String> out = new ArrayList<>();
        for (int i = firstRow; i < firstRow + rows; i++) {
            MySQLPayload p = new MySQLPayload(frames.get(i).content().duplicate());
            out.add(p.readStringLenenc() + "=" + p.readStringLenenc());
        }
        return out;
    }

    @Test
    void theClientsOwnRowsGetItsValuesAndTheOthersPass() {
        for (boolean deprecateEof : new boolean[] {false, true}) {
            rewriter.arm(CLIENT, deprecateEof);
            result(deprecateEof, "Ssl_cipher", "TLS_AES_256_GCM_SHA384", "Ssl_version", "TLSv1.3", "Uptime", "42")
                    .forEach(client::write);
            client.flush();

            List<MySQLFrame> out = written();
            int firstRow = deprecateEof ? 3 : 4;
            assertThat(rowsOf(out, firstRow, 3)).containsExactly("Ssl_cipher=", "Ssl_version=", "Uptime=42");
            assertThat(out.get(firstRow - 1).sequenceId()).isEqualTo(firstRow);
            assertThat(out.get(firstRow).sequenceId()).as("sequence ids kept").isEqualTo(firstRow + 1);
            assertThat(rewriter.armed()).as("disarmed at the end of the result").isFalse();
            out.forEach(MySQLFrame::release);
        }
    }

    @Test
    void anUnarmedRewriterChangesNothing() {
        result(false, "Ssl_cipher", "TLS_AES_256_GCM_SHA384").forEach(client::write);
        client.flush();

        List<MySQLFrame> out = written();
        assertThat(rowsOf(out, 4, 1)).containsExactly("Ssl_cipher=TLS_AES_256_GCM_SHA384");
        out.forEach(MySQLFrame::release);
    }

    @Test
    void anErrorDisarms() {
        rewriter.arm(CLIENT, false);
        client.writeAndFlush(frame(1, p -> p.writeInt1(0xFF).writeInt2(1064)));
        assertThat(rewriter.armed()).isFalse();
        written().forEach(MySQLFrame::release);
    }
}
