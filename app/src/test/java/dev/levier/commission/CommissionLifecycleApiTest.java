package dev.levier.commission;

import static dev.levier.testing.Sales.click;
import static dev.levier.testing.Sales.commissionOf;
import static dev.levier.testing.Sales.now;
import static dev.levier.testing.Sales.partnership;
import static dev.levier.testing.Sales.programme;
import static dev.levier.testing.Sales.publishedRules;
import static dev.levier.testing.Sales.readmeRules;
import static dev.levier.testing.Sales.sale;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Approval, declines, adjustments, returns and bulk changes of commissions, on both databases. */
class CommissionLifecycleApiTest extends NetworkTest {

  /** A new sale under the README rules: a commission of 22.00 (phone 20.00 capped, book 2.00). */
  private static JsonNode freshCommission() {
    String programme = programme();
    String partnership = partnership(programme, network.pubX());
    publishedRules(programme, readmeRules(), now().minusSeconds(60));
    JsonNode commission =
        commissionOf(sale(programme, click(partnership), "life-" + System.nanoTime(), now()).id());
    assertThat(commission.path("amount").asText()).isEqualTo("22.00");
    return commission;
  }

  private static String path(JsonNode commission, String action) {
    return "/api/v1/commissions/" + commission.path("id").asText() + action;
  }

  private static List<String> fields(Api.Response response) {
    List<String> fields = new ArrayList<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    return fields;
  }

  @Test
  void anApprovedCommissionIsNotDeclinedAndApprovingAgainChangesNothing() {
    JsonNode commission = freshCommission();

    Api.Response approved = network.asAdvA().post(path(commission, "/approve"), Map.of());
    assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
    assertThat(approved.json().path("status").asText()).isEqualTo("approved");
    assertThat(approved.json().path("version").asInt()).isEqualTo(2);

    Api.Response again = network.asAdvA().post(path(commission, "/approve"), Map.of());
    assertThat(again.json().path("version").asInt()).isEqualTo(2);

    Api.Response declined =
        network.asAdvA().post(path(commission, "/decline"), Map.of("reason", "fraud"));
    assertThat(declined.status()).as(declined.toString()).isEqualTo(409);

    JsonNode history = network.asAdvA().get(path(commission, "")).json().path("history");
    assertThat(history.size()).isEqualTo(2);
    assertThat(history.get(0).path("kind").asText()).isEqualTo("computed");
    assertThat(history.get(1).path("kind").asText()).isEqualTo("approved");
  }

  @Test
  void aDeclineNeedsAReasonAndLeavesNothingToPay() {
    JsonNode commission = freshCommission();
    Api.Response noReason = network.asAdvA().post(path(commission, "/decline"), Map.of());
    assertThat(noReason.status()).isEqualTo(422);
    assertThat(fields(noReason)).containsExactly("reason");
    Api.Response badReason =
        network.asAdvA().post(path(commission, "/decline"), Map.of("reason", "dislike"));
    assertThat(fields(badReason)).containsExactly("reason");
    assertThat(network.asPubX().post(path(commission, "/approve"), Map.of()).status())
        .isEqualTo(403);
    assertThat(network.asAdvB().post(path(commission, "/approve"), Map.of()).status())
        .isEqualTo(404);

    Api.Response declined =
        network
            .asAdvA()
            .post(path(commission, "/decline"), Map.of("reason", "fraud", "note", "stolen card"));

    assertThat(declined.status()).as(declined.toString()).isEqualTo(200);
    JsonNode body = declined.json();
    assertThat(body.path("status").asText()).isEqualTo("declined");
    assertThat(body.path("declineReason").asText()).isEqualTo("fraud");
    assertThat(body.path("amount").asText()).isEqualTo("0.00");
    assertThat(body.path("originalAmount").asText()).isEqualTo("22.00");
    JsonNode last = body.path("history").get(body.path("history").size() - 1);
    assertThat(last.path("change").asText()).isEqualTo("-22.00");
    assertThat(last.path("detail").asText()).contains("stolen card");
  }

