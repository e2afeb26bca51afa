package org.ketaminecds.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.SimpleTimeZone;

/**
 * A FHIR {@code date}, {@code dateTime} or {@code instant} as written, read the way the reader always read them (HAPI's
 * date parser, whose rules these are): a year, a month or a day, or a time of at least minutes with an offset
 * ({@code Z} or {@code ±hh:mm}), or of seconds without one. The three types are read alike: a record does not lose
 * a date because it is more or less precise than its type allows.
 *
 * @param precision what the text gives: {@code YEAR}, {@code MONTH}, {@code DAY}, or a time ({@code MINUTES} and finer)
 * @param offset    the offset written in seconds (±hh:mm, hours up to 23), or {@code null} when the time has none
 * @param nanos     the fraction of the second as written, to nine digits
 */
record FhirDate(int year, int month, int day, int hour, int minute, int second, int nanos, ChronoUnit precision,
        Integer offset) {

    /** The first year wholly in the Gregorian calendar. */
    private static final int GREGORIAN_YEAR = 1583;

    /** The text as a date, or {@code null} when it is no date; blank text (after trimming spaces) is no value. */
    static FhirDate parse(String text) throws InvalidDate {
        String value = text;
        if (!value.isEmpty() && (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ')) {
            value = value.trim();
        }
        int length = value.length();
        if (length == 0) {
            return null;
        }
        if (length < 4) {
            throw new InvalidDate();
        }
        int year = number(value, 0, 4, 0, 9999);
        if (length == 4) {
            return new FhirDate(year, 1, 1, 0, 0, 0, 0, ChronoUnit.YEARS, null);
        }
        expect(value, 4, '-', 7);
        int month = number(value, 5, 7, 1, 12);
        if (length == 7) {
            return new FhirDate(year, month, 1, 0, 0, 0, 0, ChronoUnit.MONTHS, null);
        }
        expect(value, 7, '-', 10);
        int day = number(value, 8, 10, 1, year < GREGORIAN_YEAR ? julian(year, month, 1, 0).getActualMaximum(
                Calendar.DAY_OF_MONTH) : LocalDate.of(year, month, 1).lengthOfMonth());
        if (length == 10) {
            return new FhirDate(year, month, day, 0, 0, 0, 0, ChronoUnit.DAYS, null);
        }
        if (length < 17) {
            throw new InvalidDate();
        }
        expect(value, 10, 'T', 17);
        int offsetIndex = offsetIndex(value);
        String time = offsetIndex < 0 ? value.substring(11) : value.substring(11, offsetIndex);
        Integer offset = offsetIndex < 0 ? null : offset(value.substring(offsetIndex));
        expect(value, 13, ':', 17);
        int hour = number(value, 11, 13, 0, 23);
        int minute = number(value, 14, 16, 0, 59);
        if (time.length() <= 5) {
            return new FhirDate(year, month, day, hour, minute, 0, 0, ChronoUnit.MINUTES, offset);
        }
        expect(value, 16, ':', 19);
        int second = number(value, 17, 19, 0, 60); // a leap second rolls over, as a lenient calendar does
        if (time.length() <= 8) {
            return new FhirDate(year, month, day, hour, minute, second, 0, ChronoUnit.SECONDS, offset);
        }
        expect(value, 19, '.', 20);
        int end = offsetIndex < 0 ? length : offsetIndex;
        int millis = number(value, 20, Math.min(end, 23), 0, 999); // only the milliseconds are checked
        String fraction = value.substring(20, Math.min(end, 29));
        int nanos = fraction.chars().allMatch(c -> c >= '0' && c <= '9')
                ? Integer.parseInt((fraction + "00000000").substring(0, 9))
                : millis * (int) Math.pow(10, 9 - Math.min(end - 20, 3));
        return new FhirDate(year, month, day, hour, minute, second, nanos, ChronoUnit.MILLIS, offset);
    }

    /**
     * The date as an instant: a date without a time, or a partial date, is the start of that day, month or year in
     * UTC; a time without an offset (not valid FHIR) is read as UTC too, so that the result never depends on the
     * machine's time zone. A time with an offset keeps milliseconds, as it always did.
     */
    Instant instant() {
        if (year < GREGORIAN_YEAR) {
            return oldInstant();
        }
        if (precision.compareTo(ChronoUnit.DAYS) >= 0) {
            return date().atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        LocalDateTime written = LocalDateTime.of(year, month, day, hour, minute).plusSeconds(second);
        if (offset == null) {
            return written.plusNanos(nanos).toInstant(ZoneOffset.UTC);
        }
        return written.plusNanos(nanos - nanos % 1_000_000).toInstant(ZoneOffset.UTC).minusSeconds(offset);
    }

    /** The day; a partial date ("1980", "1980-05") is the start of that period. */
    LocalDate date() {
        if (year < GREGORIAN_YEAR) {
            Calendar written = julian(year, month, day, 0);
            return LocalDate.of(written.get(Calendar.YEAR), written.get(Calendar.MONTH) + 1, written.get(Calendar.DATE));
        }
        return LocalDate.of(year, month, day);
    }

    /**
     * Before the Gregorian calendar (1582) the reader always read dates in the Julian one, as {@code java.util}'s
     * calendar does (and year 0 as 1 BC, whose year is 1): kept, so that old dates read as they always did.
     */
    private Instant oldInstant() {
        if (precision.compareTo(ChronoUnit.DAYS) >= 0) {
            return date().atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        Calendar written = julian(year, month, day, offset == null ? 0 : offset);
        written.set(Calendar.HOUR_OF_DAY, hour);
        written.set(Calendar.MINUTE, minute);
        written.set(Calendar.SECOND, second);
        if (offset != null) {
            written.set(Calendar.MILLISECOND, nanos / 1_000_000);
            return Instant.ofEpochMilli(written.getTimeInMillis());
        }
        return LocalDateTime.of(written.get(Calendar.YEAR), written.get(Calendar.MONTH) + 1, written.get(Calendar.DATE),
                written.get(Calendar.HOUR_OF_DAY), written.get(Calendar.MINUTE), written.get(Calendar.SECOND), nanos)
                .toInstant(ZoneOffset.UTC);
    }

    private static Calendar julian(int year, int month, int day, int offsetSeconds) {
        Calendar calendar = new GregorianCalendar(new SimpleTimeZone(offsetSeconds * 1000, "offset"), Locale.ROOT);
        calendar.clear();
        calendar.set(year, month - 1, day);
        return calendar;
    }

    /** Why a text is no date; only its type matters (the message is the reader's). */
    static final class InvalidDate extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidDate() {
            super(null, null, false, false); // thrown per bad value: no stack trace to fill
        }
    }

    private static void expect(String value, int index, char expected, int minLength) throws InvalidDate {
        if (value.length() < minLength || value.charAt(index) != expected) {
            throw new InvalidDate();
        }
    }

    private static int number(String value, int from, int to, int min, int max) throws InvalidDate {
        if (to > value.length() || from >= to) {
            throw new InvalidDate();
        }
        int number;
        try {
            number = Integer.parseInt(value, from, to, 10); // as HAPI: a sign is allowed ("+1"), Unicode digits too
        } catch (NumberFormatException e) {
            throw new InvalidDate();
        }
        if (number < min || number > max) {
            throw new InvalidDate();
        }
        return number;
    }

    /** Where the offset starts: the one {@code Z}, {@code +} or {@code -} after the minutes; -1 when none. */
    private static int offsetIndex(String value) throws InvalidDate {
        int plus = value.indexOf('+', 16);
        int minus = value.indexOf('-', 16);
        int zulu = value.indexOf('Z', 16);
        int index = Math.max(Math.max(plus, minus), zulu);
        if (index >= 0 && index - 2 != plus + minus + zulu) {
            throw new InvalidDate(); // more than one of them
        }
        return index;
    }

    private static int offset(String text) throws InvalidDate {
        if (text.charAt(0) == 'Z') {
            return 0;
        }
        if (text.length() != 6 || text.charAt(3) != ':') {
            throw new InvalidDate();
        }
        int hours = number(text, 1, 3, 0, 23);
        int minutes = number(text, 4, 6, 0, 59);
        int seconds = hours * 3600 + minutes * 60;
        return text.charAt(0) == '-' ? -seconds : seconds;
    }
}
