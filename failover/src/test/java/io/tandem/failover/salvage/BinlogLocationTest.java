package io.tandem.failover.salvage;

import io.tandem.topology.instance.InstanceKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinlogLocationTest {

    private static final InstanceKey DB1 = InstanceKey.parse("db1:3306");
    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    @TempDir
    Path data;

    private BinlogLocation location(String uuid) {
        return new BinlogLocation(DB1, uuid, data.resolve("binlog.index"), data);
    }

    @Test
    void listsTheIndexsFilesRelativeToTheDataDirectoryOrAbsolute() throws IOException {
        Files.writeString(data.resolve("auto.cnf"), "[auto]\nserver-uuid=" + UUID + "\n");
        Files.writeString(data.resolve("binlog.index"), "./binlog.000001\n./binlog.000002\n/logs/binlog.000003\n\n");

        assertThat(location(UUID).files()).containsExactly(data.resolve("binlog.000001"),
                data.resolve("binlog.000002"), Path.of("/logs/binlog.000003"));
    }

    @Test
    void anotherServersFilesUnderTheSamePathAreNeverRead() throws IOException {
        Files.writeString(data.resolve("auto.cnf"), "[auto]\nserver-uuid=aaaaaaaa-71ca-11e1-9e33-c80aa9429562\n");
        Files.writeString(data.resolve("binlog.index"), "./binlog.000001\n");

        assertThatThrownBy(() -> location(UUID).files()).isInstanceOf(IOException.class)
                .hasMessageContaining("not db1:3306's " + UUID).hasMessageContaining("another server's");
    }

    @Test
    void filesOutOfReachAreNamed() {
        assertThatThrownBy(() -> location(UUID).files()).isInstanceOf(IOException.class)
                .hasMessageContaining("binlog index " + data.resolve("binlog.index") + " of db1:3306 is not"
                        + " readable from this host");
    }
}
