package dev.roster.server.provisioning;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Epoch milliseconds as {@link Instant#toString()} writes them ({@code 2026-12-05T08:30:47.453Z}, without
 * the fraction when it is zero), without a {@code DateTimeFormatter}: every answer and every event carries
 * two such times, and the formatter cost as much as a fifth of rendering a user. Years outside 0000–9999,
 * which Instant writes with a sign, are left to Instant.
 */
public final class IsoTime {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long LAST_MILLI = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z
    private static final long FIRST_MILLI = -62_167_219_200_000L; // 0000-01-01T00:00:00Z

    private IsoTime() {
    }

    public static String of(long epochMillis) {
        if (epochMillis < FIRST_MILLI || epochMillis > LAST_MILLI) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        long day = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        int inDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(day);
        int milli = inDay % 1000;
        int second = inDay / 1000 % 60;
        int minute = inDay / 60_000 % 60;
        int hour = inDay / 3_600_000;
        char[] c = new char[milli == 0 ? 20 : 24];
        digits(c, 0, date.getYear(), 4);
        c[4] = '-';
        digits(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, hour, 2);
        c[13] = ':';
        digits(c, 14, minute, 2);
        c[16] = ':';
        digits(c, 17, second, 2);
        if (milli != 0) {
            c[19] = '.';
            digits(c, 20, milli, 3);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
