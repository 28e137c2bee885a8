package dev.processflow.platform.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** An RFC 7807 problem document; {@code extensions} carries problem-specific members such as the unknown SKUs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, URI instance, List<Violation> violations,
        @JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
        violations = violations == null || violations.isEmpty() ? null : List.copyOf(violations);
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem(null, title, status, detail, null, null, null);
    }

    public Problem withViolations(List<Violation> newViolations) {
        return new Problem(type, title, status, detail, instance, newViolations, extensions);
    }

    public Problem with(String name, Object value) {
        java.util.HashMap<String, Object> more = new java.util.HashMap<>(extensions);
        more.put(name, value);
        return new Problem(type, title, status, detail, instance, violations, more);
    }

    public Problem at(URI newInstance) {
        return new Problem(type, title, status, detail, newInstance, violations, extensions);
    }

    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return extensions;
    }

    /** One invalid field: a JSON path such as {@code items[0].quantity} and what is wrong with it. */
    public record Violation(String field, String message) {
    }
}
