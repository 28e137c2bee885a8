package dev.processflow.console.web;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A signed-in browser sends its session cookie with every request, also with a form another site submits. So a
 * request that changes something must carry {@code X-Requested-With}, which the console's pages always send and
 * which no other site can make a browser send here (the console allows no cross-origin requests), or come with a
 * bearer token, which a browser never adds on its own.
 */
public class CrossSiteGuard {

    public static final String HEADER = "X-Requested-With";
    private static final Set<String> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod()) || request.getHeaderString(HEADER) != null
                || bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            return null;
        }
        return Problems.of(403, "Cross-site request refused",
                "requests that change something must be sent by the console's pages (" + HEADER + ") or with a bearer token");
    }

    private static boolean bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }
}
