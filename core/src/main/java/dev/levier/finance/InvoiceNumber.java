package dev.levier.finance;

import java.util.Locale;
import java.util.Objects;

/**
 * An invoice number such as {@code LEV-2026-000123}: a prefix, the year of issue and a sequence
 * number that restarts at 1 each year.
 *
 * <p>The sequence is written with at least six digits so that numbers of one year sort as text in
 * the order they were issued; a series with more than 999,999 invoices in a year is refused rather
 * than widened, since a wider number would sort before the ones it follows.
 *
 * @param prefix one to ten uppercase ASCII letters or digits, starting with a letter
 * @param year the year of issue, from 2000 to 9999
 * @param sequence from 1 to {@link #MAX_SEQUENCE}
 */
public record InvoiceNumber(String prefix, int year, int sequence)
    implements Comparable<InvoiceNumber> {

  /** The largest sequence number of one year. */
  public static final int MAX_SEQUENCE = 999_999;

  public InvoiceNumber {
    Objects.requireNonNull(prefix, "prefix");
    if (!validPrefix(prefix)) {
      throw new IllegalArgumentException(
          "prefix: expected 1 to 10 uppercase letters or digits starting with a letter, like"
              + " \"LEV\", not \""
              + prefix
              + "\"");
    }
    if (year < 2000 || year > 9999) {
      throw new IllegalArgumentException("year: must be from 2000 to 9999, not " + year);
    }
    if (sequence < 1 || sequence > MAX_SEQUENCE) {
      throw new IllegalArgumentException(
          "sequence: must be from 1 to " + MAX_SEQUENCE + ", not " + sequence);
    }
  }

  /**
   * Reads a number as printed, {@code PREFIX-YYYY-NNNNNN}.
   *
   * @throws IllegalArgumentException saying what is wrong, if it is not such a number
   */
  public static InvoiceNumber parse(String text) {
    Objects.requireNonNull(text, "text");
    int first = text.indexOf('-');
    int second = first < 0 ? -1 : text.indexOf('-', first + 1);
    String shown = text.length() <= 40 ? text : text.substring(0, 40) + "...";
    if (second < 0
        || second - first != 5
        || text.length() - second - 1 != 6
        || !digits(text, first + 1, second)
        || !digits(text, second + 1, text.length())) {
      throw new IllegalArgumentException(
          "\""
              + shown
              + "\" is not an invoice number: expected PREFIX-YYYY-NNNNNN, like"
              + " LEV-2026-000123");
    }
    return new InvoiceNumber(
        text.substring(0, first),
        Integer.parseInt(text, first + 1, second, 10),
        Integer.parseInt(text, second + 1, text.length(), 10));
  }

  /** Year, then sequence; numbers of different prefixes belong to different series. */
  @Override
  public int compareTo(InvoiceNumber other) {
    int byPrefix = prefix.compareTo(other.prefix);
    if (byPrefix != 0) {
      return byPrefix;
    }
    int byYear = Integer.compare(year, other.year);
    return byYear != 0 ? byYear : Integer.compare(sequence, other.sequence);
  }

  /** {@code LEV-2026-000123}. */
  @Override
  public String toString() {
    return prefix + "-" + year + "-" + String.format(Locale.ROOT, "%06d", sequence);
  }

  static boolean validPrefix(String prefix) {
    if (prefix.isEmpty()
        || prefix.length() > 10
        || prefix.charAt(0) < 'A'
        || prefix.charAt(0) > 'Z') {
      return false;
    }
    return prefix.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return to > from;
  }
}
