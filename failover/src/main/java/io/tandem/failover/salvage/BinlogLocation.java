package io.tandem.failover.salvage;

import io.tandem.topology.instance.InstanceKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a MySQL server keeps its binary logs ({@code @@log_bin_index}) and data ({@code @@datadir}), learned while it
 * was alive, so that after it dies its files can be read when this process can see them (the same host, or a shared
 * mount). The server's {@code auto.cnf} must name the same {@code server_uuid}: another server's files under the same
 * path on this host are never read as the dead primary's.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/binary-log.html">The binary log</a>
 */
record BinlogLocation(InstanceKey key, String serverUuid, Path index, Path dataDir) {

    /** The server's binary log files, oldest first, when this process can read them and they are that server's. */
    List<Path> files() throws IOException {
        Path autoCnf = dataDir.resolve("auto.cnf");
        if (!Files.isReadable(index)) {
            throw new IOException("the binlog index " + index + " of " + key + " is not readable from this host");
        }
        if (!Files.isReadable(autoCnf)) {
            throw new IOException(autoCnf + " is not readable from this host: cannot tell whether " + index
                    + " belongs to " + key);
        }
        Optional<String> uuid = Files.readAllLines(autoCnf, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> l.startsWith("server-uuid=")).map(l -> l.substring(12).strip())
                .findFirst();
        if (uuid.isEmpty() || !uuid.get().equalsIgnoreCase(serverUuid)) {
            throw new IOException(autoCnf + " names server " + uuid.orElse("(none)") + ", not " + key + "'s "
                    + serverUuid + ": these files are another server's");
        }
        List<Path> files = new ArrayList<>();
        for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                Path file = Path.of(line.strip());
                // the index names files relative to the data directory ("./binlog.000003") unless log_bin is absolute
                files.add(file.isAbsolute() ? file : dataDir.resolve(file).normalize());
            }
        }
        if (files.isEmpty()) {
            throw new IOException("the binlog index " + index + " of " + key + " lists no files");
        }
        return files;
    }
}
