package io.tandem.proxy.backend;

import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.relay.ResponseTracker;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the response of one of the proxy's own text queries that answers a single row: its column values as text
 * (null for SQL NULL), or the server's error. Fed packet by packet; the caller owns and releases the frames.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset.html">
 *     Text result set</a>
 */
public final class SingleRow {

    /** A text-protocol row's NULL column. */
    private static final int NULL_VALUE = 0xFB;

    private final ResponseTracker tracker;
    private final List<String> values = new ArrayList<>();
    private long columns;
    /** Data packets seen: the column count, each column's definition, then the row. */
    private long data;
    private ErrPacket failed;

    public SingleRow(int capabilities) {
        this.tracker = new ResponseTracker(ResponseShape.RESULT, capabilities);
    }

    /** Takes the next packet of the response; true once the response is complete. */
    public boolean next(MySQLFrame frame) {
        ResponseTracker.Packet packet = tracker.next(frame);
        if (packet == ResponseTracker.Packet.ERR) {
            failed = ErrPacket.read(frame.payload());
        } else if (packet == ResponseTracker.Packet.DATA) {
            data++;
            if (data == 1) {
                columns = frame.payload().readIntLenenc();
            } else if (data == columns + 2) {
                var payload = frame.payload();
                for (long i = 0; i < columns; i++) {
                    if (payload.buf().getUnsignedByte(payload.buf().readerIndex()) == NULL_VALUE) {
                        payload.skip(1);
                        values.add(null);
                    } else {
                        values.add(payload.readStringLenenc());
                    }
                }
            }
        }
        return tracker.done();
    }

    /** The row's values, empty if the query returned no row. */
    public List<String> values() {
        return values;
    }

    /** The server's error, or null. */
    public ErrPacket failed() {
        return failed;
    }
}
