package dev.levier.finance;

import static dev.levier.testing.Sales.partnership;
import static dev.levier.testing.Sales.programme;
import static dev.levier.testing.Sales.publishedRules;
import static dev.levier.testing.Sales.readmeRules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * From locked commissions to the books, an invoice and a payout, on both databases: every step
 * balances and every amount is exact.
 */
class FinanceApiTest extends NetworkTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final AtomicInteger ORDERS = new AtomicInteger();

  private static Api.Response couponSale(String programme, String coupon, Instant at) {
    Map<String, Object> body = new HashMap<>();
    body.put("programmeId", programme);
    body.put("orderId", "F-" + ORDERS.incrementAndGet() + "-" + System.nanoTime());
    body.put("orderedAt", at.toString());
    body.put("currency", "EUR");
    body.put("total", "320.00");
    body.put("couponCode", coupon);
    body.put("customerRef", "fin-" + System.nanoTime());
    body.put("lines", dev.levier.testing.Sales.phoneAndBook());
    Api.Response response = network.asAdvA().post("/api/v1/conversions", body);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response;
  }

  private static String commissionId(String conversion) {
    JsonNode data =
        server.admin().get("/api/v1/commissions?conversionId=" + conversion).json().path("data");
    assertThat(data.size()).isEqualTo(1);
    return data.get(0).path("id").asText();
  }

  private static void assertBooksBalance() {
    Api.Response balances = server.admin().get("/api/v1/ledger/balances");
    assertThat(balances.status()).as(balances.toString()).isEqualTo(200);
    for (JsonNode total : balances.json().path("trialBalance")) {
      assertThat(total.path("balanced").asBoolean()).as(total.toString()).isTrue();
    }
  }

  private static String balance(String account, String owner) {
    JsonNode rows =
        server
            .admin()
            .get("/api/v1/ledger/balances?account=" + account + "&ownerId=" + owner)
            .json()
            .path("data");
    return rows.isEmpty() ? "0.00" : rows.get(0).path("balance").asText();
  }

  @Test
  void lockedSalesAreBookedInvoicedWithVatAndPaidOutAboveTheThreshold() {
    YearMonth lastMonth = YearMonth.now(PARIS).minusMonths(1);
    Instant midMonth = lastMonth.atDay(14).atTime(LocalTime.NOON).atZone(PARIS).toInstant();
    String programme = programme();
    String partnership = partnership(programme, network.pubX());
    String coupon = "FIN" + (ORDERS.get() + 1000);
    assertThat(
            server
                .admin()
                .post("/api/v1/coupons", Map.of("partnershipId", partnership, "code", coupon))
                .status())
        .isEqualTo(201);
    publishedRules(programme, readmeRules(), midMonth.minusSeconds(86_400 * 30));
    assertThat(
            server
                .admin()
                .post(
                    "/api/v1/advertisers/" + network.advA() + "/billing",
                    Map.of("feePercent", "10", "feePerConversion", "0.50"))
                .status())
        .isEqualTo(200);
    assertThat(
            network
                .asAdvA()
                .post("/api/v1/vat-rates", Map.of("country", "FR", "percent", "20"))
                .status())
        .isEqualTo(403);
    server.admin().post("/api/v1/vat-rates", Map.of("country", "FR", "percent", "20"));

    String first = couponSale(programme, coupon, midMonth).id();
    String second = couponSale(programme, coupon, midMonth.plusSeconds(60)).id();
    String firstCommission = commissionId(first);
    String secondCommission = commissionId(second);
    network.asAdvA().post("/api/v1/commissions/" + firstCommission + "/approve", Map.of());
    network.asAdvA().post("/api/v1/commissions/" + secondCommission + "/approve", Map.of());

    Api.Response early =
        network
            .asAdvA()
            .post(
                "/api/v1/programmes/" + programme + "/periods/" + YearMonth.now(PARIS) + "/close",
                null);
    assertThat(early.status()).as(early.toString()).isEqualTo(409);
    Api.Response closed =
        network
            .asAdvA()
            .post("/api/v1/programmes/" + programme + "/periods/" + lastMonth + "/close", null);

    assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
    assertThat(closed.json().path("locked").asInt()).isEqualTo(2);
    assertThat(closed.json().path("commissions").asText()).isEqualTo("44.00");
    // 10% of 22.00 is 2.20, plus 0.50 a conversion, twice.
    assertThat(closed.json().path("fees").asText()).isEqualTo("5.40");
    assertThat(
            server
                .admin()
                .get("/api/v1/commissions/" + firstCommission)
                .json()
                .path("status")
                .asText())
        .isEqualTo("locked");
    assertThat(balance("publisher_payable", network.pubX())).isEqualTo("44.00");
    assertBooksBalance();

    // A return after lock is clawed back: 10% of the book, and its share of the fee.
    Api.Response returned =
        network
            .asAdvA()
            .patch(
                "/api/v1/conversions/" + first,
                Map.of(
                    "action",
                    "return",
                    "reason",
                    "customer_return",
                    "lines",
                    List.of(Map.of("lineNo", 2, "quantity", 1))));
    assertThat(returned.status()).as(returned.toString()).isEqualTo(200);
    JsonNode clawed = server.admin().get("/api/v1/commissions/" + firstCommission).json();
    assertThat(clawed.path("amount").asText()).isEqualTo("22.00");
    assertThat(clawed.path("clawedBack").asText()).isEqualTo("2.00");
    assertThat(balance("publisher_payable", network.pubX())).isEqualTo("42.00");
    assertBooksBalance();

    Api.Response run =
        server.admin().post("/api/v1/invoices/run", Map.of("month", lastMonth.toString()));
    assertThat(run.status()).as(run.toString()).isEqualTo(200);
    JsonNode invoice = run.json().path("issued").get(0);
    assertThat(invoice.path("number").asText()).matches("LEV-" + lastMonth.getYear() + "-\\d{6}");
    assertThat(invoice.path("lines").asInt()).isEqualTo(3);
    assertThat(invoice.path("commission").asText()).isEqualTo("42.00");
    // Fees 5.40 less 0.20 given back with the clawback.
    assertThat(invoice.path("fees").asText()).isEqualTo("5.20");
    assertThat(invoice.path("net").asText()).isEqualTo("47.20");
    assertThat(invoice.path("vat").asText()).isEqualTo("9.44");
    assertThat(invoice.path("gross").asText()).isEqualTo("56.64");
    String number = invoice.path("number").asText();
    Api.Response csv = network.asAdvA().get("/api/v1/invoices/" + number + "/lines.csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.text().lines().count()).isEqualTo(4);
    assertThat(csv.text()).contains(firstCommission, "-2.00");
    assertThat(network.asAdvB().get("/api/v1/invoices/" + number).status()).isEqualTo(404);
    assertThat(
            server
                .admin()
                .post("/api/v1/invoices/run", Map.of("month", lastMonth.toString()))
                .json()
                .path("issued")
                .size())
        .isZero();
    assertThat(balance("advertiser_receivable", network.advA())).isEqualTo("56.64");
    Api.Response payment =
        server
            .admin()
            .post(
                "/api/v1/invoices/" + number + "/payments",
                Map.of("amount", "50.00", "reference", "BANK-" + number));
    assertThat(payment.status()).as(payment.toString()).isEqualTo(200);
    assertThat(payment.json().path("outstanding").asText()).isEqualTo("6.64");
    // The bank's reference names the payment: sending it again books nothing more.
    server
        .admin()
        .post(
            "/api/v1/invoices/" + number + "/payments",
            Map.of("amount", "50.00", "reference", "BANK-" + number));
    assertThat(balance("advertiser_receivable", network.advA())).isEqualTo("6.64");
    assertThat(
            network
                .asAdvA()
                .post(
                    "/api/v1/invoices/" + number + "/payments",
                    Map.of("amount", "1.00", "reference", "X"))
                .status())
        .isEqualTo(403);
    assertBooksBalance();

    // Below the default threshold of 50.00, the balance waits.
    Api.Response held =
        server.admin().post("/api/v1/payouts/run", Map.of("runId", "held-" + lastMonth));
    assertThat(held.status()).as(held.toString()).isEqualTo(200);
    assertThat(held.json().path("scheduled").size()).isZero();
    assertThat(held.json().path("held").toString()).contains(network.pubX());
    server
        .admin()
        .post(
            "/api/v1/publishers/" + network.pubX() + "/billing",
            Map.of("payoutThreshold", "40.00"));

    Api.Response payoutRun =
        server.admin().post("/api/v1/payouts/run", Map.of("runId", "pay-" + lastMonth));
    assertThat(payoutRun.status()).as(payoutRun.toString()).isEqualTo(200);
    JsonNode payout = payoutRun.json().path("scheduled").get(0);
    assertThat(payout.path("amount").asText()).isEqualTo("42.00");
    assertThat(payout.path("status").asText()).isEqualTo("scheduled");
    assertThat(balance("publisher_payable", network.pubX())).isEqualTo("0.00");
    String file = server.admin().get("/api/v1/payouts/runs/pay-" + lastMonth + "/file.csv").text();
    assertThat(file).startsWith("payout_id,publisher_id,currency,amount,status").contains("42.00");

    String id = payout.path("id").asText();
    Api.Response failed =
        server.admin().post("/api/v1/payouts/" + id + "/failed", Map.of("reason", "IBAN closed"));
    assertThat(failed.json().path("status").asText()).isEqualTo("failed");
    assertThat(balance("publisher_payable", network.pubX())).isEqualTo("42.00");
    assertThat(server.admin().post("/api/v1/payouts/" + id + "/sent", null).status())
        .isEqualTo(409);

    Api.Response again =
        server.admin().post("/api/v1/payouts/run", Map.of("runId", "again-" + lastMonth));
    String retry = again.json().path("scheduled").get(0).path("id").asText();
    Api.Response sent = server.admin().post("/api/v1/payouts/" + retry + "/sent", null);
    assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
    assertThat(
            server
                .admin()
                .get("/api/v1/commissions/" + secondCommission)
                .json()
                .path("status")
                .asText())
        .isEqualTo("paid");
    assertThat(balance("publisher_payable", network.pubX())).isEqualTo("0.00");
    assertBooksBalance();

    JsonNode entries =
        server
            .admin()
            .get("/api/v1/ledger/entries?commissionId=" + firstCommission)
            .json()
            .path("data");
    assertThat(entries.size()).isEqualTo(3);
    assertThat(entries.get(0).path("kind").asText()).isEqualTo("commission");
    assertThat(entries.get(2).path("kind").asText()).isEqualTo("clawback");
  }

  @Test
  void monthlyCapsHoldAtIntakeAndTiersAndBonusesAreSettledOnceAtClose() {
    YearMonth lastMonth = YearMonth.now(PARIS).minusMonths(1);
    Instant midMonth = lastMonth.atDay(10).atTime(LocalTime.NOON).atZone(PARIS).toInstant();
    String programme = programme();
    String partnership = partnership(programme, network.pubY());
    String coupon = "TIER" + (ORDERS.get() + 2000);
    server.admin().post("/api/v1/coupons", Map.of("partnershipId", partnership, "code", coupon));
    Map<String, Object> rules =
        Map.of(
            "name",
            "Volume terms",
            "rules",
            List.of(Map.of("id", "base", "name", "Every sale", "pay", Map.of("percent", "5"))),
            "monthlyCaps",
            List.of(Map.of("scope", "publisher", "max", "30.00")),
            "tiers",
            List.of(Map.of("minSales", 2, "percent", "8")),
            "bonuses",
            List.of(
                Map.of(
                    "id", "two-new",
                    "name", "Two new customers",
                    "newCustomers", 2,
                    "amount", "10.00")));
    publishedRules(programme, rules, midMonth.minusSeconds(86_400 * 30));

    List<String> commissions = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      commissions.add(commissionId(couponSale(programme, coupon, midMonth.plusSeconds(i)).id()));
    }
    // 5% of 320.00 is 16.00; the publisher's month is capped at 30.00.
    List<String> amounts = new java.util.ArrayList<>();
    for (String id : commissions) {
      JsonNode commission = server.admin().get("/api/v1/commissions/" + id).json();
      amounts.add(commission.path("amount").asText());
      network.asAdvA().post("/api/v1/commissions/" + id + "/approve", Map.of());
    }
    assertThat(amounts).containsExactly("16.00", "14.00", "0.00");
    JsonNode capped = server.admin().get("/api/v1/commissions/" + commissions.get(1)).json();
    assertThat(capped.path("explanation").toString()).contains("monthly cap");

    Api.Response closed =
        network
            .asAdvA()
            .post("/api/v1/programmes/" + programme + "/periods/" + lastMonth + "/close", null);

    assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
    // Three sales reach the 8% tier: 25.60 - 16.00 = 9.60 more on each; two new customers earn
    // the bonus of 10.00.
    assertThat(closed.json().path("incentives").asText()).isEqualTo("38.80");
    assertThat(closed.json().path("settlements").toString()).contains("8%");
    assertThat(balance("publisher_payable", network.pubY())).isEqualTo("68.80");
    JsonNode history =
        server.admin().get("/api/v1/commissions/" + commissions.get(0)).json().path("history");
    assertThat(history.get(history.size() - 1).path("change").asText()).isEqualTo("9.60");
    assertBooksBalance();

    Api.Response again =
        network
            .asAdvA()
            .post("/api/v1/programmes/" + programme + "/periods/" + lastMonth + "/close", null);
    assertThat(again.json().path("locked").asInt()).isZero();
    assertThat(again.json().path("incentives").asText()).isEqualTo("0.00");
    assertThat(balance("publisher_payable", network.pubY())).isEqualTo("68.80");
  }

  @Test
  void leadsArePaidPerLeadAndValidClicksPerClickAtClose() {
    YearMonth lastMonth = YearMonth.now(PARIS).minusMonths(1);
    Instant midMonth = lastMonth.atDay(20).atTime(LocalTime.NOON).atZone(PARIS).toInstant();
    // An advertiser of its own, so that other tests' invoices do not see these sales.
    String advertiser =
        server
            .admin()
            .post(
                "/api/v1/advertisers",
                dev.levier.testing.TestNetwork.advertiser("Leads Co", "FR", "EUR"))
            .id();
    String programme =
        server
            .admin()
            .post(
                "/api/v1/programmes",
                dev.levier.testing.TestNetwork.programme(
                    advertiser, "Leads", "leads.example", "active"))
            .id();
    String publisher =
        server
            .admin()
            .post(
                "/api/v1/publishers",
                dev.levier.testing.TestNetwork.publisher("Lead Reviews", "content"))
            .id();
    String partnership = partnership(programme, publisher);
    String coupon = "LEAD" + (ORDERS.get() + 3000);
    server.admin().post("/api/v1/coupons", Map.of("partnershipId", partnership, "code", coupon));
    Map<String, Object> rules =
        Map.of(
            "name",
            "Leads and clicks",
            "rules",
            List.of(
                Map.of(
                    "id", "signup",
                    "name", "Sign-ups",
                    "event", "lead",
                    "pay", Map.of("fixedPerOrder", "3.00")),
                Map.of(
                    "id", "cpc",
                    "name", "Content clicks",
                    "event", "click",
                    "when", Map.of("publisherType", List.of("content")),
                    "pay", Map.of("fixedPerOrder", "0.05"))));
    Api.Response draft =
        server.admin().post("/api/v1/programmes/" + programme + "/rulesets", rules);
    assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
    server
        .admin()
        .post(
            "/api/v1/programmes/" + programme + "/rulesets/" + draft.id() + "/publish",
            Map.of("version", 1, "effectiveFrom", midMonth.minusSeconds(86_400 * 30).toString()));

    Map<String, Object> lead = new HashMap<>();
    lead.put("programmeId", programme);
    lead.put("orderId", "LEAD-" + System.nanoTime());
    lead.put("orderedAt", midMonth.toString());
    lead.put("currency", "EUR");
    lead.put("total", "0.00");
    lead.put("couponCode", coupon);
    lead.put("event", "lead");
    Api.Response signup = server.admin().post("/api/v1/conversions", lead);
    assertThat(signup.status()).as(signup.toString()).isEqualTo(201);
    assertThat(signup.json().path("event").asText()).isEqualTo("lead");
    lead.put("event", "click");
    Api.Response click = server.admin().post("/api/v1/conversions", lead);
    assertThat(click.status()).isEqualTo(422);
    assertThat(click.json().path("errors").get(0).path("field").asText()).isEqualTo("event");
    JsonNode commission =
        server
            .admin()
            .get("/api/v1/commissions?conversionId=" + signup.id())
            .json()
            .path("data")
            .get(0);
    assertThat(commission.path("amount").asText()).isEqualTo("3.00");
    assertThat(commission.path("event").asText()).isEqualTo("lead");
    server.admin().post("/api/v1/commissions/" + commission.path("id").asText() + "/approve", null);

    // The click journal counted 50 clicks in the month, 40 of them valid.
    long partnershipRow =
        ((Number)
                server
                    .rows("SELECT id FROM partnership WHERE public_id = ?", partnership)
                    .get(0)
                    .get("id"))
            .longValue();
    server.update(
        "INSERT INTO click_rollup (partnership_id, occurred_quarter, programme_id, publisher_id,"
            + " clicks, valid_clicks) SELECT s.id, ?, s.programme_id, s.publisher_id, 50, 40"
            + " FROM partnership s WHERE s.id = ?",
        dev.levier.storage.Sql.quarter(midMonth),
        partnershipRow);

    Api.Response closed =
        server
            .admin()
            .post("/api/v1/programmes/" + programme + "/periods/" + lastMonth + "/close", null);

    assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
    assertThat(closed.json().path("locked").asInt()).isEqualTo(1);
    assertThat(closed.json().path("commissions").asText()).isEqualTo("3.00");
    assertThat(closed.json().path("clicks").asText()).isEqualTo("2.00");
    assertBooksBalance();
    Api.Response again =
        server
            .admin()
            .post("/api/v1/programmes/" + programme + "/periods/" + lastMonth + "/close", null);
    assertThat(again.json().path("clicks").asText()).isEqualTo("0.00");
  }
}
