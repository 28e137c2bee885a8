package dev.processflow.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a {@link NetworkLink} between the service and the shared test PostgreSQL, so a test can take the database away
 * and bring it back. The link's JDBC URL is {@value #URL_PROPERTY}: a test profile points
 * {@code quarkus.datasource.jdbc.url} at it. The test gets the link in a {@code NetworkLink} field.
 */
public class PostgresLink implements QuarkusTestResourceLifecycleManager {

    public static final String URL_PROPERTY = "processflow.test.postgres.link-url";

    private static final Pattern HOST_AND_PORT = Pattern.compile("//[^/:]+:(\\d+)/");

    private NetworkLink link;

    @Override
    public Map<String, String> start() {
        String url = PostgresEngine.jdbcUrl();
        Matcher hostAndPort = HOST_AND_PORT.matcher(url);
        if (!hostAndPort.find()) {
            throw new IllegalStateException("no host and port in " + url);
        }
        link = NetworkLink.start(0, Integer.parseInt(hostAndPort.group(1)));
        return Map.of(URL_PROPERTY, hostAndPort.replaceFirst("//127.0.0.1:" + link.port() + "/"));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(link, new TestInjector.MatchesType(NetworkLink.class));
    }

    @Override
    public void stop() {
        if (link != null) {
            link.close();
        }
    }
}
