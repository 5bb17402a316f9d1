package io.tandem.it.conformance;

/**
 * What a session's connection ran over: TLS (protocol and cipher suite as the client's JDK names them, empty
 * without TLS) and the compressed protocol (with how many frames went each way and how many of them were really
 * deflated: a compressed session whose every frame was stored as it was has still used the compressed framing).
 * Reports show it for both passes of a case, because a client that asked for TLS or compression may end up
 * without it where the other side does not offer it.
 */
record Transport(String tlsProtocol, String tlsCipher, Compression compression) {

    static final Transport PLAIN = new Transport("", "", Compression.NONE);

    /** The compressed protocol's frames, or {@link #NONE} when the session was not compressed. */
    record Compression(boolean used, long framesRead, long deflatedRead, long framesWritten, long deflatedWritten) {
        static final Compression NONE = new Compression(false, 0, 0, 0, 0);
    }

    boolean tls() {
        return !tlsProtocol.isEmpty();
    }

    boolean compressed() {
        return compression.used();
    }

    /** For reports: {@code plain}, {@code TLSv1.3 TLS_AES_256_GCM_SHA384}, {@code compressed (frames ...)}. */
    String describe() {
        String tls = tls() ? tlsProtocol + " " + tlsCipher : "";
        String zlib = compressed() ? "compressed (frames received " + compression.framesRead() + ", "
                + compression.deflatedRead() + " deflated; sent " + compression.framesWritten() + ", "
                + compression.deflatedWritten() + " deflated)" : "";
        String both = (tls + " " + zlib).strip();
        return both.isEmpty() ? "plain" : both;
    }
}
