package dev.roster.server.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option takes its value when the command line does not give it: the environment variable
 * ({@code --db-pool-size} reads {@code ROSTER_DB_POOL_SIZE}), then the config file ({@code --config FILE} or
 * {@code ROSTER_CONFIG}: a properties file whose keys are the long names without dashes, {@code db-pool-size=20}),
 * then the option's own default. Picocli asks this provider for every option the command line leaves unset, so
 * the precedence flag &gt; environment &gt; file &gt; default needs no code of its own. Only the options of
 * {@link StoreOptions} (the server's settings, shared by every command that opens the database) are read this
 * way: a variable named like a command's own option ({@code ROSTER_NAME}) must not change what it does. A key in
 * the file that is not one of them is an error that names the nearest valid key, since a misspelt setting
 * would otherwise be ignored in silence.
 */
final class OptionSources implements IDefaultValueProvider {
    static final String CONFIG = "config";
    private static final Set<String> KEYS = keys();

    private final Map<String, String> env;
    private final Properties file;

    private OptionSources(Map<String, String> env, Properties file) {
        this.env = env;
        this.file = file;
    }

    /**
     * The sources for one run: {@code env}, and the file named by {@code --config} in {@code args} or else by
     * {@code ROSTER_CONFIG}. Throws {@link IllegalArgumentException} when that file cannot be read or holds an
     * unknown key.
     */
    static OptionSources load(Map<String, String> env, String... args) {
        String name = configArgument(args);
        if (name == null) {
            name = env.get(envName(CONFIG));
        }
        Properties file = new Properties();
        if (name != null && !name.isBlank()) {
            read(Path.of(name), file);
        }
        return new OptionSources(env, file);
    }

    /** The environment variable of an option or key: {@code db-pool-size} is {@code ROSTER_DB_POOL_SIZE}. */
    static String envName(String key) {
        return "ROSTER_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The config file key of an option, its longest name without the dashes, or null if it has none. */
    static String key(OptionSpec option) {
        String key = option.longestName().replaceFirst("^-+", "");
        return KEYS.contains(key) ? key : null;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String key = key(option);
        if (key == null) {
            return null;
        }
        String fromEnv = env.get(envName(key));
        return fromEnv != null ? fromEnv : file.getProperty(key);
    }

    private static String configArgument(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--" + CONFIG) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--" + CONFIG + "=")) {
                return args[i].substring(CONFIG.length() + 3);
            }
        }
        return null;
    }

    private static void read(Path path, Properties into) {
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            into.load(r);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file " + path.toAbsolutePath() + " does not exist. Check "
                    + "--config or ROSTER_CONFIG");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read config file " + path.toAbsolutePath() + " (" + e
                    + "). Check --config or ROSTER_CONFIG");
        }
        for (String key : into.stringPropertyNames()) {
            if (!KEYS.contains(key) || key.equals(CONFIG)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in config file " + path
                        + ". Did you mean '" + nearest(key) + "'? Keys are the options of 'roster serve "
                        + "--help' without the dashes");
            }
        }
    }

    private static Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec o : CommandSpec.forAnnotatedObject(new StoreOptions()).options()) {
            keys.add(o.longestName().replaceFirst("^-+", ""));
        }
        return keys;
    }

    static String nearest(String key) {
        List<String> valid = KEYS.stream().filter(k -> !k.equals(CONFIG)).toList();
        return valid.stream().min(Comparator.comparingInt(k -> distance(key, k))).orElseThrow();
    }

    /** Levenshtein distance: edits (insert, delete, replace one character) that turn {@code a} into {@code b}. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(replace, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
