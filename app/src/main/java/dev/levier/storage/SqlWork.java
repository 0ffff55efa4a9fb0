package dev.levier.storage;

import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** Work done on one connection inside one transaction. */
@FunctionalInterface
public interface SqlWork<T extends @Nullable Object> {
  T run(Connection connection) throws SQLException;
}
