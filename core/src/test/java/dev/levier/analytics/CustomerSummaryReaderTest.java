package dev.levier.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.text.RefusedFileException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerSummaryReaderTest {

  private static List<IdentifiedCustomer> read(String text) {
    return CustomerSummaryReader.read(new StringReader(text));
  }

  private static RefusedFileException refusal(String text) {
    try {
      read(text);
    } catch (RefusedFileException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void readsRowsInFileOrder() {
    List<IdentifiedCustomer> customers =
        read("\uFEFFID,x,t_x,T,zbar\n1,2,30.43,38.86,22.35\n\n 7 , 0.0 , 0 , 38.86 , 0 \n");

    assertThat(customers)
        .containsExactly(
            new IdentifiedCustomer("1", new CustomerSummary(2, 30.43, 38.86, 22.35)),
            new IdentifiedCustomer("7", new CustomerSummary(0, 0, 38.86, 0)));
  }

  @Test
  void theHeaderIgnoresCaseAndSpaces() {
    assertThat(read("id, X ,T_X,t,ZBAR\n1,0,0,1,0")).hasSize(1);
  }

  @Test
  void listsEveryBadLineWithItsNumber() {
    RefusedFileException e =
        refusal(
            "ID,x,t_x,T,zbar\n"
                + "1,2,30.43,38.86,22.35\n"
                + "2,-1,0,38.86,0\n"
                + "3,1.5,2,38.86,4\n"
                + ",1,2,38.86,abc\n"
                + "1,1,40,38.86,4\n"
                + "5,0,3,38.86,0\n"
                + "6,1,2\n");

    assertThat(e.total()).isEqualTo(6);
    assertThat(e.errors())
        .extracting(RefusedFileException.LineError::line)
        .containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(e.getMessage())
        .isEqualTo(
            "the customer summary is refused, 6 bad lines:\n"
                + "  line 3: x must be zero or more, not '-1'\n"
                + "  line 4: x must be a whole number, not '1.5'\n"
                + "  line 5: ID is missing; zbar is not a number: 'abc'\n"
                + "  line 6: ID '1' already appears on line 2; t_x (recency) must be between 0"
                + " and T (age) = 38.86, not 40.0\n"
                + "  line 7: t_x (recency) must be 0 when x (repeat purchases) is 0, not 3.0\n"
                + "  line 8: expected 5 fields separated by ',' (ID, x, t_x, T, zbar), found 3");
  }

  @Test
  void listsTheFirstTwentyAndCountsTheRest() {
    StringBuilder text = new StringBuilder("ID,x,t_x,T,zbar\n");
    for (int i = 0; i < 25; i++) {
      text.append(i).append(",x,0,1,0\n");
    }
    RefusedFileException e = refusal(text.toString());

    assertThat(e.total()).isEqualTo(25);
    assertThat(e.errors()).hasSize(CustomerSummaryReader.MAX_ERRORS);
    assertThat(e.getMessage()).endsWith("\n  and 5 more");
  }

  @Test
  void refusesAnotherFormatOnce() {
    RefusedFileException e = refusal("frequency,recency,T\n1,2,3\n4,5,6\n");

    assertThat(e.getMessage())
        .isEqualTo(
            "the customer summary is refused, 1 bad line:\n"
                + "  line 1: expected the header ID,x,t_x,T,zbar, found 'frequency,recency,T'");
  }

  @Test
  void refusesAnEmptyFileAndAHeaderAlone() {
    assertThat(refusal("").getMessage())
        .endsWith("line 1: the file is empty; expected the header ID,x,t_x,T,zbar");
    assertThat(refusal("ID,x,t_x,T,zbar\n").getMessage())
        .endsWith("line 1: the file has a header but no customer");
  }

  @Test
  void theCdnowSampleReads() {
    assertThat(CdnowSample.customers()).hasSize(2357);
  }

  @Test
  void refusesACountTooLargeForAnInt() {
    assertThatThrownBy(() -> read("ID,x,t_x,T,zbar\n1,99999999999,0,1,0\n"))
        .hasMessageContaining("x is too large");
  }
}
