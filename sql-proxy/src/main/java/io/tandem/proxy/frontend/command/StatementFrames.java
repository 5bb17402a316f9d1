package io.tandem.proxy.frontend.command;

import io.netty.buffer.ByteBuf;
import io.tandem.proxy.protocol.codec.MySQLFrame;

/**
 * The statement id every COM_STMT_* command carries right after its command byte (and COM_STMT_PREPARE_OK after
 * its header), read and rewritten in place between the client's ids and a backend's.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html">
 *     COM_STMT_EXECUTE</a>
 */
final class StatementFrames {

    private StatementFrames() {
    }

    static long id(MySQLFrame frame) {
        ByteBuf payload = frame.content();
        if (payload.readableBytes() < 5) {
            throw new io.tandem.proxy.protocol.MalformedPacketException("statement command without a statement id");
        }
        return payload.getUnsignedIntLE(payload.readerIndex() + 1);
    }

    static void id(MySQLFrame frame, long id) {
        ByteBuf payload = frame.content();
        payload.setIntLE(payload.readerIndex() + 1, (int) id);
    }
}
