package io.tandem.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SharedLibrariesTest {

    private static final Path TRUE = Path.of("/bin/true");
    private static final byte[] LIBC = "libc.so.6\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MISSING = "libq.so.6\0".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    @Test
    void acceptsABinaryWhoseLibrariesAreAllInstalled() {
        assumeTrue(MariaDbDistribution.find("ldd").isPresent(), "ldd is not installed");

        assertThatCode(() -> SharedLibraries.check(Path.of("/bin/ls"))).doesNotThrowAnyException();
    }

    @Test
    void toleratesWhatLddCannotInspect() throws IOException {
        Path script = Files.writeString(tmp.resolve("mysqld"), "#!/bin/sh\nexit 0\n");

        // ldd fails on a script and is not there at all on some systems: neither is a missing library
        assertThatCode(() -> SharedLibraries.check(script)).doesNotThrowAnyException();
        assertThatCode(() -> SharedLibraries.check(tmp.resolve("no-such-binary"))).doesNotThrowAnyException();
    }

    @Test
    void namesAMissingLibraryAndHowToInstallIt() throws IOException {
        assumeTrue(MariaDbDistribution.find("ldd").isPresent(), "ldd is not installed");
        assumeTrue(Files.isRegularFile(TRUE), "no /bin/true");
        byte[] elf = Files.readAllBytes(TRUE);
        int at = indexOf(elf, LIBC);
        assumeTrue(at >= 0 && indexOf(Arrays.copyOfRange(elf, at + 1, elf.length), LIBC) < 0,
                "/bin/true does not name libc.so.6 exactly once");
        // the same binary asking for a library of the same name length that no system has
        System.arraycopy(MISSING, 0, elf, at, MISSING.length);
        Path binary = Files.write(tmp.resolve("mysqld"), elf);

        assertThatThrownBy(() -> SharedLibraries.check(binary))
                .isInstanceOf(SandboxException.class)
                .hasMessage("mysqld needs [libq.so.6], which is not installed: run apt-get install"
                        + " <the package that provides libq.so.6>");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
