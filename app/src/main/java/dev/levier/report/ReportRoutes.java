package dev.levier.report;

import dev.levier.errors.BadRequestException;
import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code /api/v1/reports}. */
public final class ReportRoutes {
  private static final Set<String> PARAMS =
      Set.of("from", "to", "groupBy", "programmeId", "publisherId");
  private static final int MAX_DAYS = 366;

  private final ReportService service;

  public ReportRoutes(ReportService service) {
    this.service = service;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.list("/api/v1/reports/performance", "performanceReport", this::performance));
  }

  private ApiResponse performance(ApiRequest request) {
    QueryParams query = request.queryParams(PARAMS);
    LocalDate from = date(query, "from");
    LocalDate to = date(query, "to");
    if (to.isBefore(from)) {
      throw new BadRequestException("to", "to: must not be before from");
    }
    if (from.plusDays(MAX_DAYS - 1).isBefore(to)) {
      throw new BadRequestException("to", "to: a report covers at most " + MAX_DAYS + " days");
    }
    Set<ReportService.Dimension> groupBy = EnumSet.noneOf(ReportService.Dimension.class);
    String dimensions = query.get("groupBy");
    if (dimensions == null) {
      groupBy.addAll(EnumSet.allOf(ReportService.Dimension.class));
    } else {
      for (String name : dimensions.split(",", -1)) {
        try {
          groupBy.add(ReportService.Dimension.valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new BadRequestException(
              "groupBy", "groupBy: '" + name + "' is not one of day, programme, publisher");
        }
      }
    }
    return ApiResponse.json(
        200,
        service.performance(
            request.caller(),
            from,
            to,
            groupBy,
            query.get("programmeId", t -> Parsers.publicId("prg", t)),
            query.get("publisherId", t -> Parsers.publicId("pub", t))));
  }

  private static LocalDate date(QueryParams query, String name) {
    String text = query.get(name);
    if (text == null) {
      throw new BadRequestException(name, name + ": is required, as a date like 2026-11-25");
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadRequestException(name, name + ": '" + text + "' is not a date like 2026-11-25");
    }
  }
}
