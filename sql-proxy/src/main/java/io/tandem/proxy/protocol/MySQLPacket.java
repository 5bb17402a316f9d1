package io.tandem.proxy.protocol;

/** A packet that writes its own payload; framing (length, sequence id, 16 MiB split) is the codec's job. */
public interface MySQLPacket {

    void write(MySQLPayload payload);
}
