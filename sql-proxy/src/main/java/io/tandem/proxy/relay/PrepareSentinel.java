package io.tandem.proxy.relay;

import io.netty.buffer.ByteBufAllocator;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.codec.MySQLFrame;

/**
 * A COM_PING sent right behind a COM_STMT_PREPARE under CLIENT_DEPRECATE_EOF, so that the prepare response has a
 * visible end. Without EOF packets only the counts in COM_STMT_PREPARE_OK say how many definitions follow, and MySQL
 * 8.0.31 announces parameters it sends no definition for ({@code SELECT a FROM t ORDER BY ?}: one parameter, no
 * parameter definition). The server answers commands in order, so the ping's OK comes right after the last
 * definition; {@link ResponseTracker} reports it as {@link ResponseTracker.Packet#SENTINEL} and it is dropped, never
 * relayed.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html">
 *     COM_STMT_PREPARE response</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_ping.html">COM_PING</a>
 */
public final class PrepareSentinel {

    private PrepareSentinel() {
    }

    /** A fresh COM_PING frame, sequence id 0: a command of its own. */
    public static MySQLFrame frame(ByteBufAllocator alloc) {
        return new MySQLFrame(0, alloc.ioBuffer(1).writeByte(CommandType.PING.code()));
    }
}
