package dev.processflow.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An answer of the API: a status and a JSON body. Errors look like Stripe's: {@code {"error": {"type", "code",
 * "message"}}}. An {@code api_error} with a 5xx status is the provider speaking for itself: the request was not
 * applied and nothing was stored under its idempotency key, so the same request may simply be sent again.
 */
record ApiResponse(int status, JsonNode body, boolean replayed) {

    static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body, false);
    }

    static ApiResponse error(int status, String type, String code, String message) {
        return new ApiResponse(status, errorBody(type, code, message), false);
    }

    static ObjectNode errorBody(String type, String code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("error").put("type", type).put("code", code).put("message", message);
        return body;
    }

    static ApiResponse invalidRequest(String code, String message) {
        return error(400, "invalid_request_error", code, message);
    }

    ApiResponse asReplay() {
        return new ApiResponse(status, body, true);
    }
}