  @Test
  void anAdjustmentSetsTheAmountAndKeepsTheDifference() {
    JsonNode commission = freshCommission();
    Api.Response bad =
        network.asAdvA().post(path(commission, "/adjust"), Map.of("amount", "-1.00"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(fields(bad)).containsExactly("amount");

    Api.Response adjusted =
        network
            .asAdvA()
            .post(path(commission, "/adjust"), Map.of("amount", "25.50", "note", "goodwill"));

    assertThat(adjusted.status()).as(adjusted.toString()).isEqualTo(200);
    assertThat(adjusted.json().path("amount").asText()).isEqualTo("25.50");
    JsonNode history = adjusted.json().path("history");
    assertThat(history.get(history.size() - 1).path("change").asText()).isEqualTo("3.50");
  }

  @Test
  void aReturnReducesThePendingCommissionAndACancellationReversesIt() {
    JsonNode commission = freshCommission();
    String conversion = commission.path("conversionId").asText();

    Api.Response returned =
        network
            .asAdvA()
            .patch(
                "/api/v1/conversions/" + conversion,
                Map.of(
                    "action",
                    "return",
                    "reason",
                    "customer_return",
                    "lines",
                    List.of(Map.of("lineNo", 2, "quantity", 1))));
    assertThat(returned.status()).as(returned.toString()).isEqualTo(200);

    JsonNode reduced = network.asAdvA().get(path(commission, "")).json();
    assertThat(reduced.path("amount").asText()).isEqualTo("20.00");
    assertThat(reduced.path("status").asText()).isEqualTo("pending");
    JsonNode event = reduced.path("history").get(1);
    assertThat(event.path("kind").asText()).isEqualTo("reduced");
    assertThat(event.path("change").asText()).isEqualTo("-2.00");

    network
        .asAdvA()
        .patch(
            "/api/v1/conversions/" + conversion,
            Map.of("action", "cancel", "reason", "cancelled_by_customer"));

    JsonNode reversed = network.asAdvA().get(path(commission, "")).json();
    assertThat(reversed.path("status").asText()).isEqualTo("reversed");
    assertThat(reversed.path("declineReason").asText()).isEqualTo("cancelled");
    assertThat(reversed.path("amount").asText()).isEqualTo("0.00");
  }

  @Test
  void approveAndCancelArrivingTogetherEndInOneConsistentState() throws Exception {
    List<JsonNode> commissions = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      commissions.add(freshCommission());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Api.Response>> approvals = new ArrayList<>();
      List<Future<Api.Response>> cancels = new ArrayList<>();
      for (JsonNode commission : commissions) {
        approvals.add(
            pool.submit(() -> network.asAdvA().post(path(commission, "/approve"), Map.of())));
        cancels.add(
            pool.submit(
                () ->
                    network
                        .asAdvA()
                        .patch(
                            "/api/v1/conversions/" + commission.path("conversionId").asText(),
                            Map.of("action", "cancel", "reason", "fraud"))));
      }
      for (int i = 0; i < commissions.size(); i++) {
        int approval = approvals.get(i).get().status();
        assertThat(approval).isIn(200, 409);
        assertThat(cancels.get(i).get().status()).isEqualTo(200);
        JsonNode end = network.asAdvA().get(path(commissions.get(i), "")).json();
        // Whichever came first, a cancelled order earns nothing and says why.
        assertThat(end.path("status").asText()).isEqualTo("reversed");
        assertThat(end.path("amount").asText()).isEqualTo("0.00");
        JsonNode history = end.path("history");
        assertThat(history.get(history.size() - 1).path("kind").asText()).isEqualTo("reversed");
        long approvedEvents = 0;
        for (JsonNode e : history) {
          approvedEvents += e.path("kind").asText().equals("approved") ? 1 : 0;
        }
        assertThat(approvedEvents).isEqualTo(approval == 200 ? 1 : 0);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBulkChangeWithOneBadRowChangesNothingUnlessAskedToApplyTheRest() {
    JsonNode first = freshCommission();
    JsonNode second = freshCommission();
    Map<String, Object> body =
        Map.of(
            "items",
            List.of(
                Map.of("id", first.path("id").asText(), "action", "approve"),
                Map.of(
                    "id", second.path("id").asText(), "action", "decline", "reason", "duplicate"),
                Map.of("id", "com_0000000000000000", "action", "approve"),
                Map.of("id", first.path("id").asText(), "action", "explode")));

    Api.Response refused = network.asAdvA().post("/api/v1/commissions/bulk", body);

    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(fields(refused)).containsExactlyInAnyOrder("items[2].id", "items[3].action");
    assertThat(network.asAdvA().get(path(first, "")).json().path("status").asText())
        .isEqualTo("pending");

    Api.Response partial = network.asAdvA().post("/api/v1/commissions/bulk?validOnly=true", body);

    assertThat(partial.status()).as(partial.toString()).isEqualTo(200);
    assertThat(partial.json().path("applied").asInt()).isEqualTo(2);
    assertThat(partial.json().path("skipped").size()).isEqualTo(2);
    assertThat(network.asAdvA().get(path(first, "")).json().path("status").asText())
        .isEqualTo("approved");
    assertThat(network.asAdvA().get(path(second, "")).json().path("declineReason").asText())
        .isEqualTo("duplicate");
  }

  @Test
  void aCsvFileIsCheckedRowByRowAndNamesTheLineOfEachError() {
    JsonNode first = freshCommission();
    JsonNode second = freshCommission();
    String csv =
        "id,action,reason,amount,note\n"
            + first.path("id").asText()
            + ",adjust,,18.00,\"corrected, see ticket 12\"\n"
            + second.path("id").asText()
            + ",decline,,,\n"
            + "com_0000000000000000,approve,,,\n";

    Api.Response refused =
        network
            .asAdvA()
            .send("POST", "/api/v1/commissions/bulk", csv, Map.of("Content-Type", "text/csv"));

    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(fields(refused)).containsExactlyInAnyOrder("rows[3].reason", "rows[4].id");
    assertThat(network.asAdvA().get(path(first, "")).json().path("amount").asText())
        .isEqualTo("22.00");

    Api.Response partial =
        network
            .asAdvA()
            .send(
                "POST",
                "/api/v1/commissions/bulk?validOnly=true",
                csv,
                Map.of("Content-Type", "text/csv"));
    assertThat(partial.status()).as(partial.toString()).isEqualTo(200);
    JsonNode adjusted = network.asAdvA().get(path(first, "")).json();
    assertThat(adjusted.path("amount").asText()).isEqualTo("18.00");
    JsonNode history = adjusted.path("history");
    assertThat(history.get(history.size() - 1).path("detail").asText())
        .contains("corrected, see ticket 12");

    Api.Response wrongColumn =
        network
            .asAdvA()
            .send(
                "POST",
                "/api/v1/commissions/bulk",
                "id,verb\ncom_0000000000000000,approve\n",
                Map.of("Content-Type", "text/csv"));
    assertThat(wrongColumn.status()).isEqualTo(400);
    assertThat(wrongColumn.text()).contains("verb");
  }

  @Test
  void pendingCommissionsAreApprovedOnceTheValidationPeriodIsOver() throws InterruptedException {
    JsonNode commission = freshCommission();
    // The test programmes keep the default validation period: nothing is due yet.
    server.levier().services().commissionActions().autoApprove();
    assertThat(network.asAdvA().get(path(commission, "")).json().path("status").asText())
        .isEqualTo("pending");

    server
        .admin()
        .patch(
            "/api/v1/programmes/" + commission.path("programmeId").asText(),
            Map.of("version", 1, "validationDays", 0));
    // The order was placed a second ahead of the clock; its period ends then.
    int approved = 0;
    for (int i = 0; i < 50 && approved == 0; i++) {
      Thread.sleep(100);
      approved = server.levier().services().commissionActions().autoApprove();
    }

    assertThat(approved).isGreaterThanOrEqualTo(1);
    JsonNode after = network.asAdvA().get(path(commission, "")).json();
    assertThat(after.path("status").asText()).isEqualTo("approved");
    JsonNode history = after.path("history");
    assertThat(history.get(history.size() - 1).path("actor").asText()).isEqualTo("levier");
  }
}
