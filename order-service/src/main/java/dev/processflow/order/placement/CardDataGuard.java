package dev.processflow.order.placement;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Refuses anything that looks like card data before it is stored, logged or published: the API takes a payment
 * token only. Finds card-like field names anywhere in the document and any value of 13 to 19 digits (a PAN, with or
 * without spaces or dashes). Reports the JSON paths, never the values.
 */
public final class CardDataGuard {

    private static final Set<String> CARD_FIELDS = Set.of("cardnumber", "pan", "cvc", "cvv", "cvv2", "cvc2", "cid",
            "securitycode", "cardsecuritycode", "primaryaccountnumber", "accountnumber", "card", "creditcard",
            "expiry", "expirydate", "expirationdate", "expmonth", "expyear", "track1", "track2");

    private CardDataGuard() {
    }

    /** The JSON paths that carry card data; empty when the document is clean. */
    public static List<String> findCardData(JsonNode document) {
        List<String> paths = new ArrayList<>();
        scan(document, "", paths);
        return paths;
    }

    private static void scan(JsonNode node, String path, List<String> paths) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (isCardFieldName(field.getKey())) {
                    paths.add(childPath);
                } else {
                    scan(field.getValue(), childPath, paths);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                scan(node.get(i), path + "[" + i + "]", paths);
            }
        } else if (looksLikePan(node)) {
            paths.add(path);
        }
    }

    static boolean isCardFieldName(String name) {
        String normalized = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return CARD_FIELDS.contains(normalized);
    }

    private static boolean looksLikePan(JsonNode node) {
        String text;
        if (node.isIntegralNumber()) {
            text = node.bigIntegerValue().abs().toString();
        } else if (node.isTextual()) {
            text = node.textValue();
        } else {
            return false;
        }
        return containsPan(text);
    }

    /** True when the text holds a run of 13 to 19 digits, possibly grouped by single spaces or dashes. */
    static boolean containsPan(String text) {
        int digits = 0;
        char previous = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : 0;
            if (Character.isDigit(c) && c < 128) {
                digits++;
            } else if ((c == ' ' || c == '-') && digits > 0 && Character.isDigit(previous)) {
                previous = c;
                continue;
            } else {
                if (digits >= 13 && digits <= 19) {
                    return true;
                }
                digits = 0;
            }
            previous = c;
        }
        return false;
    }
}
