package dev.processflow.bench.orders;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.processflow.bench.report.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DESIGN.md's invariants, checked on what the run saw: every accepted order reached exactly one outcome (lost and
 * duplicated ones are listed), no SKU sold more than it had, a capture for every confirmation and none otherwise, a
 * void for every authorization of a rejected order, exactly one email per outcome. Also flags outcomes the mix did
 * not intend (an approved, in-stock order rejected, say), which point at a bug or a TIMEOUT.
 */
public final class Invariants {

    /** One SKU's stock before and after: what left the warehouse must equal what confirmed orders took. */
    public record StockCheck(String sku, int initialOnHand, long confirmedQuantity, int onHandAfter, int reservedAfter,
            boolean ok) {
    }

    public record Report(long accepted, long confirmed, long rejected, Map<String, Long> rejectedByReason,
            List<String> lost, List<String> duplicated, long redeliveredEvents, List<String> unexpectedOutcomes,
            long captures, List<String> confirmedWithoutCapture, List<String> capturedWithoutConfirmation,
            List<String> multipleCaptures, List<String> authorizedRejectedNotVoided,
            List<String> withoutNotificationEvent, List<String> multipleNotificationEvents,
            Long emailsSeen, List<String> withoutEmail, List<String> multipleEmails, String mailNote,
            List<StockCheck> stock, List<String> violations) {

        public boolean passed() {
            return violations.isEmpty();
        }
    }

    private static final int EXAMPLES = 10;
    private static final Pattern ORDER_REF = Pattern.compile("Your order ([0-9A-F]{8}) ");

    private Invariants() {
    }

    /**
     * {@code emailsPerOrderRef}: the mail catcher's count of messages per order reference (null when it could not be
     * read); {@code stockAfter}: onHand and reserved per SKU after the run.
     */
    public static Report check(List<TrackedOrder> orders, BenchCatalog catalog, Map<String, int[]> stockAfter,
            Map<String, Integer> emailsPerOrderRef, String mailNote) {
        long confirmed = 0;
        long rejected = 0;
        long captures = 0;
        long redelivered = 0;
        Map<String, Long> byReason = new TreeMap<>();
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> confirmedWithoutCapture = new ArrayList<>();
        List<String> capturedWithoutConfirmation = new ArrayList<>();
        List<String> multipleCaptures = new ArrayList<>();
        List<String> notVoided = new ArrayList<>();
        List<String> withoutNotification = new ArrayList<>();
        List<String> multipleNotifications = new ArrayList<>();
        List<String> withoutEmail = new ArrayList<>();
        List<String> multipleEmails = new ArrayList<>();
        long emailsSeen = 0;
        Map<String, Integer> ordersPerRef = new HashMap<>();
        orders.forEach(o -> ordersPerRef.merge(orderRef(o.id()), 1, Integer::sum));
        Map<String, Long> confirmedQuantity = new HashMap<>();
        for (TrackedOrder order : orders) {
            redelivered += order.redeliveries();
            captures += order.captured();
            String terminal = order.terminal();
            if (terminal == null) {
                lost.add(order.id());
                continue;
            }
            if (order.terminalEvents() > 1) {
                duplicated.add(order.id() + " (" + order.terminalEvents() + " outcome events)");
            }
            OrderSpec spec = order.spec();
            if (!spec.allows(terminal, order.reason())) {
                unexpected.add(order.id() + " " + spec.expectation() + " -> " + terminal
                        + (order.reason() == null ? "" : " " + order.reason()));
            }
            if (TrackedOrder.CONFIRMED.equals(terminal)) {
                confirmed++;
                spec.items().forEach(l -> confirmedQuantity.merge(l.sku(), (long) l.quantity(), Long::sum));
                if (order.captured() == 0) {
                    confirmedWithoutCapture.add(order.id());
                }
            } else {
                rejected++;
                byReason.merge(String.valueOf(order.reason()), 1L, Long::sum);
                if (order.captured() > 0) {
                    capturedWithoutConfirmation.add(order.id());
                }
                if (order.authorized() > 0 && order.voided() == 0) {
                    notVoided.add(order.id());
                }
            }
            if (order.captured() > 1) {
                multipleCaptures.add(order.id());
            }
            if (order.notificationsSent() == 0) {
                withoutNotification.add(order.id());
            } else if (order.notificationsSent() > 1) {
                multipleNotifications.add(order.id());
            }
            if (emailsPerOrderRef != null) {
                // Two orders of a run may share a reference (one chance in about 4e9 per pair): each gets its share.
                String ref = orderRef(order.id());
                int sharing = ordersPerRef.get(ref);
                int emails = emailsPerOrderRef.getOrDefault(ref, 0);
                emailsSeen += emails / sharing;
                if (emails < sharing) {
                    withoutEmail.add(order.id());
                } else if (emails > sharing) {
                    multipleEmails.add(order.id() + " (" + emails + " emails)");
                }
            }
        }
        List<StockCheck> stock = new ArrayList<>();
        for (String sku : catalog.all()) {
            int initial = catalog.initialOnHand(sku);
            long taken = confirmedQuantity.getOrDefault(sku, 0L);
            int[] after = stockAfter.get(sku);
            boolean ok = after != null && after[1] == 0 && after[0] >= 0 && initial - after[0] == taken && taken <= initial;
            stock.add(new StockCheck(sku, initial, taken, after == null ? -1 : after[0], after == null ? -1 : after[1], ok));
        }
        List<String> violations = new ArrayList<>();
        violation(violations, "accepted orders without an outcome (lost)", lost);
        violation(violations, "orders with more than one outcome event (duplicated)", duplicated);
        violation(violations, "confirmed orders without a capture", confirmedWithoutCapture);
        violation(violations, "captures of orders not confirmed", capturedWithoutConfirmation);
        violation(violations, "orders captured more than once", multipleCaptures);
        violation(violations, "rejected orders whose authorization was not voided", notVoided);
        violation(violations, "outcomes without notification.sent", withoutNotification);
        violation(violations, "outcomes with more than one notification.sent", multipleNotifications);
        violation(violations, "outcomes without an email", withoutEmail);
        violation(violations, "outcomes with more than one email", multipleEmails);
        violation(violations, "SKUs whose stock does not add up (oversell, leftover reservation or lost commit)",
                stock.stream().filter(s -> !s.ok()).map(StockCheck::toString).toList());
        return new Report(orders.size(), confirmed, rejected, byReason, lost, duplicated, redelivered, unexpected,
                captures, confirmedWithoutCapture, capturedWithoutConfirmation, multipleCaptures, notVoided,
                withoutNotification, multipleNotifications, emailsPerOrderRef == null ? null : emailsSeen, withoutEmail,
                multipleEmails, mailNote, stock,
                violations);
    }

