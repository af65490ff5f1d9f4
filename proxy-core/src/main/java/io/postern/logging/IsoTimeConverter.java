package io.postern.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Logback's {@code %d{ISO8601}} ({@code 2026-12-07 11:47:51,751}, in the default time zone),
 * written as the shipped {@code conf/logback.xml}'s {@code %isoTime}: the same text, but the
 * date and time are formatted once a second and only the milliseconds on each line. Logback's
 * own converter formats them again for every millisecond that has a line, which at a thousand
 * logins a second was a third of what a session's log lines cost. Safe for appenders that
 * encode on several threads at once: the cache is one immutable record.
 */
public final class IsoTimeConverter extends ClassicConverter {

    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,");

    private DateTimeFormatter second = SECOND.withZone(ZoneId.systemDefault());
    private Second last = new Second(Long.MIN_VALUE, "");

    /** One second's text, up to and including the comma before the milliseconds. */
    private record Second(long epochSecond, String prefix) {
    }

    @Override
    public void start() {
        second = SECOND.withZone(ZoneId.systemDefault());
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        return format(event.getTimeStamp());
    }

    String format(long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        Second cached = last;
        if (cached.epochSecond != epochSecond) {
            cached = new Second(epochSecond, second.format(Instant.ofEpochSecond(epochSecond)));
            last = cached;
        }
        String prefix = cached.prefix;
        char[] text = new char[prefix.length() + 3];
        prefix.getChars(0, prefix.length(), text, 0);
        text[prefix.length()] = (char) ('0' + millis / 100);
        text[prefix.length() + 1] = (char) ('0' + millis / 10 % 10);
        text[prefix.length() + 2] = (char) ('0' + millis % 10);
        return new String(text);
    }
}
