package io.tandem.proxy.protocol.packet;

import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.MySQLPacket;
import io.tandem.proxy.protocol.MySQLPayload;

/**
 * COM_QUERY as the proxy sends it itself (state replay); client queries are relayed as received.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query.html">COM_QUERY</a>
 */
public record ComQuery(String sql) implements MySQLPacket {

    @Override
    public void write(MySQLPayload payload) {
        payload.writeInt1(CommandType.QUERY.code()).writeStringEof(sql);
    }
}
