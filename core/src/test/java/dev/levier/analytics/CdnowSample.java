package dev.levier.analytics;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CDNOW sample of Fader, Hardie and Lee: 2,357 customers over 39 weeks, in weeks, kept in the
 * shared data directory beside the repository ({@code shared/data/cdnow}) rather than copied into
 * it.
 */
final class CdnowSample {

  static final String RELATIVE = "shared/data/cdnow/cdnow_customers_summary.csv";

  private CdnowSample() {}

  /**
   * The summary file, found by walking up from the working directory (the module when Maven runs
   * the tests, the repository root from an IDE) until a directory holds {@value #RELATIVE}.
   */
  static Path file() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "the CDNOW sample is missing: no "
            + RELATIVE
            + " in "
            + start
            + " or any directory above it; the tests need the shared data directory");
  }

  static List<IdentifiedCustomer> customers() {
    try (Reader in = Files.newBufferedReader(file(), StandardCharsets.UTF_8)) {
      return CustomerSummaryReader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<CustomerSummary> summaries() {
    return customers().stream().map(IdentifiedCustomer::summary).toList();
  }

  /** The customer with this ID. */
  static CustomerSummary customer(String id) {
    return customers().stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no customer " + id))
        .summary();
  }
}
