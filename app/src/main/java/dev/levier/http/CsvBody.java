package dev.levier.http;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.levier.errors.BadRequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A CSV upload (RFC 4180, a header row naming the columns) read into rows of named cells. Rows are
 * numbered as a spreadsheet shows them: the header is row 1, so errors point at the line the caller
 * can find. Empty cells are absent.
 */
public final class CsvBody {
  private static final CsvMapper MAPPER = new CsvMapper();

  private CsvBody() {}

  /**
   * One data row.
   *
   * @param number the row's number in the file, the header being 1
   * @param cells the non-empty cells by column name, trimmed
   */
  public record Row(int number, Map<String, String> cells) {
    public Row {
      cells = Map.copyOf(cells);
    }

    public @Nullable String get(String column) {
      return cells.get(column);
    }
  }

  /**
   * Reads the body. The header must name only known columns and hold every required one; a file
   * that is not CSV, or that has more than {@code maxRows} rows, is refused whole with 400.
   */
  public static List<Row> read(
      byte[] body, Set<String> required, Set<String> optional, int maxRows) {
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    List<Row> rows = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it =
        MAPPER
            .readerForMapOf(String.class)
            .with(schema)
            .with(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
            .with(CsvParser.Feature.TRIM_SPACES)
            .readValues(body)) {
      boolean headerChecked = false;
      int records = 0;
      while (it.hasNextValue()) {
        Map<String, String> record = it.nextValue();
        if (!headerChecked) {
          checkHeader(record.keySet(), required, optional);
          headerChecked = true;
        }
        // Numbered as a spreadsheet shows records: a quoted cell may span lines of the file.
        int number = ++records + 1;
        if (rows.size() == maxRows) {
          throw new BadRequestException(
              "body", "a file holds at most " + maxRows + " rows; split it");
        }
        Map<String, String> cells = new LinkedHashMap<>();
        record.forEach(
            (column, value) -> {
              if (value != null && !value.isBlank()) {
                cells.put(column, value.strip());
              }
            });
        if (!cells.isEmpty()) {
          rows.add(new Row(number, cells));
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof BadRequestException bad) {
        throw bad;
      }
      throw new BadRequestException("body", "the body is not valid CSV: " + firstLine(e));
    }
    return rows;
  }

  private static void checkHeader(Set<String> columns, Set<String> required, Set<String> optional) {
    for (String column : columns) {
      if (!required.contains(column) && !optional.contains(column)) {
        throw new BadRequestException(
            "body",
            "unknown column '"
                + column
                + "'; the columns are "
                + String.join(", ", required)
                + (optional.isEmpty() ? "" : ", and optionally " + String.join(", ", optional)));
      }
    }
    for (String column : required) {
      if (!columns.contains(column)) {
        throw new BadRequestException("body", "the header lacks the column '" + column + "'");
      }
    }
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
