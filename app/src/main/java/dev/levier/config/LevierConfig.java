package dev.levier.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Every setting Levier runs with, validated once by {@link ConfigLoader} and immutable afterwards.
 *
 * @param host the interface the HTTP server binds to
 * @param port the HTTP port; 0 picks a free one (tests)
 * @param dataDir where the embedded database and other local files live
 * @param database how to reach the database (H2 under {@code dataDir} unless a URL is given)
 * @param migrateOnStart whether the server applies pending migrations when it starts
 * @param maxBodyBytes the largest request body accepted; larger ones answer 413
 * @param maxInFlight management requests served at once before new ones answer 503
 * @param eventLoops event loops serving HTTP (clicks, sales, bids and the API's reading and
 *     writing), each with its own server on the shared port
 * @param rateLimitPerKey management requests a second one API key may send on average
 * @param rateBurstPerKey management requests one API key may send at once
 * @param logFormat text or JSON log lines
 * @param shutdownGrace how long in-flight requests may take to finish on SIGTERM
 * @param publicUrl the base URL clients reach this server at, used in links it hands out; empty
 *     means {@code http://localhost:<port>}
 * @param tracking settings of the click redirect and the conversion intake
 * @param rtb settings of the bidder
 * @param simulatedClock whether the admin may set the server's clock ({@code clock=simulated}, for
 *     {@code levier demo} and other simulations; never on a server that takes real traffic)
 */
public record LevierConfig(
    String host,
    int port,
    Path dataDir,
    DatabaseSettings database,
    boolean migrateOnStart,
    int maxBodyBytes,
    int maxInFlight,
    int eventLoops,
    int rateLimitPerKey,
    int rateBurstPerKey,
    LogFormat logFormat,
    Duration shutdownGrace,
    String publicUrl,
    TrackingSettings tracking,
    RtbSettings rtb,
    boolean simulatedClock) {

  /** The base URL, once the actual port is known (it differs from {@link #port} when 0). */
  public String publicUrl(int actualPort) {
    if (!publicUrl.isEmpty()) {
      return publicUrl;
    }
    return "http://localhost:" + actualPort;
  }

  /** The same settings with another database; used by tests and the command line. */
  public LevierConfig withDatabase(DatabaseSettings other) {
    return new LevierConfig(
        host,
        port,
        dataDir,
        other,
        migrateOnStart,
        maxBodyBytes,
        maxInFlight,
        eventLoops,
        rateLimitPerKey,
        rateBurstPerKey,
        logFormat,
        shutdownGrace,
        publicUrl,
        tracking,
        rtb,
        simulatedClock);
  }

  /** The same settings on another port. */
  public LevierConfig withPort(int otherPort) {
    return new LevierConfig(
        host,
        otherPort,
        dataDir,
        database,
        migrateOnStart,
        maxBodyBytes,
        maxInFlight,
        eventLoops,
        rateLimitPerKey,
        rateBurstPerKey,
        logFormat,
        shutdownGrace,
        publicUrl,
        tracking,
        rtb,
        simulatedClock);
  }
}
