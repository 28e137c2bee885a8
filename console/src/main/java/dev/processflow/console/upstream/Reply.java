package dev.processflow.console.upstream;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A service's answer as the console got it: status, the headers worth passing on, and the body. */
public record Reply(int status, Map<String, List<String>> headers, byte[] body) {

    /** Headers a page may see from a service's answer; everything else (cookies, hop-by-hop) stays behind. */
    static final List<String> PASSED_ON = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.ETAG, HttpHeaders.CACHE_CONTROL,
            HttpHeaders.LOCATION, "Link");

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }

    /** The answer as the console's own, unchanged. */
    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).entity(body.length == 0 ? null : body);
        PASSED_ON.forEach(name -> header(name).ifPresent(value -> response.header(name, value)));
        return response.build();
    }
}
