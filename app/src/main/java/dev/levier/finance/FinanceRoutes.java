package dev.levier.finance;

import static java.util.Objects.requireNonNull;

import dev.levier.auth.Principal;
import dev.levier.errors.NotFoundException;
import dev.levier.geo.CountryCode;
import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.JsonInput;
import dev.levier.http.Page;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.WireEnum;
import dev.levier.storage.Database;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The money routes: billing settings, month close, the ledger, invoices and payouts.
 *
 * <p>{@code /api/v1/advertisers/{id}/billing}, {@code /api/v1/publishers/{id}/billing}, {@code
 * /api/v1/vat-rates}, {@code /api/v1/programmes/{id}/periods/{month}/close}, {@code
 * /api/v1/ledger/...}, {@code /api/v1/invoices...}, {@code /api/v1/payouts...}.
 */
public final class FinanceRoutes {
  private static final String CSV = "text/csv; charset=utf-8";
  private static final java.util.regex.Pattern PERCENT =
      java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,4})?");

  private final Database database;
  private final BillingService billing;
  private final PeriodService periods;
  private final InvoiceService invoices;
  private final PayoutService payouts;

  public FinanceRoutes(
      Database database,
      BillingService billing,
      PeriodService periods,
      InvoiceService invoices,
      PayoutService payouts) {
    this.database = database;
    this.billing = billing;
    this.periods = periods;
    this.invoices = invoices;
    this.payouts = payouts;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/api/v1/advertisers/{id}/billing", "getAdvertiserBilling", this::advertiser),
        ApiRoute.post(
            "/api/v1/advertisers/{id}/billing", "setAdvertiserBilling", this::setAdvertiser),
        ApiRoute.get("/api/v1/publishers/{id}/billing", "getPublisherBilling", this::publisher),
        ApiRoute.post("/api/v1/publishers/{id}/billing", "setPublisherBilling", this::setPublisher),
        ApiRoute.get(
            "/api/v1/vat-rates",
            "listVatRates",
            r -> ApiResponse.ok(Map.of("data", billing.vatRates()))),
        ApiRoute.post("/api/v1/vat-rates", "setVatRate", this::setVat),
        ApiRoute.post("/api/v1/programmes/{id}/periods/{month}/close", "closePeriod", this::close),
        ApiRoute.list("/api/v1/ledger/balances", "ledgerBalances", this::balances),
        ApiRoute.list("/api/v1/ledger/entries", "ledgerEntries", this::entries),
        ApiRoute.post("/api/v1/invoices/run", "runInvoices", this::runInvoices),
        ApiRoute.list("/api/v1/invoices", "listInvoices", this::listInvoices),
        ApiRoute.get("/api/v1/invoices/{number}", "getInvoice", this::invoice),
        ApiRoute.get("/api/v1/invoices/{number}/lines.csv", "getInvoiceLines", this::invoiceLines),
        ApiRoute.post("/api/v1/invoices/{number}/payments", "recordInvoicePayment", this::payment),
        ApiRoute.post("/api/v1/payouts/run", "runPayouts", this::runPayouts),
        ApiRoute.list("/api/v1/payouts", "listPayouts", this::listPayouts),
        ApiRoute.get("/api/v1/payouts/runs/{runId}/file.csv", "getPayoutFile", this::payoutFile),
        ApiRoute.post("/api/v1/payouts/{id}/sent", "markPayoutSent", this::sent),
        ApiRoute.post("/api/v1/payouts/{id}/failed", "markPayoutFailed", this::failed));
  }

  private ApiResponse advertiser(ApiRequest request) {
    return ApiResponse.ok(billing.advertiser(request.caller(), request.pathParam("id")));
  }

  private ApiResponse setAdvertiser(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "feePercent", "feePerConversion");
    in.requirePresent("feePercent");
    BigDecimal percent = in.optional("feePercent", FinanceRoutes::percent);
    String fixed = in.optionalText("feePerConversion", 40);
    in.validate();
    return ApiResponse.ok(
        billing.setAdvertiser(
            request.caller(), request.pathParam("id"), requireNonNull(percent), fixed));
  }

  private ApiResponse publisher(ApiRequest request) {
    return ApiResponse.ok(billing.publisher(request.caller(), request.pathParam("id")));
  }

  private ApiResponse setPublisher(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "payoutThreshold");
    String threshold = in.requiredText("payoutThreshold", 40);
    in.validate();
    return ApiResponse.ok(
        billing.setPublisher(request.caller(), request.pathParam("id"), requireNonNull(threshold)));
  }

  private ApiResponse setVat(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "country", "percent");
    CountryCode country = in.required("country", CountryCode::of);
    BigDecimal percent = in.required("percent", FinanceRoutes::percent);
    in.validate();
    return ApiResponse.ok(
        billing.setVatRate(request.caller(), requireNonNull(country), requireNonNull(percent)));
  }

  private ApiResponse close(ApiRequest request) {
    YearMonth month;
    try {
      month = month(request.pathParam("month"));
    } catch (IllegalArgumentException e) {
      throw new dev.levier.errors.BadRequestException("month", String.valueOf(e.getMessage()));
    }
    JsonInput.of(
            request.body().length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : request.body())
        .validate();
    return ApiResponse.ok(periods.close(request.caller(), request.pathParam("id"), month));
  }

  private ApiResponse balances(ApiRequest request) {
    QueryParams query = request.queryParams(Set.of("account", "ownerId"));
    AccountKind kind = query.get("account", t -> WireEnum.require(AccountKind.class, t));
    String owner = owner(request.caller(), query.get("ownerId"));
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, long[]> trial = new TreeMap<>();
    for (LedgerStore.Balance balance :
        database.transaction(c -> LedgerStore.balances(c, kind, owner))) {
      Map<String, Object> row = new LinkedHashMap<>();
      Money amount = balance.balance();
      row.put("account", balance.kind().toString());
      row.put("ownerId", balance.owner());
      row.put("currency", amount.currency().code());
      row.put("side", amount.isNegative() ? "credit" : "debit");
      row.put("balance", amount.abs().toDecimalString());
      rows.add(row);
      long[] sums = trial.computeIfAbsent(amount.currency().code(), k -> new long[2]);
      sums[amount.isNegative() ? 1 : 0] += amount.abs().minor();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", rows);
    if (kind == null && owner == null) {
      List<Map<String, Object>> totals = new ArrayList<>();
      trial.forEach(
          (code, sums) -> {
            CurrencyUnit currency = CurrencyUnit.of(code);
            Map<String, Object> total = new LinkedHashMap<>();
            total.put("currency", code);
            total.put("debits", Money.ofMinor(sums[0], currency).toDecimalString());
            total.put("credits", Money.ofMinor(sums[1], currency).toDecimalString());
            total.put("balanced", sums[0] == sums[1]);
            totals.add(total);
          });
      body.put("trialBalance", totals);
    }
    return ApiResponse.ok(body);
  }

  private ApiResponse entries(ApiRequest request) {
    QueryParams query = request.queryParams(Set.of("commissionId", "ownerId", "limit", "cursor"));
    int limit = query.limit();
    String commission = query.get("commissionId", t -> Parsers.publicId("com", t));
    String owner = owner(request.caller(), query.get("ownerId"));
    String after = query.after();
    long afterRow = after == null ? 0 : parseRow(after);
    List<Map<String, Object>> rows =
        database.transaction(c -> LedgerStore.entries(c, commission, owner, afterRow, limit));
    Page<Map<String, Object>> page = Page.of(rows, limit, r -> String.valueOf(r.get("row")));
    rows.forEach(r -> r.remove("row"));
    return ApiResponse.json(200, page);
  }

  private ApiResponse runInvoices(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "month");
    YearMonth month = in.required("month", FinanceRoutes::month);
    in.validate();
    return ApiResponse.ok(Map.of("issued", invoices.run(request.caller(), requireNonNull(month))));
  }

  private ApiResponse listInvoices(ApiRequest request) {
    QueryParams query = request.queryParams(Set.of("advertiserId", "month"));
    String advertiser = query.get("advertiserId", t -> Parsers.publicId("adv", t));
    YearMonth month = query.get("month", FinanceRoutes::month);
    return ApiResponse.ok(
        Map.of(
            "data",
            invoices.list(request.caller(), advertiser, month == null ? null : month.toString())));
  }

  private ApiResponse invoice(ApiRequest request) {
    return ApiResponse.ok(invoices.get(request.caller(), request.pathParam("number")));
  }

  private ApiResponse invoiceLines(ApiRequest request) {
    String csv = invoices.linesCsv(request.caller(), request.pathParam("number"));
    return new ApiResponse(200, Map.of("content-type", CSV), csv.getBytes(StandardCharsets.UTF_8));
  }

  private ApiResponse payment(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "amount", "reference");
    String amount = in.requiredText("amount", 40);
    String reference = in.requiredText("reference", 100);
    in.validate();
    return ApiResponse.ok(
        invoices.recordPayment(
            request.caller(),
            request.pathParam("number"),
            requireNonNull(amount),
            requireNonNull(reference)));
  }

  private ApiResponse runPayouts(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "runId");
    String runId = in.requiredText("runId", 64);
    in.validate();
    return ApiResponse.ok(payouts.run(request.caller(), requireNonNull(runId)));
  }

  private ApiResponse listPayouts(ApiRequest request) {
    QueryParams query = request.queryParams(Set.of("runId", "publisherId", "status"));
    String status = query.get("status", t -> WireEnum.require(PayoutStatus.class, t).toString());
    return ApiResponse.ok(
        Map.of(
            "data",
            payouts.list(
                request.caller(),
                query.get("runId"),
                query.get("publisherId", t -> Parsers.publicId("pub", t)),
                status)));
  }

  private ApiResponse payoutFile(ApiRequest request) {
    String csv = payouts.file(request.caller(), request.pathParam("runId"));
    return new ApiResponse(200, Map.of("content-type", CSV), csv.getBytes(StandardCharsets.UTF_8));
  }

  private ApiResponse sent(ApiRequest request) {
    return ApiResponse.ok(payouts.sent(request.caller(), request.pathParam("id")));
  }

  private ApiResponse failed(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "reason");
    String reason = in.requiredText("reason", 500);
    in.validate();
    return ApiResponse.ok(
        payouts.failed(request.caller(), request.pathParam("id"), requireNonNull(reason)));
  }

  /** Advertisers and publishers see their own accounts; the admin any, or all. */
  private static @Nullable String owner(Principal caller, @Nullable String asked) {
    if (caller.isAdmin()) {
      return asked;
    }
    if (asked != null && !asked.equals(caller.owner())) {
      throw new NotFoundException("account owner", asked);
    }
    return caller.owner();
  }

  private static long parseRow(String after) {
    try {
      return Long.parseLong(after);
    } catch (NumberFormatException e) {
      throw new dev.levier.errors.BadRequestException("cursor", "is not a cursor of this list");
    }
  }

  private static YearMonth month(String text) {
    try {
      return YearMonth.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a month such as 2026-10", e);
    }
  }

  private static BigDecimal percent(String text) {
    if (!PERCENT.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a percentage from 0 to 100 with at most 4 decimals, such as 20");
    }
    BigDecimal value = new BigDecimal(text);
    if (value.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException("must be from 0 to 100, not " + text);
    }
    return value;
  }
}
