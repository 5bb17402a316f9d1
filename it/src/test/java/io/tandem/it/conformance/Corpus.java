package io.tandem.it.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The conformance scripts: every {@code *.test} file under {@code conformance/} on the test class path, by name,
 * the isolated ones last.
 */
final class Corpus {

    static final String FOLDER = "conformance";

    private Corpus() {
    }

    static List<Script> load() {
        Path folder = folder();
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".test")).sorted().map(Corpus::parse)
                    .sorted(Comparator.comparing((Script s) -> s.options().isolated())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** The folder of the corpus, where the known-differences files live too. */
    static Path folder() {
        URL url = Corpus.class.getClassLoader().getResource(FOLDER);
        if (url == null) {
            throw new IllegalStateException("no " + FOLDER + " folder on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("not a file URL: " + url, e);
        }
    }

    private static Script parse(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.test$", "");
        try {
            return ScriptParser.parse(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
