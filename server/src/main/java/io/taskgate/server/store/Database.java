package io.taskgate.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * The JDBC store: a connection pool, migrations at open, and transactions. The embedded default is
 * one SQLite file in WAL mode, with a busy timeout so that concurrent writers wait instead of
 * failing, full sync so that a write acknowledged is a write kept, and write transactions that take
 * the write lock up front.
 */
public final class Database implements AutoCloseable {

    /** Work with a connection, which may throw SQLException. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final HikariDataSource pool;

    private Database(HikariDataSource pool, String migrations) {
        this.pool = pool;
        Flyway.configure().dataSource(pool).locations(migrations).load().migrate();
    }

    /** Opens (creating and migrating as needed) the SQLite store at {@code file}. */
    public static Database sqlite(Path file) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        config.setPoolName("taskgate-sqlite");
        config.setMaximumPoolSize(8);
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.addDataSourceProperty("foreign_keys", "true");
        config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        return new Database(new HikariDataSource(config), "classpath:db/migration/sqlite");
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T transaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new Conflict(e);
            }
            throw new StoreException(e);
        }
    }

    /** Runs read-only {@code work} outside any write transaction. */
    public <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** True for a unique-key violation, in SQLite's or PostgreSQL's words. */
    static boolean isUniqueViolation(SQLException e) {
        if ("23505".equals(e.getSQLState())) {
            return true;
        }
        String message = String.valueOf(e.getMessage());
        return e.getErrorCode() == 19 && (message.contains("UNIQUE") || message.contains("PRIMARY KEY"));
    }

    @Override
    public void close() {
        pool.close();
    }

    /** A row that already exists was inserted again. */
    public static final class Conflict extends RuntimeException {
        Conflict(SQLException cause) {
            super("the record already exists", cause);
        }
    }

    /** The store failed for a reason that is not the caller's input. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super("the store failed: " + cause.getMessage(), cause);
        }
    }
}
