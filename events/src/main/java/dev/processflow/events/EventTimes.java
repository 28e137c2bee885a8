package dev.processflow.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads a CloudEvent's {@code time} (RFC 3339). Every consumed event has one, so the form every producer here writes
 * ({@code 2026-12-03T09:30:00.123456Z}, or with a numeric offset) is read by hand; anything else goes to
 * {@link OffsetDateTime#parse}, whose rules decide what is accepted, so both paths accept and refuse alike.
 */
final class EventTimes {

    private EventTimes() {
    }

    /** The instant, or {@link IllegalArgumentException} naming the text when it is not a date-time with an offset. */
    static Instant parse(String time) {
        if (time == null) {
            throw new IllegalArgumentException("time is required");
        }
        try {
            Instant common = parseCommonForm(time);
            return common != null ? common : OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time is not RFC 3339: " + time, e);
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+HH:MM|-HH:MM)}; null when the text has another shape. The fields'
     * ranges (a 30th of February, hour 24) are checked as {@link OffsetDateTime#parse} checks them.
     */
    private static Instant parseCommonForm(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int position = 19;
        int nanos = 0;
        if (text.charAt(position) == '.') {
            int start = ++position;
            while (position < length && isDigit(text.charAt(position))) {
                position++;
            }
            int count = position - start;
            if (count == 0 || count > 9) {
                return null;
            }
            nanos = digits(text, start, count);
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset = offset(text, position);
        if (offset == null) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(offset);
    }

    private static ZoneOffset offset(String text, int position) {
        int remaining = text.length() - position;
        if (remaining == 1 && text.charAt(position) == 'Z') {
            return ZoneOffset.UTC;
        }
        if (remaining != 6 || text.charAt(position + 3) != ':') {
            return null;
        }
        char sign = text.charAt(position);
        int hours = digits(text, position + 1, 2);
        int minutes = digits(text, position + 4, 2);
        if (sign != '+' && sign != '-' || (hours | minutes) < 0) {
            return null;
        }
        return sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
    }

    /** The decimal value of {@code count} digits from {@code start}, or -1 when one of them is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
