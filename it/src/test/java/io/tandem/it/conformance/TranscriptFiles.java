package io.tandem.it.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Each case's two transcripts as compared (decoded and masked), one file per pass, e.g.
 * {@code target/conformance-mysql-transcripts/xa-transactions[modern].direct.txt}: what a script really did, for its
 * author, and the context of a difference beyond the packets the report shows. A later round overwrites an
 * earlier one's.
 */
final class TranscriptFiles {

    private final Path folder;

    /** The transcripts of the run whose report is {@code report}, in a folder beside it. */
    TranscriptFiles(Path report) {
        this.folder = report.resolveSibling(report.getFileName().toString().replaceFirst("\\.md$", "")
                + "-transcripts");
    }

    void write(String caseName, String pass, Transport transport, List<NormalisedExchange> exchanges) {
        StringBuilder text = new StringBuilder("# ").append(caseName).append(' ').append(pass).append(", ")
                .append(transport.describe()).append('\n');
        for (NormalisedExchange exchange : exchanges) {
            text.append('\n').append(exchange.label()).append('\n');
            exchange.packets().forEach(p -> text.append("  ").append(p).append('\n'));
        }
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(caseName + "." + pass + ".txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the transcript of " + caseName, e);
        }
    }
}
