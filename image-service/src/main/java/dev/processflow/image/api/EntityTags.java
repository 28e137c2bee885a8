package dev.processflow.image.api;

/** If-None-Match against a strong entity tag, compared weakly as RFC 9110 says for this header. */
final class EntityTags {

    private EntityTags() {
    }

    static boolean matches(String ifNoneMatch, String opaqueTag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("\"" + opaqueTag + "\"")) {
                return true;
            }
        }
        return false;
    }
}
