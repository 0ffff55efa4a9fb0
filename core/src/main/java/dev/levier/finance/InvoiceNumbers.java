package dev.levier.finance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One gap-free series of invoice numbers: each number is the one after the last issued, and the
 * sequence starts again at 1 with each new year.
 *
 * <p>Pure: the caller reads the last number issued and stores the next one in the same transaction
 * as the invoice, so that two invoices never take one number and no number is skipped.
 *
 * @param prefix the series' prefix, such as {@code LEV}
 */
public record InvoiceNumbers(String prefix) {

  public InvoiceNumbers {
    Objects.requireNonNull(prefix, "prefix");
    if (!InvoiceNumber.validPrefix(prefix)) {
      throw new IllegalArgumentException(
          "prefix: expected 1 to 10 uppercase letters or digits starting with a letter, like"
              + " \"LEV\", not \""
              + prefix
              + "\"");
    }
  }

  /**
   * The number to issue next in {@code year}: the first of the year when {@code last} is null or of
   * an earlier year, else the one after {@code last}.
   *
   * @param last the last number issued in this series, or null if none was
   * @param year the year of the invoice about to be issued
   * @throws IllegalArgumentException if {@code last} belongs to another series or a later year, or
   *     the year's numbers are used up
   */
  public InvoiceNumber next(@Nullable InvoiceNumber last, int year) {
    if (last != null && !last.prefix().equals(prefix)) {
      throw new IllegalArgumentException("last: " + last + " is not in the " + prefix + " series");
    }
    if (last == null || last.year() < year) {
      return new InvoiceNumber(prefix, year, 1);
    }
    if (last.year() > year) {
      throw new IllegalArgumentException(
          "year: the last invoice "
              + last
              + " is from a later year than "
              + year
              + "; invoices are numbered in the order they are issued");
    }
    if (last.sequence() == InvoiceNumber.MAX_SEQUENCE) {
      throw new IllegalArgumentException(
          "the "
              + prefix
              + " series has used all "
              + InvoiceNumber.MAX_SEQUENCE
              + " numbers of "
              + year);
    }
    return new InvoiceNumber(prefix, year, last.sequence() + 1);
  }

  /**
   * The numbers missing from a series as issued, for an audit: every year's numbers must run from 1
   * to the highest without a hole, and none may appear twice.
   *
   * @param issued the numbers issued, in any order
   * @return one line per problem in plain words ("LEV-2026-000004 is missing", "LEV-2026-000007 to
   *     LEV-2026-000009 are missing (3 numbers)", "LEV-2026-000002 is issued twice"), in number
   *     order; empty when the series is gap-free
   */
  public List<String> problems(List<InvoiceNumber> issued) {
    Objects.requireNonNull(issued, "issued");
    List<InvoiceNumber> sorted = new ArrayList<>(issued);
    sorted.sort(null);
    List<String> problems = new ArrayList<>();
    InvoiceNumber previous = null;
    for (InvoiceNumber number : sorted) {
      if (!number.prefix().equals(prefix)) {
        problems.add(number + " is not in the " + prefix + " series");
        continue;
      }
      int expected =
          previous == null || previous.year() != number.year() ? 1 : previous.sequence() + 1;
      if (previous != null && previous.equals(number)) {
        problems.add(number + " is issued twice");
        continue;
      }
      int gap = number.sequence() - expected;
      if (gap == 1) {
        problems.add(new InvoiceNumber(prefix, number.year(), expected) + " is missing");
      } else if (gap > 1) {
        problems.add(
            new InvoiceNumber(prefix, number.year(), expected)
                + " to "
                + new InvoiceNumber(prefix, number.year(), number.sequence() - 1)
                + " are missing ("
                + gap
                + " numbers)");
      }
      previous = number;
    }
    return List.copyOf(problems);
  }
}
