package io.tandem.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {

    @TempDir
    Path tmp;

    @Test
    void keepsTheLastLines() throws IOException {
        Path log = Files.writeString(tmp.resolve("error.log"), "one\ntwo\nthree\nfour\n");

        assertThat(LogTail.of(log, 2)).isEqualTo("three\nfour");
    }

    @Test
    void returnsEverythingWhenTheFileIsShorter() throws IOException {
        Path log = Files.writeString(tmp.resolve("error.log"), "one\r\ntwo");

        assertThat(LogTail.of(log, 20)).isEqualTo("one\ntwo");
        assertThat(LogTail.of(Files.writeString(tmp.resolve("empty.log"), ""), 20)).isEmpty();
    }

    @Test
    void readsALogCutInsideAMultiByteCharacter() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("[ERROR] table `café`\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {'c', 'r', 'a', 's', 'h', ' ', (byte) 0xE2, (byte) 0x82});
        Path log = Files.write(tmp.resolve("error.log"), bytes.toByteArray());

        assertThat(LogTail.of(log, 5)).isEqualTo("[ERROR] table `café`\ncrash \uFFFD");
    }

    @Test
    void prefersTheErrorLinesToTheTail() throws IOException {
        Path log = Files.writeString(tmp.resolve("init.out"), """
                Installing system tables
                2026-01-02 03:04:05 0 [ERROR] InnoDB: Cannot open datafile
                mysqld: error: unknown variable 'foo'
                You can start the server with ...
                See the manual ...
                """);

        assertThat(LogTail.errorsOrTail(log, 20)).isEqualTo("""
                2026-01-02 03:04:05 0 [ERROR] InnoDB: Cannot open datafile
                mysqld: error: unknown variable 'foo'""");
        assertThat(LogTail.errorsOrTail(log, 1)).isEqualTo("2026-01-02 03:04:05 0 [ERROR] InnoDB: Cannot open datafile");
    }

    @Test
    void fallsBackToTheTailWithoutErrorLines() throws IOException {
        Path log = Files.writeString(tmp.resolve("init.out"), "one\nerrors were fine\nthree\n");

        assertThat(LogTail.errorsOrTail(log, 2)).isEqualTo("errors were fine\nthree");
    }

    @Test
    void describesAnUnreadableFileInsteadOfFailing() throws IOException {
        Path missing = tmp.resolve("server-1/error.log");
        Path folder = Files.createDirectory(tmp.resolve("a-folder"));

        assertThat(LogTail.of(missing, 20)).startsWith("(cannot read " + missing + ": ").endsWith(")");
        assertThat(LogTail.of(folder, 20)).startsWith("(cannot read " + folder + ": ").contains("directory");
        assertThat(LogTail.errorsOrTail(missing, 20)).startsWith("(cannot read " + missing + ": ");
    }
}
