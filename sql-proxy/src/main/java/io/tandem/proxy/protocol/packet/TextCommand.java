package io.tandem.proxy.protocol.packet;

import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.MySQLPacket;
import io.tandem.proxy.protocol.MySQLPayload;

/**
 * A command the proxy sends itself whose body is one string: COM_QUERY (state replay, KILL), COM_INIT_DB,
 * COM_STMT_PREPARE (lazy re-prepare). Client commands are relayed as received.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query.html">COM_QUERY</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_init_db.html">COM_INIT_DB</a>
 */
public record TextCommand(CommandType type, String text) implements MySQLPacket {

    public static TextCommand query(String sql) {
        return new TextCommand(CommandType.QUERY, sql);
    }

    @Override
    public void write(MySQLPayload payload) {
        payload.writeInt1(type.code()).writeStringEof(text);
    }
}
