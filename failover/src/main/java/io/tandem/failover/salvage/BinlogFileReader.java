package io.tandem.failover.salvage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * Reads the events of one binary log file in order. A file whose server died mid-write may end in a partial event:
 * reading stops before it, since a transaction whose events did not all reach the file was never committed.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html">Binlog
 *     event structure</a>
 */
final class BinlogFileReader {

    private static final byte[] MAGIC = {(byte) 0xfe, 'b', 'i', 'n'};
    /** Larger than any event MySQL writes (max_allowed_packet is at most 1 GiB): a bigger size means garbage. */
    private static final long MAX_EVENT = 1L << 30;
    /** Stands for an event whose body was skipped; never handed out. */
    private static final BinlogEvent SKIPPED = new BinlogEvent(new byte[BinlogEvent.HEADER_LENGTH]);

    private BinlogFileReader() {
    }

    /** Hands every whole event of {@code file} to {@code events}. */
    static void read(Path file, Consumer<BinlogEvent> events) throws IOException {
        read(file, type -> true, events);
    }

    /**
     * Hands the whole events of {@code file} whose type {@code wanted} accepts (asked as each header is read) to
     * {@code events}, skipping the bodies of the others unread into memory: most of a large binlog is transactions
     * the promoted replica already has.
     */
    static void read(Path file, IntPredicate wanted, Consumer<BinlogEvent> events) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a MySQL binary log (no 0xfe 'bin' magic number)");
            }
            Optional<BinlogEvent> event;
            while ((event = next(in, file, wanted)).isPresent()) {
                if (event.get() != SKIPPED) {
                    events.accept(event.get());
                }
            }
        }
    }

    /** The GTID set recorded at the start of {@code file}: what the server had logged before it. */
    static Optional<String> previousGtids(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
                throw new IOException(file + " is not a MySQL binary log (no 0xfe 'bin' magic number)");
            }
            for (int i = 0; i < 3; i++) {
                Optional<BinlogEvent> event = next(in, file, type -> true);
                if (event.isEmpty()) {
                    return Optional.empty();
                }
                if (event.get().type() == BinlogEvent.PREVIOUS_GTIDS) {
                    return Optional.of(event.get().previousGtids());
                }
            }
            return Optional.empty();
        }
    }

    private static Optional<BinlogEvent> next(DataInputStream in, Path file, IntPredicate wanted)
            throws IOException {
        byte[] header = in.readNBytes(BinlogEvent.HEADER_LENGTH);
        if (header.length < BinlogEvent.HEADER_LENGTH) {
            return Optional.empty();
        }
        long size = BinlogEvent.declaredSize(header);
        if (size < BinlogEvent.HEADER_LENGTH || size > MAX_EVENT) {
            throw new IOException(file + ": an event declares " + size + " bytes: the file is damaged");
        }
        if (!wanted.test(header[4] & 0xff)) {
            try {
                in.skipNBytes(size - BinlogEvent.HEADER_LENGTH);
                return Optional.of(SKIPPED);
            } catch (EOFException partial) {
                return Optional.empty();
            }
        }
        byte[] event = Arrays.copyOf(header, (int) size);
        try {
            in.readFully(event, BinlogEvent.HEADER_LENGTH, event.length - BinlogEvent.HEADER_LENGTH);
        } catch (EOFException partial) {
            // the server died while writing this event
            return Optional.empty();
        }
        return Optional.of(new BinlogEvent(event));
    }
}
