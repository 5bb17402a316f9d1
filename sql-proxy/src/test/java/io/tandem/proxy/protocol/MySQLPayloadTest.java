package io.tandem.proxy.protocol;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MySQLPayloadTest {

    private static MySQLPayload empty() {
        return new MySQLPayload(Unpooled.buffer());
    }

    private static MySQLPayload of(String hex) {
        return new MySQLPayload(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex)));
    }

    private static String hex(MySQLPayload payload) {
        return ByteBufUtil.hexDump(payload.buf());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "0, 00",
            "250, fa",
            "251, fcfb00",
            "65535, fcffff",
            "65536, fd000001",
            "16777215, fdffffff",
            "16777216, fe0000000100000000",
            "9223372036854775807, feffffffffffffff7f",
    })
    void lengthEncodedIntegersAtEachBoundary(long value, String wire) {
        MySQLPayload written = empty().writeIntLenenc(value);
        assertThat(hex(written)).isEqualTo(wire);

        MySQLPayload read = of(wire);
        assertThat(read.readIntLenenc()).isEqualTo(value);
        assertThat(read.readableBytes()).isZero();
    }

    @Test
    void anEightByteLengthAboveTheSignedRangeReadsAsItsUnsignedBits() {
        // the largest int<8> the protocol allows, 2^64-1, has no Java long: callers see it negative
        assertThat(of("feffffffffffffffff").readIntLenenc()).isEqualTo(-1L);
        assertThat(hex(empty().writeIntLenenc(-1L))).isEqualTo("feffffffffffffffff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fb", "ff"})
    void nullAndErrMarkersAreNotLengthEncodedIntegers(String prefix) {
        assertThatThrownBy(() -> of(prefix).readIntLenenc())
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("0x" + prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fc", "fcff", "fd", "fdffff", "fe", "fe00000001000000"})
    void aTruncatedLengthEncodedIntegerIsMalformed(String hex) {
        assertThatThrownBy(() -> of(hex).readIntLenenc()).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void lengthEncodedStringsRoundTripAcrossTheOneByteBoundary() {
        for (int length : new int[] {0, 1, 250, 251, 65535, 65536}) {
            byte[] value = new byte[length];
            Arrays.fill(value, (byte) 'q');
            MySQLPayload payload = empty().writeBytesLenenc(value);
            assertThat(payload.readBytesLenenc()).as("length %d", length).isEqualTo(value);
            assertThat(payload.readableBytes()).isZero();
        }
        MySQLPayload text = empty().writeStringLenenc("sä");
        assertThat(hex(text)).isEqualTo("0373c3a4");
        assertThat(text.readStringLenenc()).isEqualTo("sä");
    }

    @Test
    void aLengthEncodedStringLongerThanThePacketIsMalformed() {
        assertThatThrownBy(() -> of("05616263").readBytesLenenc())
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("5 bytes, only 3 left");
        assertThatThrownBy(() -> of("fc0001" + "61").readStringLenenc()).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> of("fe0000000001000000").readBytesLenenc())
                .as("2^32 bytes").isInstanceOf(MalformedPacketException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"feffffffffffffffff", "fe0000000000000080", "fe00000000ffffffff"})
    void aLengthEncodedStringWithALengthBeyondLongRangeIsMalformed(String length) {
        // lengths of 2^63 and more read as negative longs: they must not wrap to a small int and pass
        assertThatThrownBy(() -> of(length + "616263").readBytesLenenc())
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void nulTerminatedStringsStopAtTheirNulAndConsumeIt() {
        MySQLPayload payload = empty().writeStringNul("abc").writeStringNul("").writeStringNul("π");
        assertThat(hex(payload)).isEqualTo("61626300" + "00" + "cf8000");

        assertThat(payload.readStringNul()).isEqualTo("abc");
        assertThat(payload.readStringNul()).isEmpty();
        assertThat(payload.readStringNul()).isEqualTo("π");
        assertThat(payload.readableBytes()).isZero();
    }

    @Test
    void aStringWithoutItsNulIsMalformed() {
        MySQLPayload payload = of("616263");
        assertThatThrownBy(payload::readStringNul)
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("NUL");
        assertThat(payload.readableBytes()).as("nothing consumed").isEqualTo(3);
        assertThatThrownBy(() -> empty().readBytesNul()).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void fixedLengthIntegersAreLittleEndianAndUnsigned() {
        MySQLPayload payload = empty().writeInt1(0xFE).writeInt2(0xFFFE).writeInt3(0xABCDEF).writeInt4(0xFFFFFFFFL)
                .writeInt8(0x0102030405060708L);
        assertThat(hex(payload)).isEqualTo("fe" + "feff" + "efcdab" + "ffffffff" + "0807060504030201");

        assertThat(payload.readInt1()).isEqualTo(0xFE);
        assertThat(payload.readInt2()).isEqualTo(0xFFFE);
        assertThat(payload.readInt3()).isEqualTo(0xABCDEF);
        assertThat(payload.readInt4()).isEqualTo(0xFFFFFFFFL);
        assertThat(payload.readInt8()).isEqualTo(0x0102030405060708L);
    }

    @Test
    void everyReadPastTheEndIsMalformedNeverAnIndexError() {
        assertThatThrownBy(() -> empty().readInt1()).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> of("01").readInt2()).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> of("0102").readInt3()).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> of("010203").readInt4()).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> of("01020304050607").readInt8()).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> of("0102").readBytes(3))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessage("packet too short: needs 3 more bytes, has 2");
        assertThatThrownBy(() -> of("0102").readStringFixed(5)).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> of("0102").skip(3)).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> of("0102").readBytes(-1)).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void theRestOfThePacketIsAStringToItsEnd() {
        MySQLPayload payload = of("0168690a");
        payload.readInt1();
        assertThat(payload.readStringEof(StandardCharsets.UTF_8)).isEqualTo("hi\n");
        assertThat(payload.readBytesEof()).isEmpty();
    }

    @Test
    void writeZeroPadsWithNulBytes() {
        assertThat(hex(empty().writeInt1(1).writeZero(3).writeStringEof("z"))).isEqualTo("010000007a");
    }
}
