package dev.levier.analytics;

import dev.levier.attribution.ModelSpec;
import dev.levier.auth.Principal;
import dev.levier.commission.CommissionSimulator;
import dev.levier.commission.RuleSetJson;
import dev.levier.commission.RuleSetService;
import dev.levier.commission.StoredRuleSet;
import dev.levier.errors.ValidationException;
import dev.levier.money.CurrencyUnit;
import dev.levier.programme.Programme;
import dev.levier.programme.ProgrammeService;
import dev.levier.report.PublisherReport;
import dev.levier.tracking.TrackingIndex;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Proposes new commission rates per publisher type from what each type brings against what it is
 * paid, writes them as a draft rule set the advertiser can edit and publish, and replays the
 * period's sales under it.
 *
 * <p>A type's current rate is what it was paid over the period divided by the revenue it closed
 * (both from the publisher report). Its proposed rate is that rate times its value-to-pay ratio
 * (its share of the value a data-driven model credits it with, over its share of the commission;
 * {@link FairnessReport}), kept within half and one and a half times the current rate so that one
 * period cannot swing pay wildly, and rounded to a hundredth of a percent. A type paid more than it
 * brings is proposed less, one paid less is proposed more.
 *
 * <p>The expected new customers are an assumption, not a measure: each type's new customers are
 * scaled by {@code 1 + elasticity × (proposed ÷ current − 1)}; the elasticity (0.5 unless given)
 * says how strongly publishers answer a rate change. The cost is not an assumption: it is the
 * what-if replay of the period's stored sales under the draft.
 */
public final class CommissionAdvice {

  /** The elasticity of new customers to a rate change, unless one is given. */
  public static final BigDecimal DEFAULT_ELASTICITY = new BigDecimal("0.5");

  private final ProgrammeService programmes;
  private final FairnessReport fairness;
  private final PublisherReport publishers;
  private final RuleSetService ruleSets;
  private final CommissionSimulator simulator;
  private final TrackingIndex index;

  public CommissionAdvice(
      ProgrammeService programmes,
      FairnessReport fairness,
      PublisherReport publishers,
      RuleSetService ruleSets,
      CommissionSimulator simulator,
      TrackingIndex index) {
    this.index = index;
    this.programmes = programmes;
    this.fairness = fairness;
    this.publishers = publishers;
    this.ruleSets = ruleSets;
    this.simulator = simulator;
  }

  /** Proposes rates from the period, stores them as a draft and replays the period under it. */
  public Map<String, Object> advise(
      Principal caller,
      String programmeId,
      LocalDate from,
      LocalDate to,
      ModelSpec model,
      BigDecimal elasticity) {
    OwnProgramme own =
        OwnProgramme.of(
            caller,
            programmeId,
            programmes,
            index,
            "publishers do not set the programme's commission rates");
    Programme programme = own.programme();
    Map<String, Object> fair =
        fairness.report(caller, programmeId, from, to, model, Duration.ofMinutes(30));
    Map<String, Object> byType =
        publishers.report(
            caller,
            from,
            to,
            EnumSet.of(PublisherReport.Dimension.PUBLISHER_TYPE),
            PublisherReport.Interval.TOTAL,
            programme.id(),
            null,
            null,
            null);
    Map<String, String> valueToPay = new LinkedHashMap<>();
    for (Map<?, ?> row : rows(fair.get("publisherTypes"))) {
      Object ratio = row.get("valueToPay");
      if (ratio != null) {
        valueToPay.put(String.valueOf(row.get("publisherType")), ratio.toString());
      }
    }
    List<Map<String, Object>> types = new ArrayList<>();
    List<Map<String, Object>> rules = new ArrayList<>();
    long newBefore = 0;
    BigDecimal newAfter = BigDecimal.ZERO;
    for (Map<?, ?> row : rows(byType.get("rows"))) {
      String type = String.valueOf(row.get("publisherType"));
      BigDecimal revenue = decimal(row.get("revenue"));
      BigDecimal commission = decimal(row.get("commission"));
      long fresh = row.get("newCustomers") instanceof Number n ? n.longValue() : 0;
      String ratio = valueToPay.get(type);
      if (revenue == null
          || commission == null
          || revenue.signum() == 0
          || ratio == null
          || row.get("publisherType") == null) {
        continue;
      }
      BigDecimal current =
          commission.multiply(BigDecimal.valueOf(100)).divide(revenue, 4, RoundingMode.HALF_EVEN);
      BigDecimal factor =
          new BigDecimal(ratio).max(new BigDecimal("0.5")).min(new BigDecimal("1.5"));
      BigDecimal proposed = current.multiply(factor).setScale(2, RoundingMode.HALF_EVEN);
      BigDecimal change =
          current.signum() == 0
              ? BigDecimal.ZERO
              : proposed.divide(current, 6, RoundingMode.HALF_EVEN).subtract(BigDecimal.ONE);
      BigDecimal expectedNew =
          BigDecimal.valueOf(fresh)
              .multiply(BigDecimal.ONE.add(elasticity.multiply(change)))
              .max(BigDecimal.ZERO);
      newBefore += fresh;
      newAfter = newAfter.add(expectedNew);
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("publisherType", type);
      view.put("valueToPay", ratio);
      view.put("currentPercent", current.setScale(2, RoundingMode.HALF_EVEN).toPlainString());
      view.put("proposedPercent", proposed.toPlainString());
      view.put("newCustomers", fresh);
      view.put("expectedNewCustomers", expectedNew.setScale(1, RoundingMode.HALF_EVEN));
      types.add(view);
      rules.add(
          Map.of(
              "id",
              "type-" + type,
              "name",
              "Publishers of type " + type,
              "when",
              Map.of("publisherType", List.of(type)),
              "pay",
              Map.of("percent", proposed.toPlainString())));
    }
    if (rules.isEmpty()) {
      throw ValidationException.of(
          "from",
          "no publisher type has both sales and a value-to-pay ratio between "
              + from
              + " and "
              + to
              + "; choose a period with attributed, commissioned sales");
    }
    String json =
        new String(
            dev.levier.http.Json.write(Map.of("rules", rules)),
            java.nio.charset.StandardCharsets.UTF_8);
    CurrencyUnit currency = programme.currency();
    StoredRuleSet draft =
        ruleSets.create(
            caller,
            programme.id(),
            "Proposed from value to pay, " + from + " to " + to,
            RuleSetJson.parse(json, currency));
    CommissionSimulator.Result replay =
        simulator.simulate(caller, programme.id(), draft.id(), own.startOf(from), own.endOf(to));
    Map<String, Object> advice = new LinkedHashMap<>();
    advice.put("programmeId", programme.id());
    advice.put("from", from.toString());
    advice.put("to", to.toString());
    advice.put("model", fair.get("model"));
    advice.put("elasticity", elasticity.toPlainString());
    advice.put("ruleSetId", draft.id());
    advice.put("publisherTypes", types);
    advice.put("costBefore", replay.before());
    advice.put("costAfter", replay.after());
    advice.put("costChange", replay.change());
    advice.put("newCustomersBefore", newBefore);
    advice.put("expectedNewCustomersAfter", newAfter.setScale(1, RoundingMode.HALF_EVEN));
    advice.put("simulation", replay);
    return advice;
  }

  private static List<Map<?, ?>> rows(@Nullable Object list) {
    List<Map<?, ?>> rows = new ArrayList<>();
    if (list instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof Map<?, ?> row) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static @Nullable BigDecimal decimal(@Nullable Object text) {
    return text == null ? null : new BigDecimal(text.toString());
  }
}
