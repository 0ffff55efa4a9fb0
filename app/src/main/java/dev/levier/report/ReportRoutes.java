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

  private static final Set<String> PUBLISHER_PARAMS =
      Set.of(
          "from",
          "to",
          "groupBy",
          "interval",
          "programmeId",
          "publisherId",
          "compareFrom",
          "compareTo",
          "format");
  private static final String CSV = "text/csv; charset=utf-8";

  private final ReportService service;
  private final PublisherReport publishers;

  public ReportRoutes(ReportService service, PublisherReport publishers) {
    this.service = service;
    this.publishers = publishers;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.list("/api/v1/reports/performance", "performanceReport", this::performance),
        ApiRoute.query("/api/v1/reports/publishers", "publisherReport", this::publishers));
  }

  /**
   * {@code
   * ?from&to[&groupBy=publisher,publisherType,group,programme][&interval=total|day|week|month]
   * [&compareFrom&compareTo][&programmeId][&publisherId][&format=json|csv]}.
   */
  private ApiResponse publishers(ApiRequest request) {
    QueryParams query = request.queryParams(PUBLISHER_PARAMS);
    LocalDate from = date(query, "from");
    LocalDate to = date(query, "to");
    period(from, to, "to");
    Set<PublisherReport.Dimension> groupBy = EnumSet.noneOf(PublisherReport.Dimension.class);
    String dimensions = query.get("groupBy");
    if (dimensions == null) {
      groupBy.add(PublisherReport.Dimension.PUBLISHER);
    } else {
      for (String name : dimensions.split(",", -1)) {
        PublisherReport.Dimension dimension = null;
        for (PublisherReport.Dimension d : PublisherReport.Dimension.values()) {
          if (d.wireName().equals(name.strip())) {
            dimension = d;
          }
        }
        if (dimension == null) {
          throw new BadRequestException(
              "groupBy",
              "groupBy: '" + name + "' is not one of publisher, publisherType, group, programme");
        }
        groupBy.add(dimension);
      }
    }
    PublisherReport.Interval interval =
        query.get(
            "interval",
            text -> {
              try {
                return PublisherReport.Interval.valueOf(text.strip().toUpperCase(Locale.ROOT));
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                    "'" + text + "' is not one of total, day, week, month", e);
              }
            });
    if (interval == null) {
      interval = PublisherReport.Interval.TOTAL;
    }
    LocalDate compareFrom = query.get("compareFrom") == null ? null : date(query, "compareFrom");
    LocalDate compareTo = query.get("compareTo") == null ? null : date(query, "compareTo");
    if ((compareFrom == null) != (compareTo == null)) {
      String missing = compareFrom == null ? "compareFrom" : "compareTo";
      throw new BadRequestException(
          missing,
          missing + ": is required with " + (compareFrom == null ? "compareTo" : "compareFrom"));
    }
    if (compareFrom != null && compareTo != null) {
      period(compareFrom, compareTo, "compareTo");
      if (interval != PublisherReport.Interval.TOTAL) {
        throw new BadRequestException(
            "interval", "interval: two periods are compared as totals; leave interval out");
      }
    }
    String format = query.get("format");
    if (format != null && !format.equals("json") && !format.equals("csv")) {
      throw new BadRequestException("format", "format: '" + format + "' is not one of json, csv");
    }
    java.util.Map<String, Object> report =
        publishers.report(
            request.caller(),
            from,
            to,
            groupBy,
            interval,
            query.get("programmeId", t -> Parsers.publicId("prg", t)),
            query.get("publisherId", t -> Parsers.publicId("pub", t)),
            compareFrom,
            compareTo);
    if ("csv".equals(format)) {
      return new ApiResponse(
          200,
          java.util.Map.of("content-type", CSV),
          publishers.csv(report).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return ApiResponse.json(200, report);
  }

  /** Checks a period of local days: {@code to} not before {@code from}, at most 366 days. */
  public static void period(LocalDate from, LocalDate to, String toName) {
    if (to.isBefore(from)) {
      throw new BadRequestException(toName, toName + ": must not be before its start");
    }
    if (from.plusDays(MAX_DAYS - 1).isBefore(to)) {
      throw new BadRequestException(
          toName, toName + ": a report covers at most " + MAX_DAYS + " days");
    }
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

  /** A required date parameter, as the advertiser's local day; 400 naming it otherwise. */
  public static LocalDate date(QueryParams query, String name) {
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
