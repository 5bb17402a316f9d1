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

    /** HandshakeResponse41 for this login, answering {@code greeting}. */
    byte[] handshakeResponse(Greeting greeting) {
        int flags = database.isEmpty() ? capabilities & ~Capability.CONNECT_WITH_DB : capabilities;
        PayloadWriter p = new PayloadWriter().fixed(flags, 4).fixed(16 * 1024 * 1024, 4).int1(COLLATION)
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
