package io.tandem.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tandem.proxy.protocol.codec.MySQLFrame;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Packets captured once from real servers and kept as text under {@code src/test/resources/golden/}: one packet a
 * line as {@code <sequence id> <payload hex>}, {@code #} lines saying how and from what they were captured.
 */
public record GoldenPackets(String name, List<Packet> packets) {

    /** One captured packet: its sequence id and payload, without the 4-byte frame header. */
    public record Packet(int sequenceId, byte[] payload) {

        /** A fresh frame over a copy of the payload, as the frame decoder would hand it on. */
        public MySQLFrame frame() {
            return new MySQLFrame(sequenceId, Unpooled.wrappedBuffer(payload.clone()));
        }

        /** A fresh reader over a copy of the payload. */
        public MySQLPayload reader() {
            return new MySQLPayload(Unpooled.wrappedBuffer(payload.clone()));
        }

        public String hex() {
            return ByteBufUtil.hexDump(payload);
        }

        public int firstByte() {
            return payload.length == 0 ? -1 : payload[0] & 0xFF;
        }
    }

    public static GoldenPackets load(String name) {
        String resource = "/golden/" + name + ".hex";
        InputStream in = GoldenPackets.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("no golden fixture " + resource);
        }
        List<Packet> packets = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\\s+");
                packets.add(new Packet(Integer.parseInt(fields[0]), ByteBufUtil.decodeHexDump(fields[1])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GoldenPackets(name, List.copyOf(packets));
    }

    public Packet get(int index) {
        return packets.get(index);
    }

    /** The fixture's only packet. */
    public Packet single() {
        if (packets.size() != 1) {
            throw new IllegalStateException(name + " holds " + packets.size() + " packets, not one");
        }
        return packets.get(0);
    }

    public int size() {
        return packets.size();
    }

    /** The packets as they were on the wire: each with its 3-byte length and sequence id in front. */
    public ByteBuf wire() {
        ByteBuf wire = Unpooled.buffer();
        for (Packet packet : packets) {
            wire.writeMediumLE(packet.payload().length).writeByte(packet.sequenceId()).writeBytes(packet.payload());
        }
        return wire;
    }
}
