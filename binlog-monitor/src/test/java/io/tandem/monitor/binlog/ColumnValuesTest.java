package io.tandem.monitor.binlog;

import io.tandem.monitor.salvage.RowChange;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnValuesTest {

    @Test
    void decodesDebeziumTemporalEncodings() {
        assertThat(ColumnValues.decode("io.debezium.time.Date", 20_455)).isEqualTo(LocalDate.of(2026, 1, 2));
        assertThat(ColumnValues.decode("io.debezium.time.Timestamp", 1_767_323_045_123L))
                .isEqualTo(LocalDateTime.parse("2026-01-02T03:04:05.123"));
        assertThat(ColumnValues.decode("io.debezium.time.MicroTimestamp", 1_767_323_045_123_456L))
                .isEqualTo(LocalDateTime.parse("2026-01-02T03:04:05.123456"));
        assertThat(ColumnValues.decode("io.debezium.time.MicroTimestamp", -1L))
                .isEqualTo(LocalDateTime.parse("1969-12-31T23:59:59.999999"));
        assertThat(ColumnValues.decode("io.debezium.time.ZonedTimestamp", "2026-01-02T03:04:05.5Z"))
                .isEqualTo(OffsetDateTime.parse("2026-01-02T03:04:05.5Z"));
    }

    @Test
    void writesTimeAsTextBecauseMySqlTimeMayBeNegativeOrPastADay() {
        assertThat(ColumnValues.decode("io.debezium.time.MicroTime", 3_723_000_001L)).isEqualTo("01:02:03.000001");
        assertThat(ColumnValues.decode("io.debezium.time.MicroTime", -(838L * 3_600_000_000L)))
                .isEqualTo("-838:00:00.000000");
        assertThat(ColumnValues.decode("io.debezium.time.Time", 1_000)).isEqualTo("00:00:01.000000");
    }

    @Test
    void keepsOtherValuesAndMarksBitsUnreplayable() {
        assertThat(ColumnValues.decode(null, 5L)).isEqualTo(5L);
        assertThat(ColumnValues.decode("io.debezium.data.Json", "{}")).isEqualTo("{}");
        assertThat(ColumnValues.decode("io.debezium.data.Bits", new byte[] {1}))
                .isEqualTo(new RowChange.Unreplayable("io.debezium.data.Bits"));
    }
}
