package dev.levier.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * Reads a text file whose first non-blank line is a header and the others rows, as the summary
 * files exported from analytics tools are: a byte order mark (as spreadsheets write) is dropped,
 * blank lines are skipped, and every line is numbered as an editor numbers it, so that errors can
 * name the line to fix.
 */
public final class HeaderedLines {

  private HeaderedLines() {}

  /** What a reader does with the lines. */
  public interface Visitor {

    /** The number of the line about to be read, the first being 1; blank lines are numbered too. */
    void at(long number);

    /**
     * The header: returns false to stop reading, since the rows of a file of another format would
     * only repeat the same mistake.
     */
    boolean header(String line);

    /** A row after the header. */
    void row(String line);
  }

  /**
   * Reads every line; does not close {@code in}.
   *
   * @param what what the file is, for the message of a failed read ("the path summary")
   * @return whether there was a header
   * @throws UncheckedIOException if the reader fails
   */
  public static boolean read(Reader in, String what, Visitor visitor) {
    BufferedReader lines = new BufferedReader(in, 1 << 16);
    long number = 0;
    boolean headerSeen = false;
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        number++;
        visitor.at(number);
        if (number == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        if (!headerSeen) {
          headerSeen = true;
          if (!visitor.header(line)) {
            break;
          }
          continue;
        }
        visitor.row(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + what, e);
    }
    return headerSeen;
  }
}
