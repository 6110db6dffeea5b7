package io.taskgate.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keyset paging over one table in key order, optionally under a key prefix: the continuation token
 * is the last key of the page, so a page costs one index range read however deep it is.
 */
public final class Keyset {

    /** Reads one row. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private Keyset() {}

    /**
     * A page of {@code columns} from {@code table} whose {@code key} starts with {@code prefix}.
     *
     * @throws IllegalArgumentException for a limit outside 1 to {@link Page#MAX_LIMIT}, or a token
     *     this server did not give out
     */
    public static <T> Page<T> page(Database db, String table, String columns, String key, String prefix,
            Optional<String> continuationToken, int limit, Row<T> row, Function<T, String> keyOf) {
        if (limit < 1 || limit > Page.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + Page.MAX_LIMIT);
        }
        String after = continuationToken.map(Page::keyOf).orElse("");
        return db.read(c -> {
            // The prefix is matched with substr so that LIKE's wildcards stay literal.
            try (PreparedStatement s = c.prepareStatement("SELECT " + columns + " FROM " + table + " WHERE " + key + " > ? AND substr("
                    + key + ", 1, ?) = ? ORDER BY " + key + " LIMIT ?")) {
                s.setString(1, after);
                s.setInt(2, prefix.length());
                s.setString(3, prefix);
                s.setInt(4, limit + 1);
                try (ResultSet r = s.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (r.next()) {
                        out.add(row.read(r));
                    }
                    if (out.size() <= limit) {
                        return new Page<>(out, Optional.empty());
                    }
                    out.remove(limit);
                    return new Page<>(out, Optional.of(Page.tokenAfter(keyOf.apply(out.get(limit - 1)))));
                }
            }
        });
    }
}
