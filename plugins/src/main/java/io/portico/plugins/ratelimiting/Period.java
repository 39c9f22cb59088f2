package io.portico.plugins.ratelimiting;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** Kong's rate-limiting windows, aligned as Kong aligns them: on UTC second, minute, hour, day, month, year. */
enum Period {
    SECOND("second", "Second"),
    MINUTE("minute", "Minute"),
    HOUR("hour", "Hour"),
    DAY("day", "Day"),
    MONTH("month", "Month"),
    YEAR("year", "Year");

    final String field;
    /** Kong's {@code X-RateLimit-Limit-<Period>} and {@code X-RateLimit-Remaining-<Period>} headers. */
    final String limitHeader;
    final String remainingHeader;

    Period(String field, String title) {
        this.field = field;
        this.limitHeader = "X-RateLimit-Limit-" + title;
        this.remainingHeader = "X-RateLimit-Remaining-" + title;
    }

    /** When the window holding {@code nowMillis} began (epoch millis). */
    long start(long nowMillis) {
        return switch (this) {
            case SECOND -> nowMillis - Math.floorMod(nowMillis, 1_000L);
            case MINUTE -> nowMillis - Math.floorMod(nowMillis, 60_000L);
            case HOUR -> nowMillis - Math.floorMod(nowMillis, 3_600_000L);
            case DAY -> nowMillis - Math.floorMod(nowMillis, 86_400_000L);
            case MONTH -> utc(nowMillis).truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant().toEpochMilli();
            case YEAR -> utc(nowMillis).truncatedTo(ChronoUnit.DAYS).withDayOfYear(1).toInstant().toEpochMilli();
        };
    }

    /** How long the window that began at {@code start} lasts (months and years as the calendar has them). */
    long length(long start) {
        return switch (this) {
            case SECOND -> 1_000L;
            case MINUTE -> 60_000L;
            case HOUR -> 3_600_000L;
            case DAY -> 86_400_000L;
            case MONTH -> utc(start).plusMonths(1).toInstant().toEpochMilli() - start;
            case YEAR -> utc(start).plusYears(1).toInstant().toEpochMilli() - start;
        };
    }

    private static ZonedDateTime utc(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
    }
}
