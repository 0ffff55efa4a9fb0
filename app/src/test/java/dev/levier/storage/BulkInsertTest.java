package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.testing.ScratchDatabase;
import dev.levier.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class BulkInsertTest {
  @Parameter TestDatabase kind;

  private ScratchDatabase scratch;
  private Database database;

  @BeforeEach
  void open() {
    scratch = ScratchDatabase.migrated(kind);
    database = scratch.database();
    database.transaction(
        c -> {
          BulkProbe.create(c);
          return null;
        });
  }

  @AfterEach
  void close() {
    scratch.close();
  }

  @Test
  void textWithTheSeparatorsOfCopyAndAbsentValuesComeBackAsTheyWereGiven() {
    Instant at = Instant.parse("2026-11-28T05:30:12.345678Z");
    List<String> labels =
        List.of(
            "tab\there",
            "line\nbreak",
            "carriage\rreturn",
            "back\\slash",
            "\\N",
            "",
            "accents é, euro €, emoji \uD83D\uDE00",
            "trailing backslash \\");
    BulkInsert insert = new BulkInsert(BulkProbe.TABLE, BulkProbe.COLUMNS);
    for (int i = 0; i < labels.size(); i++) {
      Object[] values = BulkProbe.varied(i, labels.get(i), at);
      Object[] row = new Object[values.length + 1];
      row[0] = (long) i;
      System.arraycopy(values, 0, row, 1, values.length);
      insert.add(row);
    }
    assertThat(insert.size()).isEqualTo(labels.size());
    database.transaction(
        c -> {
          insert.write(c);
          return null;
        });

    List<BulkProbe.Row> rows = BulkProbe.all(database);
    assertThat(rows).hasSize(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      BulkProbe.assertVaried(rows.get(i), i, labels.get(i), at);
    }
    assertThat(insert.size()).as("written rows are forgotten").isZero();
  }

  @Test
  void aKeyAlreadyStoredFailsTheWholeWriteAsAUniqueViolationAndKeepsWhatWasThere() {
    Instant at = Instant.parse("2026-11-28T06:00:00Z");
    BulkInsert first = new BulkInsert("bulk_probe", "id", "label", "count", "flag", "at");
    first.add(1L, "kept", 1, true, at);
    database.transaction(
        c -> {
          first.write(c);
          return null;
        });

    BulkInsert second = new BulkInsert("bulk_probe", "id", "label", "count", "flag", "at");
    second.add(2L, "new", 2, false, at);
    second.add(1L, "clash", 3, false, at);
    second.add(3L, "new too", 4, false, at);
    assertThatThrownBy(
            () ->
                database.transaction(
                    c -> {
                      second.write(c);
                      return null;
                    }))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.isUniqueViolation()).isTrue());

    assertThat(BulkProbe.all(database))
        .extracting(BulkProbe.Row::id, BulkProbe.Row::label)
        .containsExactly(tuple(1L, "kept"));
  }

  @Test
  void aRowOfTheWrongWidthOrWithAnUntypedNullIsRefusedWhenAdded() {
    BulkInsert insert = new BulkInsert("bulk_probe", "id", "label");
    assertThatThrownBy(() -> insert.add(1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 2 values (id, label), got 1");
    assertThatThrownBy(() -> insert.add(1L, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("typed Sql.Null");
    assertThat(insert.size()).isZero();
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }
}
