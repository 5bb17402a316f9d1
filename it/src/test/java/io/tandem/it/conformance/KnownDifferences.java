package io.tandem.it.conformance;

import io.tandem.topology.flavor.Flavor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cases known to differ through the proxy today, one per line as {@code case-name | cause}, in
 * {@code conformance/known-differences-<flavor>.txt}. The list is held to the truth both ways: a case that differs
 * and is not listed is a regression, and a listed case that no longer differs must leave the list. A cause that
 * starts with {@code flaky:} marks a case that differs in some runs only (which pooled backend connection serves
 * a statement decides it): it may come out identical without failing the run. A cause that starts with
 * {@code skipped:} marks a case that cannot be compared on this flavor (the server does not offer what its profile
 * needs): it must be skipped, and a skipped case must be listed so, so that nothing is left out silently.
 */
final class KnownDifferences {

    private final String file;
    private final Map<String, String> causes;

    private KnownDifferences(String file, Map<String, String> causes) {
        this.file = file;
        this.causes = causes;
    }

    static String fileName(Flavor flavor) {
        return "known-differences-" + flavor.name().toLowerCase(Locale.ROOT) + ".txt";
    }

    static KnownDifferences load(Flavor flavor) {
        Path path = Corpus.folder().resolve(fileName(flavor));
        Map<String, String> causes = new LinkedHashMap<>();
        try {
            for (String line : Files.exists(path) ? Files.readAllLines(path, StandardCharsets.UTF_8)
                    : List.<String>of()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf('|');
                if (bar < 0 || line.substring(bar + 1).isBlank()) {
                    throw new IllegalStateException(fileName(flavor) + ": every entry is `case | cause`: " + line);
                }
                causes.put(line.substring(0, bar).strip(), line.substring(bar + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        return new KnownDifferences(fileName(flavor), causes);
    }

    static final String FLAKY = "flaky:";
    static final String SKIPPED = "skipped:";

    /** The cause written down for {@code caseName}, or {@code null} when it is not listed. */
    String cause(String caseName) {
        return causes.get(caseName);
    }

    /** A skipped case must be listed as skipped, and a case listed as skipped must be skipped. */
    private Optional<String> skipProblem(CaseResult result, boolean skippedEntry) {
        if (result.skipped().isPresent() && !skippedEntry) {
            return Optional.of(result.name() + " was skipped (" + result.skipped().get() + ") and is not"
                    + " listed in " + file + " with '" + SKIPPED + "' and the reason");
        }
        if (result.skipped().isEmpty() && skippedEntry) {
            return Optional.of(result.name() + " is listed as skipped in " + file + " but ran ("
                    + (result.identical() ? "identical" : "different") + "): remove or change the entry");
        }
        return Optional.empty();
    }

    /** What is wrong with the results against this list; empty when the list tells the truth. */
    List<String> problems(List<CaseResult> results) {
        List<String> problems = new ArrayList<>();
        Set<String> ran = results.stream().map(CaseResult::name).collect(Collectors.toSet());
        for (CaseResult result : results) {
            String cause = causes.get(result.name());
            boolean flakyEntry = cause != null && cause.startsWith(FLAKY);
            boolean skippedEntry = cause != null && cause.startsWith(SKIPPED);
            if (result.skipped().isPresent() || skippedEntry) {
                skipProblem(result, skippedEntry).ifPresent(problems::add);
            } else if (!result.identical() && cause == null) {
                problems.add(result.name() + " differs through the proxy (" + result.differingRounds() + " of "
                        + result.rounds() + " rounds) and is not in " + file + ": " + ConformanceReport.summary(result));
            } else if (result.identical() && cause != null && !flakyEntry) {
                problems.add(result.name() + " is now identical through the proxy: remove it from " + file);
            } else if (result.flaky() && cause != null && !flakyEntry) {
                problems.add(result.name() + " differs in " + result.differingRounds() + " of " + result.rounds()
                        + " rounds only: mark its cause in " + file + " with '" + FLAKY + "' or find what varies");
            }
        }
        causes.keySet().stream().filter(name -> !ran.contains(name)).forEach(name -> problems.add(
                name + " is listed in " + file + " but no case of that name ran: remove or rename the entry"));
        return problems;
    }
}
