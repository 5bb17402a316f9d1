package io.tandem.proxy.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.packet.OkPacket;
import io.tandem.proxy.relay.ResponseShape;
import io.tandem.proxy.relay.ResponseTracker;
import io.tandem.proxy.routing.Classification;
import io.tandem.proxy.routing.StatementClassifier;
import io.tandem.proxy.session.SessionChanges;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's per-statement Java work for sysbench's point select, without sockets: a COM_QUERY decoded from wire
 * bytes and classified, the five packets of its result set followed by the response tracker and encoded for the
 * client, and an OK with session-state changes parsed. Not a unit test: run {@link #main} from the test classpath
 * (docs/BENCHMARKS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    private static final String POINT_SELECT = "SELECT c FROM sbtest1 WHERE id=4711";
    /** Column count, column definition, EOF, one row, EOF: the response without CLIENT_DEPRECATE_EOF. */
    private static final String[] RESULT_SET = {
        "01",
        "03646566067362746573740773627465737431077362746573743101630163" + "0c2d00f0000000fe8140000000",
        "fe00000200",
        // one CHAR(120) value of digits and dashes, length-encoded, as sbtest's c column holds
        "77" + "3132333435363738392d".repeat(11) + "313233343536373839",
        "fe00000200",
    };
    /** OK for {@code SET sql_mode = ''} with SESSION_TRACK: one system variable and the state-change flag. */
    private static final String OK_WITH_STATE = "0000000240000000" + "0f" + "000a0873716c5f6d6f646500" + "020131";

    private final StatementClassifier classifier = new StatementClassifier();
    private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private EmbeddedChannel inbound;
    private EmbeddedChannel outbound;
    private ByteBuf query;
    private ByteBuf[] resultSet;
    private byte[] okWithState;

    @Setup
    public void setUp() {
        inbound = new EmbeddedChannel(new MySQLFrameDecoder(64 * 1024 * 1024));
        outbound = new EmbeddedChannel(new MySQLFrameEncoder());
        byte[] sql = POINT_SELECT.getBytes(StandardCharsets.UTF_8);
        query = alloc.directBuffer().writeMediumLE(sql.length + 1).writeByte(0).writeByte(0x03).writeBytes(sql);
        resultSet = new ByteBuf[RESULT_SET.length];
        for (int i = 0; i < RESULT_SET.length; i++) {
            resultSet[i] = alloc.directBuffer().writeBytes(ByteBufUtil.decodeHexDump(RESULT_SET[i]));
        }
        okWithState = ByteBufUtil.decodeHexDump(OK_WITH_STATE);
    }

    @TearDown
    public void tearDown() {
        query.release();
        for (ByteBuf packet : resultSet) {
            packet.release();
        }
        inbound.finishAndReleaseAll();
        outbound.finishAndReleaseAll();
    }

    /** Frame decoding of one COM_QUERY read, then the statement text decoded and classified. */
    @Benchmark
    public Classification decodeAndClassify() {
        inbound.writeInbound(query.retainedDuplicate());
        MySQLFrame frame = inbound.readInbound();
        try {
            String sql = frame.content().toString(frame.content().readerIndex() + 1, frame.length() - 1,
                    StandardCharsets.UTF_8);
            return classifier.classify(sql);
        } finally {
            frame.release();
        }
    }

    /** A point select's result set through the response tracker and the frame encoder. */
    @Benchmark
    public void relayResultSet(Blackhole blackhole) {
        ResponseTracker tracker = new ResponseTracker(ResponseShape.RESULT, Capabilities.PROXY_SERVER
                & ~Capabilities.DEPRECATE_EOF);
        for (int i = 0; i < resultSet.length; i++) {
            MySQLFrame frame = new MySQLFrame(i + 1, resultSet[i].retainedDuplicate());
            blackhole.consume(tracker.next(frame));
            outbound.write(frame, outbound.voidPromise());
        }
        outbound.flush();
        for (Object sent; (sent = outbound.readOutbound()) != null; ) {
            ((ByteBuf) sent).release();
        }
        blackhole.consume(tracker.done());
    }

    /** An OK carrying a session-state change, read and its change block parsed, as after {@code SET}. */
    @Benchmark
    public SessionChanges parseOkWithState() {
        OkPacket ok = OkPacket.read(new MySQLPayload(io.netty.buffer.Unpooled.wrappedBuffer(okWithState)),
                Capabilities.SESSION_TRACK);
        return SessionChanges.parse(ok.sessionState());
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                .include(CodecBenchmark.class.getSimpleName())
                .addProfiler(GCProfiler.class)
                .build()).run();
    }
}
