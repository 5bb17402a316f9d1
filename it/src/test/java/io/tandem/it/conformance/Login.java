package io.tandem.it.conformance;

import java.util.Map;

/**
 * Who a session logs in as and how: account, default schema, capabilities and connection attributes. Every
 * conformance session asks for {@code tandem.read_your_writes=on} (a direct server ignores it), so that a read
 * after the session's own write sees it through the proxy whichever replica serves it: the harness compares the
 * protocol, not replication lag.
 */
record Login(String user, String password, String database, int capabilities) {

    static final Map<String, String> ATTRIBUTES = Map.of("_client_name", "tandem-conformance",
            "tandem.read_your_writes", "on");

    /** UTF8MB4_GENERAL_CI: the collation every session starts with. */
    static final int COLLATION = 45;

    /** The largest packet the client announces it accepts (servers do not hold a client to it). */
    static final int MAX_PACKET = 16 * 1024 * 1024;

    /**
     * This login as it answers {@code greeting}: CLIENT_SSL and CLIENT_COMPRESS are announced only where the server
     * offers them, as a client with TLS and compression preferred (not required) does. Whether that is good enough
     * for a case is the suite's decision, from the session's {@link Transport}.
     */
    Login answering(Greeting greeting) {
        int unavailable = (Capability.SSL | Capability.COMPRESS) & ~(int) greeting.capabilities();
        return new Login(user, password, database, capabilities & ~unavailable);
    }

    /** The SSLRequest: the start of HandshakeResponse41, after which TLS begins and the whole response follows. */
    byte[] sslRequest() {
        return new PayloadWriter().fixed(flags(), 4).fixed(MAX_PACKET, 4).int1(COLLATION).bytes(new byte[23])
                .toBytes();
    }

    /** The capability flags sent: CONNECT_WITH_DB only with a schema. */
    private int flags() {
        return database.isEmpty() ? capabilities & ~Capability.CONNECT_WITH_DB : capabilities;
    }

    /** HandshakeResponse41 for this login, answering {@code greeting}. */
    byte[] handshakeResponse(Greeting greeting) {
        PayloadWriter p = new PayloadWriter().fixed(flags(), 4).fixed(MAX_PACKET, 4).int1(COLLATION)
                .bytes(new byte[23]).nulString(user);
        byte[] scramble = AuthResponse.scramble(greeting.authPlugin(), password, greeting.nonce());
        p.lenencBytes(scramble);
        if (!database.isEmpty()) {
            p.nulString(database);
        }
        p.nulString(greeting.authPlugin());
        PayloadWriter attributes = new PayloadWriter();
        ATTRIBUTES.forEach((key, value) -> attributes.lenencString(key).lenencString(value));
        return p.lenencBytes(attributes.toBytes()).toBytes();
    }

    /** COM_CHANGE_USER to this login's account, its password scrambled with the session's greeting nonce. */
    byte[] changeUser(Greeting greeting) {
        byte[] scramble = AuthResponse.scramble(greeting.authPlugin(), password, greeting.nonce());
        PayloadWriter p = new PayloadWriter().int1(CommandKind.CHANGE_USER.code()).nulString(user)
                .int1(scramble.length).bytes(scramble).nulString(database).fixed(COLLATION, 2)
                .nulString(greeting.authPlugin());
        PayloadWriter attributes = new PayloadWriter();
        ATTRIBUTES.forEach((key, value) -> attributes.lenencString(key).lenencString(value));
        return p.lenencBytes(attributes.toBytes()).toBytes();
    }
}
