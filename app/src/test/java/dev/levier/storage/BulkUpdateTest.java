package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.testing.ScratchDatabase;
import dev.levier.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class BulkUpdateTest {
  @Parameter TestDatabase kind;

  private static final Instant AT = Instant.parse("2026-11-28T08:30:12.345678Z");

  /**
   * Text that an array's literal must quote or escape (quotes, braces, commas, backslashes, blanks,
   * the word NULL), and COPY's separators.
   */
  private static final List<String> LABELS =
      List.of(
          "quote \" here",
          "{braces}",
          "a, comma",
          "back\\slash",
          "NULL",
          "",
          "  blanks  ",
          "tab\tline\nbreak",
          "accents é, euro €, emoji \uD83D\uDE00");

  private ScratchDatabase scratch;
  private Database database;

  @BeforeEach
  void open() {
    scratch = ScratchDatabase.migrated(kind);
    database = scratch.database();
    database.transaction(
        c -> {
          BulkProbe.create(c);
          BulkInsert rows = new BulkInsert(BulkProbe.TABLE, BulkProbe.COLUMNS);
          for (long id = 0; id < LABELS.size() + 2; id++) {
            rows.add(
                id,
                "before " + id,
                0,
                false,
                AT,
                "note before",
                AT,
                new BigDecimal("9.5"),
                LocalDate.of(2026, 1, 1));
          }
          rows.write(c);
          return null;
        });
  }

  @AfterEach
  void close() {
    scratch.close();
  }

  @Test
  void eachRowNamedGetsItsValuesTheOthersAreLeftAndTheChangedRowsAreCounted() {
    BulkUpdate update =
        new BulkUpdate(
            "bulk_probe", "id", "label", "count", "flag", "at", "note", "seen", "rate", "rate_day");
    // Rows 0 and 1 are left out; a key no row has changes nothing.
    for (int i = 0; i < LABELS.size(); i++) {
      update.add((long) i + 2, BulkProbe.varied(i, LABELS.get(i), AT));
    }
    update.add(
        1_000L,
        "nobody",
        1,
        true,
        AT,
        Sql.NULL_TEXT,
        Sql.NULL_TIME,
        new Sql.Null(Types.NUMERIC),
        new Sql.Null(Types.DATE));

    int changed = database.transaction(update::write);

    assertThat(changed).isEqualTo(LABELS.size());
    assertThat(update.size()).as("written rows are forgotten").isZero();
    List<BulkProbe.Row> rows = BulkProbe.all(database);
    assertThat(rows).hasSize(LABELS.size() + 2);
    for (int id = 0; id < 2; id++) {
      assertThat(rows.get(id))
          .isEqualTo(
              new BulkProbe.Row(
                  id,
                  "before " + id,
                  0,
                  false,
                  AT,
                  "note before",
                  AT,
                  rows.get(id).rate(),
                  LocalDate.of(2026, 1, 1)));
      assertThat(rows.get(id).rate()).isEqualByComparingTo("9.5");
    }
    for (int i = 0; i < LABELS.size(); i++) {
      BulkProbe.assertVaried(rows.get(i + 2), i, LABELS.get(i), AT);
    }
  }

  @Test
  void aColumnOfOnlyNullsIsSetToNull() {
    BulkUpdate update = new BulkUpdate("bulk_probe", "id", "seen", "rate");
    update.add(3L, Sql.NULL_TIME, new Sql.Null(Types.NUMERIC));
    update.add(4L, Sql.NULL_TIME, new Sql.Null(Types.NUMERIC));

    assertThat(database.transaction(update::write)).isEqualTo(2);

    assertThat(BulkProbe.all(database))
        .filteredOn(row -> row.id() == 3 || row.id() == 4)
        .allSatisfy(
            row -> {
              assertThat(row.seen()).isNull();
              assertThat(row.rate()).isNull();
            });
  }

  @Test
  void aRowOfTheWrongWidthOrWithAnUntypedNullIsRefusedWhenAdded() {
    BulkUpdate update = new BulkUpdate("bulk_probe", "id", "label", "count");
    assertThatThrownBy(() -> update.add(1L, "one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 2 values (label, count), got 1");
    assertThatThrownBy(() -> update.add(1L, null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("typed Sql.Null");
    assertThatThrownBy(() -> update.add(Sql.NULL_BIGINT, "one", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the key id");
    assertThat(update.size()).isZero();
  }
}