    private static void violation(List<String> violations, String what, List<String> ids) {
        if (!ids.isEmpty()) {
            violations.add(ids.size() + " " + what + ", e.g. " + String.join(", ", ids.subList(0, Math.min(EXAMPLES, ids.size()))));
        }
    }

    /**
     * Counts the mail catcher's messages sent since {@code since} per order reference, the order id's first eight
     * characters that every outcome e-mail's subject names ("Your order 7C9E6679 is confirmed"), streaming the listing
     * (it carries every message body, so it is large after a long run). The run's orders all go to the few demo
     * customers' addresses, so the reference, not the recipient, tells their e-mails apart.
     */
    public static Map<String, Integer> emailsPerOrderRef(InputStream listing, Instant since) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Instant from = since.truncatedTo(ChronoUnit.SECONDS);
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(listing)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("the mail listing is not a JSON array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                String subject = null;
                String date = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("subject".equals(field) && value == JsonToken.VALUE_STRING) {
                        subject = parser.getText();
                    } else if ("date".equals(field) && value == JsonToken.VALUE_STRING) {
                        date = parser.getText();
                    } else {
                        parser.skipChildren();
                    }
                }
                Matcher ref = subject == null ? null : ORDER_REF.matcher(subject);
                if (ref != null && ref.find() && date != null && !Instant.parse(date).isBefore(from)) {
                    counts.merge(ref.group(1), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** The reference an order's e-mails name: its id's first eight characters, upper case. */
    static String orderRef(String orderId) {
        return orderId.substring(0, Math.min(8, orderId.length())).toUpperCase(Locale.ROOT);
    }
}
