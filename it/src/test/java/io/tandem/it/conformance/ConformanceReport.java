package io.tandem.it.conformance;

import io.tandem.topology.flavor.Flavor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Markdown report of one flavor's run ({@code it/target/conformance-<flavor>.md}): the figure, the masks and
 * how often each was needed, one line per case, and for each differing case its first differing packet decoded
 * on both sides.
 */
final class ConformanceReport {

    private ConformanceReport() {
    }

    /** Where a case stands, in one line. */
    static String summary(CaseResult result) {
        if (result.skipped().isPresent()) {
            return "skipped: " + result.skipped().get();
        }
        if (result.failure().isPresent()) {
            return "could not run: " + result.failure().get();
        }
        return result.difference().map(d -> "first difference in `" + d.exchange() + "` packet " + d.index()
                + ": direct " + d.direct() + " / proxied " + d.proxied()).orElse("identical");
    }

    static void write(Path path, Flavor flavor, List<CaseResult> results, KnownDifferences known,
                      List<String> problems) throws IOException {
        StringBuilder md = new StringBuilder();
        long identical = results.stream().filter(CaseResult::identical).count();
        long flaky = results.stream().filter(CaseResult::flaky).count();
        long skipped = results.stream().filter(r -> r.skipped().isPresent()).count();
        int rounds = results.isEmpty() ? 0 : results.get(0).rounds();
        md.append("# Conformance: ").append(flavor).append(" directly and through the Tandem proxy\n\n")
                .append("**").append(identical).append(" identical / ").append(results.size() - skipped)
                .append(" run**").append(" (").append(rounds).append(rounds == 1 ? " round" : " rounds")
                .append("; identical means in every round; ").append(flaky).append(" differ in some rounds only; ")
                .append(skipped).append(" skipped, not counted as run)\n\n");
        masks(md, results);
        md.append("## Cases\n\n| case | result | transport (direct / proxied) | masks | known cause |\n"
                + "|---|---|---|---|---|\n");
        for (CaseResult r : results) {
            md.append("| `").append(r.name()).append("` | ")
                    .append(outcome(r))
                    .append(" | ").append(r.transports().stream().map(ConformanceReport::transport)
                            .collect(Collectors.joining(" / ")))
                    .append(" | ").append(r.masks().keySet().stream().map(MaskRule::ruleName).sorted()
                            .collect(Collectors.joining(", ")))
                    .append(" | ").append(known.cause(r.name()) == null ? "" : cell(known.cause(r.name())))
                    .append(" |\n");
        }
        transports(md, results);
        md.append("\n## Differences\n");
        results.stream().filter(r -> !r.identical()).forEach(r -> details(md, r));
        md.append("\n## Verdict\n\n");
        if (problems.isEmpty()) {
            md.append("The known-differences list matches this run.\n");
        } else {
            problems.forEach(p -> md.append("- ").append(cell(p)).append('\n'));
        }
        Files.createDirectories(path.getParent());
        Files.writeString(path, md.toString(), StandardCharsets.UTF_8);
    }

    private static String outcome(CaseResult r) {
        String rounds = r.rounds() > 1 ? " (" + r.differingRounds() + "/" + r.rounds() + " rounds)" : "";
        if (r.skipped().isPresent()) {
            return "**skipped**: " + cell(r.skipped().get());
        }
        if (r.identical()) {
            return "identical";
        }
        return (r.failure().isPresent() ? "**could not run**" : r.flaky() ? "**flaky**" : "**different**") + rounds;
    }

    /** In the table: TLS protocol, {@code compressed}, or {@code plain}; the frames are in the section below. */
    private static String transport(Transport t) {
        return t.tls() && t.compressed() ? t.tlsProtocol() + "+compressed"
                : t.tls() ? t.tlsProtocol() : t.compressed() ? "compressed" : "plain";
    }

    /** Every case that asked for TLS or compression, with what each pass really ran over. */
    private static void transports(StringBuilder md, List<CaseResult> results) {
        md.append("\n## Transports\n\nCases where a pass ran over TLS or compression, and what each pass ran"
                + " over (a pass without TLS or compression is `plain`).\n\n");
        results.stream().filter(r -> r.transports().stream().anyMatch(t -> t.tls() || t.compressed()))
                .forEach(r -> md.append("- `").append(r.name()).append("`: ").append(r.transports().stream()
                        .map(Transport::describe).collect(Collectors.joining(" / "))).append('\n'));
    }

    private static void masks(StringBuilder md, List<CaseResult> results) {
        md.append("## Masks\n\n| rule | hides | packets masked |\n|---|---|---|\n");
        for (MaskRule rule : MaskRule.values()) {
            int total = results.stream().map(CaseResult::masks).mapToInt(m -> m.getOrDefault(rule, 0)).sum();
            md.append("| `").append(rule.ruleName()).append("` | ").append(cell(rule.description())).append(" | ")
                    .append(total).append(" |\n");
        }
        md.append('\n');
    }

    private static void details(StringBuilder md, CaseResult r) {
        md.append("\n### `").append(r.name()).append("`\n\n");
        if (r.skipped().isPresent()) {
            md.append("Skipped: ").append(r.skipped().get()).append('\n');
            return;
        }
        if (r.failure().isPresent()) {
            md.append("Could not run: `").append(r.failure().get()).append("`\n");
            return;
        }
        Difference d = r.difference().orElseThrow();
        md.append("First difference in exchange `").append(d.exchange()).append("`, packet ").append(d.index())
                .append(".\n\n```\n");
        d.before().forEach(p -> md.append("  both:    ").append(p).append('\n'));
        md.append("- direct:  ").append(d.direct() == null ? "(nothing)" : d.direct()).append('\n')
                .append("+ proxied: ").append(d.proxied() == null ? "(nothing)" : d.proxied()).append('\n')
                .append("```\n");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
