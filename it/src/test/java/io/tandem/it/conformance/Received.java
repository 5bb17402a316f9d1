package io.tandem.it.conformance;

/** One packet of a response with its {@link Role}; {@link Role#CLOSED} and {@link Role#TIMEOUT} carry none. */
record Received(Role role, Packet packet) {

    private static final Packet NONE = new Packet(-1, new byte[0]);

    static Received none(Role role) {
        return new Received(role, NONE);
    }
}
