package dev.levier.storage;

import java.sql.SQLException;

/** The database failed in a way the caller cannot fix; the request fails, nothing is half-done. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the cause is a unique constraint violation (SQL state 23505 on H2 and PostgreSQL). */
  public boolean isUniqueViolation() {
    return getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
  }

  /** Whether no connection could be had in time: the database is down or saturated. */
  public boolean isUnavailable() {
    return getCause() instanceof SQLException sql
        && sql.getSQLState() != null
        && sql.getSQLState().startsWith("08");
  }
}
