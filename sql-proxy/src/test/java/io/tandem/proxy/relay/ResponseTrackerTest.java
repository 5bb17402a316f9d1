package io.tandem.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.GoldenPackets;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.ServerStatus;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.codec.MySQLFrameDecoder;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.relay.ResponseTracker.Packet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.tandem.proxy.relay.ResponseTracker.Packet.DATA;
import static io.tandem.proxy.relay.ResponseTracker.Packet.END_OF_ROWS_OK;
import static io.tandem.proxy.relay.ResponseTracker.Packet.EOF;
import static io.tandem.proxy.relay.ResponseTracker.Packet.ERR;
import static io.tandem.proxy.relay.ResponseTracker.Packet.LOCAL_INFILE_REQUEST;
import static io.tandem.proxy.relay.ResponseTracker.Packet.OK;
import static io.tandem.proxy.relay.ResponseTracker.Packet.PREPARE_OK;
import static io.tandem.proxy.relay.ResponseTracker.Packet.SENTINEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ResponseTrackerTest {

    /** The capabilities the fixtures were captured with, less DEPRECATE_EOF and SESSION_TRACK. */
    private static final int CLASSIC = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION
            | Capabilities.PLUGIN_AUTH | Capabilities.TRANSACTIONS | Capabilities.MULTI_STATEMENTS
            | Capabilities.MULTI_RESULTS | Capabilities.PS_MULTI_RESULTS;
    private static final int DEPRECATE_EOF = CLASSIC | Capabilities.DEPRECATE_EOF;
    private static final int TRACKING = CLASSIC | Capabilities.SESSION_TRACK;

    private static final int AUTOCOMMIT = ServerStatus.AUTOCOMMIT;
    /** Not checked: a prepare response's EOFs say nothing about the session. */
    private static final int ANY_STATUS = -1;

    /**
     * Feeds every packet of {@code response} and returns their classification, checking that the tracker says
     * done exactly after the last one.
     */
    private static List<Packet> follow(ResponseTracker tracker, GoldenPackets response) {
        List<Packet> kinds = new ArrayList<>();
        for (int i = 0; i < response.size(); i++) {
            assertThat(tracker.done()).as("done before packet %d of %s", i, response.name()).isFalse();
            kinds.add(tracker.next(response.get(i).frame()));
        }
        assertThat(tracker.done()).as("done after the last packet of %s", response.name()).isTrue();
        return kinds;
    }

    /** A fixture, or several captured separately and joined with {@code +}, as they would follow each other. */
    private static GoldenPackets load(String fixtures) {
        List<GoldenPackets.Packet> packets = new ArrayList<>();
        for (String name : fixtures.split("\\+")) {
            packets.addAll(GoldenPackets.load(name).packets());
        }
        return new GoldenPackets(fixtures, packets);
    }

    static Stream<Arguments> capturedResponses() {
        return Stream.of(
                // COM_QUERY result sets: column count, definitions, (EOF), rows, EOF or its OK form
                arguments("resultset-select-eof", ResponseShape.RESULT, CLASSIC,
                        List.of(DATA, DATA, DATA, EOF, DATA, EOF), AUTOCOMMIT),
                arguments("resultset-select-deprecate-eof", ResponseShape.RESULT, DEPRECATE_EOF,
                        List.of(DATA, DATA, DATA, DATA, END_OF_ROWS_OK), AUTOCOMMIT),
                arguments("resultset-multi-eof", ResponseShape.RESULT, CLASSIC,
                        List.of(DATA, DATA, EOF, DATA, EOF, DATA, DATA, EOF, DATA, EOF), AUTOCOMMIT),
                arguments("resultset-multi-deprecate-eof", ResponseShape.RESULT, DEPRECATE_EOF,
                        List.of(DATA, DATA, DATA, END_OF_ROWS_OK, DATA, DATA, DATA, END_OF_ROWS_OK), AUTOCOMMIT),
                arguments("resultset-ok-then-select-eof", ResponseShape.RESULT, CLASSIC,
                        List.of(OK, DATA, DATA, EOF, DATA, EOF), AUTOCOMMIT),
                arguments("resultset-ok-then-select-deprecate-eof", ResponseShape.RESULT, DEPRECATE_EOF,
                        List.of(OK, DATA, DATA, DATA, END_OF_ROWS_OK), AUTOCOMMIT),
                arguments("resultset-call-eof", ResponseShape.RESULT, CLASSIC,
                        List.of(DATA, DATA, EOF, DATA, EOF, OK), AUTOCOMMIT),
                arguments("resultset-call-deprecate-eof", ResponseShape.RESULT, DEPRECATE_EOF,
                        List.of(DATA, DATA, DATA, END_OF_ROWS_OK, OK), AUTOCOMMIT),
                // COM_QUERY without a result set
                arguments("ok-insert-info", ResponseShape.RESULT, CLASSIC, List.of(OK), AUTOCOMMIT),
                arguments("ok-set-sql-mode", ResponseShape.RESULT, TRACKING, List.of(OK),
                        AUTOCOMMIT | ServerStatus.SESSION_STATE_CHANGED),
                arguments("ok-use-mysql", ResponseShape.RESULT, TRACKING, List.of(OK),
                        AUTOCOMMIT | ServerStatus.SESSION_STATE_CHANGED),
                arguments("err-select-nope", ResponseShape.RESULT, CLASSIC, List.of(ERR), 0),
                arguments("err-select-nope", ResponseShape.RESULT, DEPRECATE_EOF, List.of(ERR), 0),
                // COM_STMT_PREPARE: PREPARE_OK, parameter definitions, (EOF), column definitions, (EOF)
                arguments("prepare-two-params-eof", ResponseShape.PREPARE, CLASSIC,
                        List.of(PREPARE_OK, DATA, DATA, EOF, DATA, DATA, EOF), ANY_STATUS),
                // under DEPRECATE_EOF the answer to the PrepareSentinel (a COM_PING) right behind it ends it
                arguments("prepare-two-params-deprecate-eof-sentinel", ResponseShape.PREPARE, DEPRECATE_EOF,
                        List.of(PREPARE_OK, DATA, DATA, DATA, DATA, SENTINEL), ANY_STATUS),
                arguments("prepare-no-params-eof", ResponseShape.PREPARE, CLASSIC,
                        List.of(PREPARE_OK, DATA, EOF), ANY_STATUS),
                arguments("prepare-no-params-deprecate-eof+ok-ping", ResponseShape.PREPARE, DEPRECATE_EOF,
                        List.of(PREPARE_OK, DATA, SENTINEL), ANY_STATUS),
                arguments("prepare-insert-eof", ResponseShape.PREPARE, CLASSIC,
                        List.of(PREPARE_OK, DATA, DATA, EOF), ANY_STATUS),
                arguments("prepare-insert-deprecate-eof+ok-ping", ResponseShape.PREPARE, DEPRECATE_EOF,
                        List.of(PREPARE_OK, DATA, DATA, SENTINEL), ANY_STATUS),
                arguments("prepare-nothing-deprecate-eof-sentinel", ResponseShape.PREPARE, DEPRECATE_EOF,
                        List.of(PREPARE_OK, SENTINEL), ANY_STATUS),
                arguments("err-select-nope", ResponseShape.PREPARE, CLASSIC, List.of(ERR), ANY_STATUS),
                arguments("err-prepare-deprecate-eof-sentinel", ResponseShape.PREPARE, DEPRECATE_EOF,
                        List.of(ERR, SENTINEL), ANY_STATUS),
                // MySQL 8.0.31 announces a parameter for ORDER BY ? and sends no definition for it: the EOF that
                // ends the (short) parameter block, or the sentinel, says where the response ends
                arguments("prepare-order-by-param-eof", ResponseShape.PREPARE, CLASSIC,
                        List.of(PREPARE_OK, EOF, DATA, EOF), ANY_STATUS),
                arguments("prepare-order-by-param-deprecate-eof-sentinel", ResponseShape.PREPARE, DEPRECATE_EOF,
                        List.of(PREPARE_OK, DATA, SENTINEL), ANY_STATUS),
                arguments("prepare-where-and-order-by-params-eof", ResponseShape.PREPARE, CLASSIC,
                        List.of(PREPARE_OK, DATA, EOF, DATA, EOF), ANY_STATUS),
                arguments("prepare-where-and-order-by-params-deprecate-eof-sentinel", ResponseShape.PREPARE,
                        DEPRECATE_EOF, List.of(PREPARE_OK, DATA, DATA, SENTINEL), ANY_STATUS),
                // MariaDB 10.11 sends the definition it announces
                arguments("mariadb-10.11-prepare-order-by-param-eof", ResponseShape.PREPARE, CLASSIC,
                        List.of(PREPARE_OK, DATA, EOF, DATA, EOF), ANY_STATUS),
                arguments("mariadb-10.11-prepare-order-by-param-deprecate-eof-sentinel", ResponseShape.PREPARE,
                        DEPRECATE_EOF, List.of(PREPARE_OK, DATA, DATA, SENTINEL), ANY_STATUS),
                // COM_STMT_EXECUTE: binary rows start with 0x00 and are still rows
                arguments("execute-binary-eof", ResponseShape.RESULT, CLASSIC,
                        List.of(DATA, DATA, DATA, EOF, DATA, EOF), AUTOCOMMIT),
                arguments("execute-binary-deprecate-eof", ResponseShape.RESULT, DEPRECATE_EOF,
                        List.of(DATA, DATA, DATA, DATA, END_OF_ROWS_OK), AUTOCOMMIT),
                // COM_STMT_EXECUTE opening a cursor: the end of the definitions ends the response
                arguments("execute-cursor-eof", ResponseShape.RESULT, CLASSIC,
                        List.of(DATA, DATA, DATA, EOF), AUTOCOMMIT | ServerStatus.CURSOR_EXISTS),
                arguments("execute-cursor-deprecate-eof", ResponseShape.RESULT, DEPRECATE_EOF,
                        List.of(DATA, DATA, DATA, END_OF_ROWS_OK), AUTOCOMMIT | ServerStatus.CURSOR_EXISTS),
                // COM_STMT_FETCH: rows up to an EOF
                arguments("fetch-cursor-eof", ResponseShape.ROWS, CLASSIC,
                        List.of(DATA, DATA, EOF), AUTOCOMMIT | ServerStatus.LAST_ROW_SENT),
                arguments("fetch-cursor-deprecate-eof", ResponseShape.ROWS, DEPRECATE_EOF,
                        List.of(DATA, DATA, END_OF_ROWS_OK), AUTOCOMMIT | ServerStatus.LAST_ROW_SENT),
                // one-packet answers
                arguments("ok-ping", ResponseShape.SINGLE, CLASSIC, List.of(OK), AUTOCOMMIT),
                arguments("eof-set-option", ResponseShape.SINGLE, CLASSIC, List.of(EOF), AUTOCOMMIT),
                arguments("err-select-nope", ResponseShape.SINGLE, CLASSIC, List.of(ERR), 0),
                arguments("statistics", ResponseShape.ANY_SINGLE, CLASSIC, List.of(DATA), 0));
    }

    @ParameterizedTest(name = "{0} as {1}, capabilities {2}")
    @MethodSource("capturedResponses")
    void classifiesEveryPacketOfACapturedResponse(String fixture, ResponseShape shape, int capabilities,
                                                  List<Packet> expected, int finalStatus) {
        ResponseTracker tracker = new ResponseTracker(shape, capabilities);

        List<Packet> kinds = follow(tracker, load(fixture));

        assertThat(kinds).isEqualTo(expected);
        if (finalStatus != ANY_STATUS) {
            assertThat(tracker.statusFlags()).as("status flags of the last OK or EOF").isEqualTo(finalStatus);
        }
    }

    @Test
    void moreResultsExistsCarriesTheResponseOnToTheNextResultSet() {
        GoldenPackets response = GoldenPackets.load("resultset-multi-eof");
        ResponseTracker tracker = new ResponseTracker(ResponseShape.RESULT, CLASSIC);
        for (int i = 0; i < 5; i++) {
            tracker.next(response.get(i).frame());
        }

        assertThat(tracker.statusFlags()).isEqualTo(AUTOCOMMIT | ServerStatus.MORE_RESULTS_EXISTS);
        assertThat(tracker.done()).isFalse();
        assertThat(tracker.next(response.get(5).frame())).as("the next result set's column count").isEqualTo(DATA);
    }

    @Test
    void moreResultsExistsOnAnOkCarriesTheResponseOnToo() {
        GoldenPackets response = GoldenPackets.load("resultset-ok-then-select-deprecate-eof");
        ResponseTracker tracker = new ResponseTracker(ResponseShape.RESULT, DEPRECATE_EOF);

        assertThat(tracker.next(response.get(0).frame())).isEqualTo(OK);
        assertThat(tracker.statusFlags()).isEqualTo(AUTOCOMMIT | ServerStatus.MORE_RESULTS_EXISTS);
        assertThat(tracker.done()).isFalse();
    }

    @Test
    void theCursorsEofEndsTheExecuteResponse() {
        GoldenPackets response = GoldenPackets.load("execute-cursor-eof");
        ResponseTracker tracker = new ResponseTracker(ResponseShape.RESULT, CLASSIC);

        follow(tracker, response);

        assertThat(ServerStatus.has(tracker.statusFlags(), ServerStatus.CURSOR_EXISTS)).isTrue();
        assertThatThrownBy(() -> tracker.next(GoldenPackets.load("fetch-cursor-eof").get(0).frame()))
                .as("the rows come with COM_STMT_FETCH, not here")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after the end of the response");
    }

    @Test
    void localInfileRequestWaitsForTheClientsDataThenTheOk() {
        GoldenPackets response = GoldenPackets.load("local-infile");
        ResponseTracker tracker = new ResponseTracker(ResponseShape.RESULT, CLASSIC | Capabilities.LOCAL_FILES);

        assertThat(tracker.next(response.get(0).frame())).isEqualTo(LOCAL_INFILE_REQUEST);
        assertThat(tracker.done()).as("the client's file comes first").isFalse();
        tracker.localInfileSent();
        assertThat(tracker.done()).isFalse();
        assertThat(tracker.next(response.get(1).frame())).isEqualTo(OK);

        assertThat(tracker.done()).isTrue();
        assertThat(tracker.statusFlags()).isEqualTo(AUTOCOMMIT);
    }

    @Test
    void localInfileRefusedByTheServerEndsWithItsErr() {
        ResponseTracker tracker = new ResponseTracker(ResponseShape.RESULT, CLASSIC | Capabilities.LOCAL_FILES);
        tracker.next(GoldenPackets.load("local-infile").get(0).frame());
        tracker.localInfileSent();

        assertThat(tracker.next(GoldenPackets.load("err-select-nope").single().frame())).isEqualTo(ERR);
        assertThat(tracker.done()).isTrue();
    }

    @Test
    void anErrAmongTheRowsEndsTheResponse() {
        // a statement killed while it streams rows
        GoldenPackets response = GoldenPackets.load("resultset-select-eof");
        ResponseTracker tracker = new ResponseTracker(ResponseShape.RESULT, CLASSIC);
        for (int i = 0; i < 5; i++) {
            tracker.next(response.get(i).frame());
        }

        assertThat(tracker.next(frame(6, ErrPacket.of(ServerError.QUERY_INTERRUPTED, "Query execution was "
                + "interrupted")))).isEqualTo(ERR);
        assertThat(tracker.done()).isTrue();
    }

    @Test
    void aRowStartingWithNullIsARow() {
        // 0xFB is NULL in a text row, not a LOCAL INFILE request
        GoldenPackets response = GoldenPackets.load("resultset-select-eof");
        ResponseTracker tracker = new ResponseTracker(ResponseShape.RESULT, CLASSIC);
        for (int i = 0; i < 4; i++) {
            tracker.next(response.get(i).frame());
        }

        assertThat(tracker.next(frame(5, "fb0178"))).isEqualTo(DATA);
        assertThat(tracker.done()).isFalse();
        assertThat(tracker.next(response.get(5).frame())).isEqualTo(EOF);
        assertThat(tracker.done()).isTrue();
    }

    @Test
    void aRowWhoseFirstValueIs16MiBLongIsNotTheEndUnderDeprecateEof() {
        // its length prefix is 0xFE, like the OK that ends the rows; only its size tells them apart
        GoldenPackets response = GoldenPackets.load("resultset-select-deprecate-eof");
        ResponseTracker tracker = new ResponseTracker(ResponseShape.RESULT, DEPRECATE_EOF);
        for (int i = 0; i < 3; i++) {
            tracker.next(response.get(i).frame());
        }
        int valueLength = MySQLFrame.MAX_FRAME_PAYLOAD;
        ByteBuf row = Unpooled.buffer(valueLength + 11);
        row.writeByte(0xFE).writeLongLE(valueLength).writeZero(valueLength).writeByte(1).writeByte('x');

        assertThat(tracker.next(new MySQLFrame(4, row))).isEqualTo(DATA);
        assertThat(tracker.done()).isFalse();
        assertThat(tracker.next(response.get(4).frame())).isEqualTo(END_OF_ROWS_OK);
        assertThat(tracker.done()).isTrue();
    }

    @Test
    void aColumnCountAbove250IsLengthEncoded() {
        GoldenPackets response = GoldenPackets.load("resultset-select-eof");
        GoldenPackets.Packet definition = response.get(1);
        ResponseTracker tracker = new ResponseTracker(ResponseShape.RESULT, CLASSIC);

        assertThat(tracker.next(frame(1, "fcfb00"))).isEqualTo(DATA);
        for (int column = 0; column < 251; column++) {
            assertThat(tracker.next(definition.frame())).isEqualTo(DATA);
        }
        assertThat(tracker.next(response.get(3).frame())).as("after exactly 251 definitions").isEqualTo(EOF);
        assertThat(tracker.next(response.get(5).frame())).isEqualTo(EOF);
        assertThat(tracker.done()).isTrue();
    }

    @Test
    void aCommandWithoutAResponseIsDoneAtOnce() {
        assertThat(new ResponseTracker(ResponseShape.NONE, CLASSIC).done()).isTrue();
    }

    @Test
    void aPacketAfterTheEndIsAnError() {
        ResponseTracker tracker = new ResponseTracker(ResponseShape.SINGLE, CLASSIC);
        tracker.next(GoldenPackets.load("ok-ping").single().frame());

        assertThatThrownBy(() -> tracker.next(GoldenPackets.load("ok-ping").single().frame()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void findsTheEndOfAResponseArrivingInSmallFragments() {
        // as a backend channel sees it: bytes cut anywhere, framed by the decoder, tracked frame by frame
        GoldenPackets response = GoldenPackets.load("resultset-multi-deprecate-eof");
        ByteBuf wire = response.wire();
        EmbeddedChannel channel = new EmbeddedChannel(new MySQLFrameDecoder(1 << 20));
        ResponseTracker tracker = new ResponseTracker(ResponseShape.RESULT, DEPRECATE_EOF);
        List<Packet> kinds = new ArrayList<>();
        List<Integer> sequenceIds = new ArrayList<>();

        while (wire.isReadable()) {
            channel.writeInbound(wire.readRetainedSlice(Math.min(3, wire.readableBytes())));
            MySQLFrame frame;
            while ((frame = channel.readInbound()) != null) {
                assertThat(tracker.done()).isFalse();
                sequenceIds.add(frame.sequenceId());
                kinds.add(tracker.next(frame));
                frame.release();
            }
        }
        wire.release();

        assertThat(kinds).containsExactly(DATA, DATA, DATA, END_OF_ROWS_OK, DATA, DATA, DATA, END_OF_ROWS_OK);
        assertThat(sequenceIds).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(tracker.done()).isTrue();
        assertThat(channel.finish()).isFalse();
    }

    private static MySQLFrame frame(int sequenceId, String hex) {
        return new MySQLFrame(sequenceId, Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex)));
    }

    private static MySQLFrame frame(int sequenceId, ErrPacket err) {
        return MySQLFrame.of(UnpooledByteBufAllocator.DEFAULT, sequenceId, err);
    }
}
