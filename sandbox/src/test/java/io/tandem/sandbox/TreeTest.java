package io.tandem.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class TreeTest {

    @TempDir
    Path tmp;

    @Test
    void copiesATreeLeavingOutTopLevelIdentityFilesOnly() throws IOException {
        Path source = tmp.resolve("template");
        write(source.resolve("auto.cnf"), "[auto]\nserver-uuid=1\n");
        write(source.resolve("ibdata1"), "data");
        write(source.resolve("mysql/user.ibd"), "users");
        write(source.resolve("mysql/auto.cnf"), "nested, not an identity file");
        Files.createDirectories(source.resolve("empty"));
        Path target = tmp.resolve("server-1/data");

        Tree.copy(source, target, Set.of("auto.cnf"));

        assertThat(target.resolve("auto.cnf")).doesNotExist();
        assertThat(target.resolve("ibdata1")).hasContent("data");
        assertThat(target.resolve("mysql/user.ibd")).hasContent("users");
        assertThat(target.resolve("mysql/auto.cnf")).hasContent("nested, not an identity file");
        assertThat(target.resolve("empty")).isEmptyDirectory();
        assertThat(source.resolve("auto.cnf")).exists();
    }

    @Test
    void copyKeepsModificationTimesAndPermissions() throws IOException {
        Path source = tmp.resolve("template");
        Path file = write(source.resolve("mysqld-helper"), "#!/bin/sh\n");
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, old);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        Path target = tmp.resolve("copy");

        Tree.copy(source, target, Set.of());

        assertThat(Files.getLastModifiedTime(target.resolve("mysqld-helper"))).isEqualTo(old);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("mysqld-helper"))))
                .isEqualTo("rwxr-x---");
    }

    @Test
    void copyCopiesSymbolicLinksAsLinks() throws IOException {
        Path source = tmp.resolve("template");
        write(source.resolve("real"), "content");
        Files.createSymbolicLink(source.resolve("link"), Path.of("real"));
        Path target = tmp.resolve("copy");

        Tree.copy(source, target, Set.of());

        assertThat(Files.isSymbolicLink(target.resolve("link"))).isTrue();
        assertThat(Files.readSymbolicLink(target.resolve("link"))).isEqualTo(Path.of("real"));
    }

    @Test
    void deletesATree() throws IOException {
        Path root = tmp.resolve("sandbox");
        write(root.resolve("server-1/data/ibdata1"), "data");
        write(root.resolve("sandbox.pid"), "1");
        Files.createDirectories(root.resolve("zookeeper/version-2"));

        Tree.delete(root);

        assertThat(root).doesNotExist();
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void deletingAMissingTreeDoesNothing() {
        assertThatCode(() -> Tree.delete(tmp.resolve("never-made"))).doesNotThrowAnyException();
    }

    @Test
    void deleteRemovesLinksButNotWhatTheyPointTo() throws IOException {
        Path outside = tmp.resolve("outside");
        write(outside.resolve("precious"), "keep me");
        Path root = tmp.resolve("sandbox");
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("to-outside"), outside);
        Path linkedRoot = tmp.resolve("linked-sandbox");
        Files.createSymbolicLink(linkedRoot, outside);

        Tree.delete(root);
        Tree.delete(linkedRoot);

        assertThat(root).doesNotExist();
        assertThat(Files.exists(linkedRoot, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(outside.resolve("precious")).hasContent("keep me");
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
