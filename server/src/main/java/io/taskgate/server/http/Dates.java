package io.taskgate.server.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Dates as Taskcluster writes them: ISO-8601 in UTC, always with milliseconds. */
public final class Dates {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Dates() {}

    public static String iso(Instant instant) {
        return ISO.format(instant);
    }
}
