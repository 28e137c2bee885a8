package dev.processflow.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operators' dashboard charts only metrics the docs name and, for processflow's own, the code registers: a
 * renamed meter breaks the build instead of leaving an empty panel.
 */
class DashboardMetricsTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:processflow|kafka)_[a-z0-9_]+)");
    private static final Pattern METER = Pattern.compile("\"(processflow\\.[a-z0-9.\\-]+)\"");
    /** What Prometheus appends to a meter's name: a histogram's series, a counter's total, a timer's unit. */
    private static final Pattern SERIES_SUFFIX = Pattern.compile("(_bucket|_count|_sum|_max|_total)$");

    private final Repo repo = Repo.locate();

    @Test
    void everyMetricOfTheDashboardIsDocumentedAndProcessflowsOwnAreRegisteredInTheCode() throws IOException {
        Set<String> charted = chartedMetrics();
        assertThat(charted).as("metrics the dashboard charts").contains("processflow_function_calls_seconds_count",
                "processflow_saga_duration_seconds_bucket", "processflow_outbox_backlog",
                "processflow_outbox_backlog_age_seconds", "kafka_consumer_fetch_manager_records_lag_max",
                "processflow_dead_letters_total");

        String docs = Files.readString(repo.root().resolve("docs/operations.md"));
        Set<String> registered = registeredMeters();
        for (String series : charted) {
            String metric = SERIES_SUFFIX.matcher(series).replaceFirst("");
            String documented = docs.contains("`" + series + "`") ? series : metric;
            assertThat(docs).as("docs/operations.md names %s", series).contains("`" + documented + "`");
            if (metric.startsWith("processflow_")) {
                assertThat(registered).as("a meter registered in the code for %s", series)
                        .anyMatch(meter -> meter.equals(metric) || meter.equals(metric.replaceFirst("_seconds$", "")));
            }
        }
    }

    private Set<String> chartedMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(repo.deploy().resolve("grafana/processflow-dashboard.json").toFile());
        Set<String> metrics = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher matcher = METRIC.matcher(target.path("expr").asText());
                while (matcher.find()) {
                    metrics.add(matcher.group(1));
                }
            }
        }
        return metrics;
    }

    /** Every {@code "processflow.*"} meter name in the services' and platform's main code, as Prometheus spells it. */
    private Set<String> registeredMeters() throws IOException {
        Set<String> meters = new TreeSet<>();
        try (Stream<Path> modules = Files.list(repo.root())) {
            for (Path sources : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(sources)) {
                    files.filter(p -> p.toString().endsWith(".java"))
                            .flatMap(p -> METER.matcher(read(p)).results().map(m -> m.group(1)))
                            .map(name -> name.replace('.', '_').replace('-', '_'))
                            .forEach(meters::add);
                }
            }
        }
        return meters;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
