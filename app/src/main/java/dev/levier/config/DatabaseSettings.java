package dev.levier.config;

import java.time.Duration;
import java.util.Locale;

/** Where the data lives and how to reach it. The password is never printed. */
public record DatabaseSettings(
    String url, String user, String password, int poolSize, Duration connectionTimeout) {

  /** The kind of database, read from the JDBC URL. */
  public enum Kind {
    H2,
    POSTGRESQL
  }

  public DatabaseSettings {
    // Migrations hold one connection while they take another: one is a deadlock.
    if (poolSize < 2) {
      throw new IllegalArgumentException("poolSize must be at least 2");
    }
    kindOf(url);
  }

  public Kind kind() {
    return kindOf(url);
  }

  /** The kind of database a JDBC URL points to, or an exception naming the supported ones. */
  public static Kind kindOf(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:")) {
      return Kind.H2;
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return Kind.POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "supported JDBC URLs start with jdbc:h2: or jdbc:postgresql:");
  }

  @Override
  public String toString() {
    return "DatabaseSettings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
  }
}
