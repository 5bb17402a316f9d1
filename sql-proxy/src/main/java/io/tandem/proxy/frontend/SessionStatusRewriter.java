package io.tandem.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.codec.MySQLFrame;

import java.util.Map;

/**
 * On the client channel, between the session and the encoder: when armed for a {@code SHOW [SESSION] STATUS}, the
 * rows of its result that describe the client's own connection (see {@link ClientConnectionStatus}) get the
 * client's values; every other packet, and every other response, passes untouched. The result is followed packet by
 * packet as it is written (column count, definitions, the EOF after them unless CLIENT_DEPRECATE_EOF, rows, the end),
 * and the handler disarms at its end or at an ERR.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/show-status.html">SHOW STATUS</a>
 */
public final class SessionStatusRewriter extends ChannelOutboundHandlerAdapter {

    private static final int ERR = 0xFF;
    private static final int EOF = 0xFE;

    private boolean deprecateEof;
    private Map<String, String> values;
    private long definitionsLeft;
    private boolean counted;
    private boolean inRows;

    /**
     * The next response is a SHOW STATUS result: its rows naming {@code clientValues}' keys get those values.
     *
     * @param deprecateEof the client asked for CLIENT_DEPRECATE_EOF: no EOF after the column definitions
     */
    public void arm(Map<String, String> clientValues, boolean deprecateEof) {
        this.deprecateEof = deprecateEof;
        values = clientValues;
        counted = false;
        inRows = false;
    }

    boolean armed() {
        return values != null;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(values != null && msg instanceof MySQLFrame frame ? next(frame) : msg, promise);
    }

    private MySQLFrame next(MySQLFrame frame) {
        int first = frame.firstByte();
        if (first == ERR || (!counted && first == 0x00)) {
            values = null;
            return frame;
        }
        if (!counted) {
            counted = true;
            definitionsLeft = new MySQLPayload(frame.content().duplicate()).readIntLenenc();
            inRows = definitionsLeft == 0;
            return frame;
        }
        if (definitionsLeft > 0) {
            if (--definitionsLeft == 0) {
                inRows = deprecateEof;
            }
            return frame;
        }
        if (!inRows) {
            // the EOF after the column definitions
            inRows = true;
            return frame;
        }
        if (first == EOF && frame.length() < MySQLFrame.MAX_FRAME_PAYLOAD && (deprecateEof || frame.length() < 9)) {
            values = null;
            return frame;
        }
        return row(frame);
    }

    /** A text-protocol row (Variable_name, Value): replaced when the name is one of the client's. */
    private MySQLFrame row(MySQLFrame frame) {
        MySQLPayload payload = new MySQLPayload(frame.content().duplicate());
        String name = payload.readStringLenenc();
        String value = values.get(name);
        if (value == null) {
            return frame;
        }
        ByteBuf content = frame.content().alloc().ioBuffer(name.length() + value.length() + 2);
        new MySQLPayload(content).writeStringLenenc(name).writeStringLenenc(value);
        MySQLFrame replaced = new MySQLFrame(frame.sequenceId(), content);
        frame.release();
        return replaced;
    }
}
