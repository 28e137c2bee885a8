package dev.processflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} command-line options; an option the command does not know is an error. */
public final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /** {@code known}: the option names (without dashes) the command takes; {@code flags}: those taking no value. */
    /**
     * Parses a command line, or prints the usage: for --help (empty result) or for a bad option (exit code 2).
     */
    public static java.util.Optional<Options> parseOrUsage(String[] args, Set<String> known, Set<String> flags,
            Runnable usage) {
        Options options;
        try {
            options = parse(args, known, flags);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage.run();
            System.exit(2);
            return java.util.Optional.empty();
        }
        if (options.flag("help")) {
            usage.run();
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(options);
    }

    public static Options parse(String[] args, Set<String> known, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.contains(name) && !flags.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (flags.contains(name)) {
                values.put(name, value == null ? "true" : value);
            } else {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                values.put(name, value);
            }
        }
        return new Options(values);
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    public double decimal(String name, double fallback) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Duration duration(String name, Duration fallback) {
        return values.containsKey(name) ? duration(values.get(name)) : fallback;
    }

    public List<String> list(String name, List<String> fallback) {
        if (!values.containsKey(name)) {
            return fallback;
        }
        return new ArrayList<>(Arrays.stream(values.get(name).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, or plain seconds. */
    public static Duration duration(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    }
}
