package io.tandem.it.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A conformance client session over a bare socket: logs in with the capabilities a script chose (over TLS and with
 * compression when the profile asks and the server offers them) and sends each command as bytes, returning every
 * packet of the answer as it came, so that nothing a driver would smooth over escapes the comparison.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_command_phase.html">Command phase</a>
 */
final class RawSession implements AutoCloseable {

    private static final int COM_QUERY = 0x03;
    private static final int COM_STMT_PREPARE = 0x16;
    private static final int COM_STMT_EXECUTE = 0x17;
    private static final int COM_STMT_SEND_LONG_DATA = 0x18;
    private static final int COM_STMT_CLOSE = 0x19;
    private static final int COM_STMT_RESET = 0x1A;
    private static final int COM_STMT_FETCH = 0x1C;
    private static final int CURSOR_TYPE_READ_ONLY = 1;

    private final PacketChannel channel;
    private final Greeting greeting;
    private final int negotiated;

    private RawSession(PacketChannel channel, Greeting greeting, int negotiated) {
        this.channel = channel;
        this.greeting = greeting;
        this.negotiated = negotiated;
    }

    /** The session, and (through {@code loginAnswer}) every packet the server sent after the client's response. */
    static RawSession open(int port, Login login, Duration readTimeout, List<Received> loginAnswer)
            throws IOException {
        PacketChannel channel = PacketChannel.connect(port, readTimeout);
        try {
            Greeting greeting = Greeting.parse(channel.read());
            Login answer = login.answering(greeting);
            if ((answer.capabilities() & Capability.SSL) != 0) {
                channel.write(answer.sslRequest());
                channel.startTls();
            }
            channel.write(answer.handshakeResponse(greeting));
            List<Packet> authentication = AuthExchange.complete(channel, greeting.authPlugin(), answer.password(),
                    greeting.nonce());
            authentication.forEach(packet -> loginAnswer.add(new Received(authRole(packet), packet)));
            if ((answer.capabilities() & Capability.COMPRESS) != 0
                    && authentication.get(authentication.size() - 1).isOk()) {
                channel.startCompression();
            }
            return new RawSession(channel, greeting, (int) (answer.capabilities() & greeting.capabilities()));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** What the connection runs over: TLS and compression where the profile asked and the server offered them. */
    Transport transport() {
        return channel.transport();
    }

    /** Whether both sides agreed on {@code capability}. */
    boolean negotiated(int capability) {
        return (negotiated & capability) != 0;
    }

    List<Received> query(String sql, String infileData) throws IOException {
        channel.command(new PayloadWriter().int1(COM_QUERY).text(sql).toBytes());
        return read(ResponseReader.Shape.RESULTS, infileData.getBytes(StandardCharsets.UTF_8));
    }

    List<Received> prepare(String sql) throws IOException {
        channel.command(new PayloadWriter().int1(COM_STMT_PREPARE).text(sql).toBytes());
        return read(ResponseReader.Shape.PREPARE, new byte[0]);
    }

    /**
     * COM_STMT_EXECUTE of {@code statementId} with {@code parameters}, through a read-only cursor if asked; the
     * parameters numbered in {@code longData} got their value through COM_STMT_SEND_LONG_DATA, so only their type
     * is sent.
     */
    List<Received> execute(long statementId, List<Parameter> parameters, boolean cursor, Set<Integer> longData)
            throws IOException {
        PayloadWriter p = new PayloadWriter().int1(COM_STMT_EXECUTE).fixed(statementId, 4)
                .int1(cursor ? CURSOR_TYPE_READ_ONLY : 0).fixed(1, 4);
        if (!parameters.isEmpty()) {
            byte[] nulls = new byte[(parameters.size() + 7) / 8];
            for (int i = 0; i < parameters.size(); i++) {
                if (parameters.get(i).isNull()) {
                    nulls[i / 8] |= (byte) (1 << (i % 8));
                }
            }
            p.bytes(nulls).int1(1);
            parameters.forEach(parameter -> p.fixed(parameter.type(), 2));
            for (int i = 0; i < parameters.size(); i++) {
                Parameter parameter = parameters.get(i);
                if (longData.contains(i)) {
                    continue;
                }
                if (parameter.type() == Parameter.TYPE_VAR_STRING) {
                    p.lenencBytes(parameter.value());
                } else {
                    p.bytes(parameter.value());
                }
            }
        }
        channel.command(p.toBytes());
        return read(cursor ? ResponseReader.Shape.CURSOR_RESULTS : ResponseReader.Shape.BINARY_RESULTS, new byte[0]);
    }

    List<Received> fetch(long statementId, int rows) throws IOException {
        channel.command(new PayloadWriter().int1(COM_STMT_FETCH).fixed(statementId, 4).fixed(rows, 4).toBytes());
        return read(ResponseReader.Shape.FETCH, new byte[0]);
    }

    /** COM_STMT_SEND_LONG_DATA, which has no answer: {@code data} appended to parameter {@code parameter}. */
    void sendLongData(long statementId, int parameter, byte[] data) throws IOException {
        channel.command(new PayloadWriter().int1(COM_STMT_SEND_LONG_DATA).fixed(statementId, 4).fixed(parameter, 2)
                .bytes(data).toBytes());
    }

    /** COM_STMT_RESET: OK, or ERR for an unknown statement. */
    List<Received> resetStatement(long statementId) throws IOException {
        channel.command(new PayloadWriter().int1(COM_STMT_RESET).fixed(statementId, 4).toBytes());
        return read(ResponseReader.Shape.SINGLE, new byte[0]);
    }

    /** COM_STMT_CLOSE, which has no answer. */
    void closeStatement(long statementId) throws IOException {
        channel.command(new PayloadWriter().int1(COM_STMT_CLOSE).fixed(statementId, 4).toBytes());
    }

    /** A command of {@code kind} with the script's arguments. */
    List<Received> command(CommandKind kind, List<String> arguments, Login current) throws IOException {
        PayloadWriter p = new PayloadWriter().int1(kind.code());
        switch (kind) {
            case INIT_DB -> p.text(arguments.get(0));
            case FIELD_LIST -> p.nulString(arguments.get(0)).text(arguments.size() > 1 ? arguments.get(1) : "");
            case SET_OPTION -> p.fixed(arguments.get(0).equalsIgnoreCase("on") ? 0 : 1, 2);
            case CHANGE_USER -> {
                Login next = new Login(arguments.get(0), arguments.size() > 1 ? arguments.get(1) : "",
                        arguments.size() > 2 ? arguments.get(2) : current.database(), current.capabilities());
                channel.command(next.changeUser(greeting));
                List<Received> answer = new ArrayList<>();
                try {
                    for (Packet packet : AuthExchange.complete(channel, greeting.authPlugin(), next.password(),
                            greeting.nonce())) {
                        answer.add(new Received(authRole(packet), packet));
                    }
                } catch (java.io.EOFException closed) {
                    answer.add(Received.none(Role.CLOSED));
                }
                return answer;
            }
            default -> { }
        }
        channel.command(p.toBytes());
        return read(kind == CommandKind.FIELD_LIST ? ResponseReader.Shape.FIELD_LIST : ResponseReader.Shape.SINGLE,
                new byte[0]);
    }

    private List<Received> read(ResponseReader.Shape shape, byte[] infileData) throws IOException {
        return ResponseReader.read(channel, negotiated(Capability.DEPRECATE_EOF), shape, infileData);
    }

    private static Role authRole(Packet packet) {
        return switch (packet.header()) {
            case 0x00 -> Role.OK;
            case 0xFF -> Role.ERR;
            case 0xFE -> Role.AUTH_SWITCH;
            default -> Role.AUTH_MORE_DATA;
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
