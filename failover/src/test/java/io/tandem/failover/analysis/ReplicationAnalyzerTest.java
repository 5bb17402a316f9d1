package io.tandem.failover.analysis;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs every scenario fixture under {@code scenarios/} through the analyzer and the candidate selector. */
class ReplicationAnalyzerTest {

    static Stream<Path> scenarios() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(ReplicationAnalyzerTest.class.getResource("/scenarios")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    static Stream<Named<Path>> fixtures() throws IOException, URISyntaxException {
        return scenarios().map(p -> Named.of(p.getFileName().toString(), p));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("fixtures")
    void reportsWhatTheScenarioExpects(Path file) throws IOException {
        Scenario scenario = Scenario.read(file);
        ClusterSnapshot snapshot = scenario.snapshot();

        List<Analysis> analyses = new ReplicationAnalyzer(AnalysisSettings.DEFAULTS, scenario.promotionRules())
                .analyze(snapshot);

        assertThat(analyses).extracting(a -> a.code() + " " + a.subject())
                .as("%s: %s", file.getFileName(), analyses).containsExactlyElementsOf(scenario.expect());
        for (Map.Entry<String, String> detail : Objects.requireNonNullElse(scenario.details(),
                Map.<String, String>of()).entrySet()) {
            assertThat(analyses).filteredOn(a -> (a.code() + " " + a.subject()).equals(detail.getKey()))
                    .singleElement().extracting(Analysis::details).asString().contains(detail.getValue());
        }
        if (scenario.candidate() != null) {
            assertCandidate(scenario, new CandidateSelector(AnalysisSettings.DEFAULTS, scenario.promotionRules())
                    .choose(snapshot));
        }
    }

    private static void assertCandidate(Scenario scenario, CandidateChoice choice) {
        if (scenario.candidate().equals("none")) {
            assertThat(choice).isInstanceOf(CandidateChoice.Refusal.class);
        } else {
            assertThat(choice).isInstanceOfSatisfying(CandidateChoice.Promote.class,
                    p -> assertThat(p.candidate()).hasToString(scenario.candidate()));
        }
        for (Map.Entry<String, String> exclusion : Objects.requireNonNullElse(scenario.excluded(),
                Map.<String, String>of()).entrySet()) {
            assertThat(choice.excluded()).filteredOn(e -> e.replica().toString().equals(exclusion.getKey()))
                    .singleElement().asString().contains(exclusion.getValue());
        }
    }

    @Test
    void everyCodeHasExactlyOneRowInTheTable() {
        assertThat(ReplicationAnalyzer.PROBLEMS).extracting(Problem::code)
                .containsExactlyInAnyOrder(AnalysisCode.values());
    }

    @Test
    void theTableIsListedMostUrgentFirst() {
        assertThat(ReplicationAnalyzer.PROBLEMS).extracting(Problem::priority).isSorted();
    }

    @Test
    void everyCodeIsCoveredByAScenario() throws IOException, URISyntaxException {
        List<String> expected = scenarios().flatMap(file -> {
            try {
                return Scenario.read(file).expect().stream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).map(e -> e.substring(0, e.indexOf(' '))).toList();

        assertThat(expected).containsAll(Arrays.stream(AnalysisCode.values()).map(Enum::name).toList());
    }
}
