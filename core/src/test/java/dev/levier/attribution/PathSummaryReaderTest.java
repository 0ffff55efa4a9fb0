package dev.levier.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.text.RefusedFileException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathSummaryReaderTest {

  private static final String HEADER = PathSummaryReader.HEADER + "\n";

  private static Paths read(String text) {
    return PathSummaryReader.read(new StringReader(text));
  }

  private static RefusedFileException refused(String text) {
    try {
      read(text);
    } catch (RefusedFileException e) {
      return e;
    }
    throw new AssertionError("accepted: " + text);
  }

  private static List<String> names(Paths paths, int i) {
    List<String> names = new ArrayList<>();
    for (int channel : paths.path(i)) {
      names.add(paths.channels().get(channel));
    }
    return names;
  }

  @Test
  void readsPathsWithSpacesAroundChannelsAndBlankTrailingLines() {
    Paths paths =
        read(
            "\uFEFF"
                + HEADER
                + "direct;2;40;1\n"
                + "search > email;3;61.5;2\r\n"
                + " search>social  >  email ;5;100.25;4\n"
                + "\n"
                + "   \n");

    assertThat(paths.size()).isEqualTo(3);
    assertThat(paths.channels()).containsExactly("direct", "search", "email", "social");
    assertThat(names(paths, 2)).containsExactly("search", "social", "email");
    assertThat(paths.conversions(1)).isEqualTo(3);
    assertThat(paths.value(1)).isEqualTo(61.5);
    assertThat(paths.nulls(2)).isEqualTo(4);
    assertThat(paths.ages(0)).isNull();
    assertThat(paths.totalConversions()).isEqualTo(10);
    assertThat(paths.totalValue()).isEqualTo(201.75);
  }

  @Test
  void readsCountsWrittenAsWholeDecimalsAndValuesWithExponents() {
    Paths paths = read(HEADER + "a > a;3.0;1e3;0\nb;0;.5;7.00\n");

    assertThat(paths.conversions(0)).isEqualTo(3);
    assertThat(paths.value(0)).isEqualTo(1000);
    assertThat(paths.value(1)).isEqualTo(0.5);
    assertThat(paths.nulls(1)).isEqualTo(7);
    assertThat(names(paths, 0)).containsExactly("a", "a");
  }

  @Test
  void headerNamesIgnoreCaseAndSpaces() {
    Paths paths = read("PATH ; Total_Conversions;total_conversion_value ; TOTAL_NULL\nx;1;0;0\n");

    assertThat(paths.size()).isEqualTo(1);
  }

  @Test
  void everyBadLineIsReportedWithItsNumber() {
    RefusedFileException e =
        refused(
            HEADER
                + "a;1;1;0\n"
                + ";1;1;0\n"
                + "a > b;1;1\n"
                + "a >  > b;1;1;0\n"
                + "a;-1;1;0\n"
                + "a;1;-2.5;0\n"
                + "a;x;1;0\n"
                + "a;1.5;1;0\n"
                + "a;1;NaN;Infinity\n"
                + "a;1;1;0;\n"
                + "\n"
                + "a;99999999999999999999;1;0\n"
                + "  > b;1;1;0\n");

    assertThat(e.errors())
        .extracting(RefusedFileException.LineError::line)
        .containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 13L, 14L);
    assertThat(e.total()).isEqualTo(11);
    assertThat(e.errors().get(0).reason()).isEqualTo("the path is empty");
    assertThat(e.errors().get(1).reason()).contains("expected 4 fields", "found 3");
    assertThat(e.errors().get(2).reason()).contains("channel 2 of the path is empty");
    assertThat(e.errors().get(3).reason())
        .isEqualTo("total_conversions must be zero or more, not '-1'");
    assertThat(e.errors().get(4).reason())
        .isEqualTo("total_conversion_value must be zero or more, not '-2.5'");
    assertThat(e.errors().get(5).reason()).isEqualTo("total_conversions is not a number: 'x'");
    assertThat(e.errors().get(6).reason())
        .isEqualTo("total_conversions must be a whole number, not '1.5'");
    // Two problems on one line make one error with both.
    assertThat(e.errors().get(7).reason())
        .isEqualTo(
            "total_conversion_value is not a number: 'NaN'; total_null is not a number:"
                + " 'Infinity'");
    assertThat(e.errors().get(8).reason()).contains("found 5");
    assertThat(e.errors().get(9).reason()).contains("total_conversions is too large");
    assertThat(e.errors().get(10).reason()).contains("channel 1 of the path is empty");
    assertThat(e.getMessage())
        .startsWith("the path summary is refused, 11 bad lines:\n  line 3: the path is empty\n");
  }

  @Test
  void errorsAreListedUpToTheLimitAndCountedBeyond() {
    StringBuilder text = new StringBuilder(HEADER);
    for (int i = 0; i < 50; i++) {
      text.append("a;oops;1;0\n");
    }

    RefusedFileException e = refused(text.toString());

    assertThat(e.errors()).hasSize(PathSummaryReader.MAX_ERRORS);
    assertThat(e.errors().get(19).line()).isEqualTo(21);
    assertThat(e.total()).isEqualTo(50);
    assertThat(e.getMessage()).endsWith("\n  and 30 more");
  }

  @Test
  void anEmptyFileAWrongHeaderOrNoPathIsRefused() {
    assertThat(refused("").errors().get(0))
        .hasToString("line 1: the file is empty; expected the header " + PathSummaryReader.HEADER);
    assertThat(refused("\n\n").errors().get(0).reason()).startsWith("the file is empty");
    assertThat(refused(HEADER + "\n").errors().get(0).reason())
        .isEqualTo("the file has a header but no path");
    // A file without its header: the first row is not taken as one, and reading stops there.
    RefusedFileException noHeader = refused("direct;2;40;1\nsearch;1;1;0\n");
    assertThat(noHeader.errors()).hasSize(1);
    assertThat(noHeader.errors().get(0).reason())
        .isEqualTo("expected the header " + PathSummaryReader.HEADER + ", found 'direct;2;40;1'");
  }

  @Test
  void aLongLineIsCutShortInTheMessage() {
    String channel = "c".repeat(500);
    RefusedFileException e = refused(HEADER + channel + ";z;1;0\n");

    assertThat(e.getMessage()).hasSizeLessThan(200);
  }

  @Test
  void aFailingReaderIsAnIoError() {
    Reader broken =
        new Reader() {
          @Override
          public int read(char[] buffer, int offset, int length) throws IOException {
            throw new IOException("disk gone");
          }

          @Override
          public void close() {}
        };

    assertThatThrownBy(() -> PathSummaryReader.read(broken))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("disk gone");
  }

  @Test
  void readsAManyPathsFileLineByLine() {
    // A reader that produces rows on demand: the file is never a string in memory.
    int rows = 200_000;
    Reader generated =
        new Reader() {
          private int row = -1;
          private String pending = "";
          private int at;

          @Override
          public int read(char[] buffer, int offset, int length) {
            if (at == pending.length()) {
              row++;
              if (row > rows) {
                return -1;
              }
              pending =
                  row == 0
                      ? PathSummaryReader.HEADER + "\n"
                      : "c" + (row % 12) + " > c" + (row % 5) + ";1;2.5;3\n";
              at = 0;
            }
            int n = Math.min(length, pending.length() - at);
            pending.getChars(at, at + n, buffer, offset);
            at += n;
            return n;
          }

          @Override
          public void close() {}
        };

    Paths paths = PathSummaryReader.read(generated);

    assertThat(paths.size()).isEqualTo(rows);
    assertThat(paths.totalConversions()).isEqualTo(rows);
    assertThat(paths.channels()).hasSize(12);
  }
}
