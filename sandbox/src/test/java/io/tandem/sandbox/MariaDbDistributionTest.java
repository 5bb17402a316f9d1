package io.tandem.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MariaDbDistributionTest {

    @Test
    void findsAProgramOnThePath() {
        Path sh = MariaDbDistribution.find("sh").orElseThrow();

        assertThat(sh.getFileName()).hasToString("sh");
        assertThat(Files.isExecutable(sh)).isTrue();
        assertThat(System.getenv("PATH").split(":")).contains(sh.getParent().toString());
    }

    @Test
    void findsNothingForAProgramThatIsNotInstalled() {
        assertThat(MariaDbDistribution.find("tandem-no-such-program")).isEmpty();
    }
}
