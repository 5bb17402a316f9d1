package io.tandem.app.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a {@code credentials.*} block and resolves its password at load time, from the file itself
 * ({@code password}), an environment variable ({@code passwordEnv}) or a file ({@code passwordFile}), so a
 * missing secret stops startup instead of the first failover.
 */
final class CredentialsReader {

    static final List<String> KEYS = List.of("user", "password", "passwordEnv", "passwordFile");
    private static final List<String> SOURCES = KEYS.subList(1, KEYS.size());

    private final Function<String, String> environment;
    private final Path directory;

    /** {@code directory} is the configuration file's folder, against which relative password files resolve. */
    CredentialsReader(Function<String, String> environment, Path directory) {
        this.environment = environment;
        this.directory = directory;
    }

    /** The account in {@code block}, or empty when the block is absent. */
    Optional<Credentials> read(ConfigReader block) {
        if (!block.mapping(KEYS).isPresent()) {
            return Optional.empty();
        }
        String user = block.get("user").requiredText("the MySQL account name");
        return Optional.of(new Credentials(user, password(block)));
    }

    private Secret password(ConfigReader block) {
        List<String> given = SOURCES.stream().filter(key -> block.get(key).isPresent()).toList();
        if (given.size() != 1) {
            throw block.error("needs exactly one of " + String.join(", ", SOURCES)
                    + (given.isEmpty() ? "" : "; found " + String.join(" and ", given)));
        }
        ConfigReader source = block.get(given.get(0));
        return Secret.of(switch (given.get(0)) {
            case "password" -> source.requiredText("the password");
            case "passwordEnv" -> fromEnvironment(source);
            default -> fromFile(source);
        });
    }

    private String fromEnvironment(ConfigReader source) {
        String variable = source.requiredText("the name of an environment variable holding the password");
        String value = environment.apply(variable);
        if (value == null || value.isEmpty()) {
            throw source.error("names environment variable " + variable + ", which is "
                    + (value == null ? "not set" : "empty"));
        }
        return value;
    }

    private String fromFile(ConfigReader source) {
        Path file = directory.resolve(source.requiredText("the path of a file holding the password"));
        String content;
        try {
            content = Files.readString(file);
        } catch (MalformedInputException e) {
            throw source.error("'" + file + "' cannot be read: it is not UTF-8 text");
        } catch (IOException e) {
            throw source.error("'" + file + "' cannot be read: " + ConfigFile.reason(e));
        }
        // editors and `echo secret > file` add a newline that is not part of the password
        String password = content.replaceFirst("[\\r\\n]+\\z", "");
        if (password.isEmpty()) {
            throw source.error("'" + file + "' is empty");
        }
        return password;
    }
}
