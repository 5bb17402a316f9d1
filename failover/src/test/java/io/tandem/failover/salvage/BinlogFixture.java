package io.tandem.failover.salvage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Writes small binary log files event by event in the v4 layout MySQL 8.0 uses (19-byte header, CRC32 checksum
 * announced by the format description event), for tests of the reader. Row event bodies are opaque to the reader
 * and are filler here; BinlogFileSalvageIT replays real ones.
 */
final class BinlogFixture {

    static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    BinlogFixture() {
        out.writeBytes(new byte[] {(byte) 0xfe, 'b', 'i', 'n'});
        // format description: version 4, server version, timestamp, header length, post-header lengths, CRC32
        ByteBuffer body = buffer(2 + 50 + 4 + 1 + 41 + 1);
        body.putShort((short) 4).put(padded("8.0.31", 50)).putInt(0).put((byte) 19).put(new byte[41]).put((byte) 1);
        event(BinlogEvent.FORMAT_DESCRIPTION, body.array());
    }

    BinlogFixture previousGtids(long first, long last) {
        ByteBuffer body = buffer(8 + 16 + 8 + 16);
        body.putLong(first > last ? 0 : 1);
        if (first <= last) {
            body.put(sid()).putLong(1).putLong(first).putLong(last + 1);
        }
        return event(BinlogEvent.PREVIOUS_GTIDS, first > last ? java.util.Arrays.copyOf(body.array(), 8)
                : body.array());
    }

    BinlogFixture gtid(long gno) {
        ByteBuffer body = buffer(1 + 16 + 8 + 17);
        body.put((byte) 1).put(sid()).putLong(gno);
        return event(BinlogEvent.GTID, body.array());
    }

    BinlogFixture query(String database, String statement) {
        byte[] db = database.getBytes(StandardCharsets.UTF_8);
        byte[] sql = statement.getBytes(StandardCharsets.UTF_8);
        byte[] status = {0, 0, 0, 0, 0};
        ByteBuffer body = buffer(13 + status.length + db.length + 1 + sql.length);
        body.putInt(7).putInt(0).put((byte) db.length).putShort((short) 0).putShort((short) status.length)
                .put(status).put(db).put((byte) 0).put(sql);
        return event(BinlogEvent.QUERY, body.array());
    }

    BinlogFixture tableMap() {
        return event(BinlogEvent.TABLE_MAP, new byte[12]);
    }

    BinlogFixture writeRows() {
        return event(30, new byte[20]);
    }

    BinlogFixture xid() {
        return event(BinlogEvent.XID, new byte[8]);
    }

    BinlogFixture event(int type, byte[] body) {
        int size = BinlogEvent.HEADER_LENGTH + body.length + 4;
        ByteBuffer header = buffer(BinlogEvent.HEADER_LENGTH);
        header.putInt(0).put((byte) type).putInt(1).putInt(size).putInt(out.size() + size).putShort((short) 0);
        out.writeBytes(header.array());
        out.writeBytes(body);
        out.writeBytes(new byte[4]);
        return this;
    }

    /** A committed row transaction: GTID, BEGIN, table map, rows, XID. */
    BinlogFixture rowTransaction(long gno) {
        return gtid(gno).query("", "BEGIN").tableMap().writeRows().xid();
    }

    Path write(Path file) throws IOException {
        Files.write(file, out.toByteArray());
        return file;
    }

    /** The bytes so far without the last {@code cut} bytes: a file whose server died mid-event. */
    Path writeCut(Path file, int cut) throws IOException {
        byte[] bytes = out.toByteArray();
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - cut));
        return file;
    }

    private static byte[] sid() {
        return HexFormat.of().parseHex(UUID.replace("-", ""));
    }

    private static byte[] padded(String text, int length) {
        return java.util.Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), length);
    }

    private static ByteBuffer buffer(int length) {
        return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    }
}
