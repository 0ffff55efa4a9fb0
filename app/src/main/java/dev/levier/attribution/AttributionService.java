package dev.levier.attribution;

import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.errors.ConflictException;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.finance.Rates;
import dev.levier.programme.Programme;
import dev.levier.programme.ProgrammeService;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.tracking.TrackingIndex;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A programme's attribution setting, the side-by-side comparison of models over its journeys, and
 * the learning of channel weights for data-driven models.
 */
public final class AttributionService {
  private static final Logger LOG = LoggerFactory.getLogger(AttributionService.class);

  /** How far back a data-driven model learns from when it pays commissions. */
  public static final Duration LEARNING_PERIOD = Duration.ofDays(90);

  /** The longest period a report covers. */
  static final Duration MAX_REPORT_PERIOD = Duration.ofDays(366);

  private final Database database;
  private final Clock clock;
  private final ProgrammeService programmes;
  private final TrackingIndex index;
  private final Rates rates;
  private final Attributions attributions;

  public AttributionService(
      Database database,
      Clock clock,
      ProgrammeService programmes,
      TrackingIndex index,
      Rates rates,
      Attributions attributions) {
    this.database = database;
    this.clock = clock;
    this.programmes = programmes;
    this.index = index;
    this.rates = rates;
    this.attributions = attributions;
  }

  /** The setting and, for a data-driven model, what it learnt last. */
  public Map<String, Object> get(Principal caller, String programmeId) {
    Programme programme = programmes.get(caller, programmeId);
    TrackingIndex.ProgrammeEntry entry = entry(programme);
    AttributionPolicy policy = attributions.policy(entry.rowId());
    return view(programme.id(), entry.rowId(), policy);
  }

  /**
   * Replaces the setting. A data-driven model learns its weights before the answer, so the sales
   * that follow are shared by them.
   */
  public Map<String, Object> put(
      Principal caller,
      String programmeId,
      @Nullable Integer expectedVersion,
      AttributionPolicyJson.Read setting) {
    refusePublishers(caller, "sets its attribution model");
    Programme programme = programmes.get(caller, programmeId);
    requireOwner(caller, programme, "sets its attribution model");
    TrackingIndex.ProgrammeEntry entry = entry(programme);
    Instant now = Sql.now(clock);
    String document = AttributionPolicyJson.document(setting.spec(), setting.deduplication());
    database.change(
        attributions,
        c -> {
          AttributionPolicy current = Attributions.stored(c, entry.rowId()).orElse(null);
          int version = current == null ? 0 : current.version();
          if (expectedVersion != null && expectedVersion != version) {
            throw ConflictException.staleVersion(
                "attribution setting of programme", programmeId, expectedVersion, version);
          }
          if (current == null) {
            Sql.update(
                c,
                "INSERT INTO programme_attribution (programme_id, document, version, updated_at)"
                    + " VALUES (?, ?, 1, ?)",
                entry.rowId(),
                document,
                now);
          } else {
            Sql.update(
                c,
                "UPDATE programme_attribution SET document = ?, version = version + 1,"
                    + " updated_at = ? WHERE programme_id = ? AND version = ?",
                document,
                now,
                entry.rowId(),
                version);
          }
          return null;
        });
    AttributionPolicy policy = attributions.policy(entry.rowId());
    attributions.forget(entry.rowId());
    if (policy.dataDriven()) {
      learn(entry.rowId());
    }
    return view(programme.id(), entry.rowId(), policy);
  }

  /** Learns the programme's data-driven weights again now; answers the setting with them. */
  public Map<String, Object> refit(Principal caller, String programmeId) {
    refusePublishers(caller, "has its model learn");
    Programme programme = programmes.get(caller, programmeId);
    requireOwner(caller, programme, "has its model learn");
    TrackingIndex.ProgrammeEntry entry = entry(programme);
    AttributionPolicy policy = attributions.policy(entry.rowId());
    if (!policy.dataDriven()) {
      throw new ConflictException(
          "programme "
              + programmeId
              + " pays by the "
              + policy.spec().name()
              + " model, which learns nothing from data; choose markov, shapley or"
              + " shapley-ordered first");
    }
    learn(entry.rowId());
    return view(programme.id(), entry.rowId(), policy);
  }

  /**
   * Learns the weights of every programme whose model is data-driven, from its journeys of the last
   * {@link #LEARNING_PERIOD}; a programme that fails is logged and keeps its old weights.
   */
  public void learnAll() {
    for (long programmeRow : attributions.dataDrivenProgrammes()) {
      try {
        learn(programmeRow);
      } catch (RuntimeException e) {
        LOG.atWarn()
            .setCause(e)
            .addKeyValue("programme", programmeRow)
            .log("attribution weights were not learnt");
      }
    }
  }

  /** Learns one programme's weights from its journeys of the last {@link #LEARNING_PERIOD}. */
  public Attributions.@Nullable Fit learn(long programmeRow) {
    AttributionPolicy policy = attributions.policy(programmeRow);
    TrackingIndex.ProgrammeEntry entry = index.programme(programmeRow);
    if (!policy.dataDriven() || entry == null) {
      return null;
    }
    Instant now = Sql.now(clock);
    Instant from = now.minus(LEARNING_PERIOD);
    // Orders stamped a little ahead by an advertiser's clock still count.
    Instant to = now.plus(Duration.ofDays(1));
    JourneyPaths.Loaded loaded =
        database.transaction(
            c ->
                JourneyPaths.load(
                    c, index, programmeRow, entry.currency(), rates.table(), from, to, true));
    Credits credits = policy.spec().toModel().attribute(loaded.paths());
    Map<String, Double> weights = new HashMap<>();
    for (ChannelCredit credit : credits.byChannel()) {
      weights.put(credit.channel(), credit.conversions());
    }
    Attributions.Fit fit =
        new Attributions.Fit(
            policy.spec().name(),
            now,
            from,
            to,
            loaded.converting() + loaded.withoutConversion(),
            weights);
    attributions.fitted(programmeRow, fit);
    return fit;
  }

  /**
   * Every model asked for, side by side, over the programme's journeys of a period: what each
   * channel (publisher, or channel the advertiser reported) earned in conversions and value.
   *
   * @param specs the models to compare, in the order to show them
   * @param withoutConversion whether journeys that ended without a sale are read (Markov needs
   *     them; the other models ignore them)
   */
  public Map<String, Object> report(
      Principal caller,
      String programmeId,
      Instant from,
      Instant to,
      List<ModelSpec> specs,
      boolean withoutConversion) {
    refusePublishers(caller, "reads its attribution report");
    Programme programme = programmes.get(caller, programmeId);
    requireOwner(caller, programme, "reads its attribution report");
    TrackingIndex.ProgrammeEntry entry = entry(programme);
    JourneyPaths.Loaded loaded =
        database.transaction(
            c ->
                JourneyPaths.load(
                    c,
                    index,
                    entry.rowId(),
                    entry.currency(),
                    rates.table(),
                    from,
                    to,
                    withoutConversion));
    Map<String, Map<String, Object>> creditsByChannel = new TreeMap<>();
    List<Map<String, Object>> models = new ArrayList<>();
    int exponent = entry.currency().exponent();
    for (ModelSpec spec : specs) {
      AttributionModel model = spec.toModel();
      Credits credits = model.attribute(loaded.paths());
      models.add(Map.of("name", spec.name(), "describe", model.describe()));
      for (ChannelCredit credit : credits.byChannel()) {
        creditsByChannel
            .computeIfAbsent(credit.channel(), name -> new LinkedHashMap<>())
            .put(
                spec.name(),
                Map.of(
                    "conversions",
                    BigDecimal.valueOf(credit.conversions()).setScale(4, RoundingMode.HALF_EVEN),
                    "value",
                    BigDecimal.valueOf(credit.value())
                        .setScale(exponent, RoundingMode.HALF_EVEN)
                        .toPlainString()));
      }
    }
    List<Map<String, Object>> channels = new ArrayList<>();
    creditsByChannel.forEach(
        (channel, credits) -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("channel", channel);
          row.put("kind", loaded.channelKinds().getOrDefault(channel, "publisher"));
          row.put("credits", credits);
          channels.add(row);
        });
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("programmeId", programme.id());
    report.put("from", from.toString());
    report.put("to", to.toString());
    report.put("currency", entry.currency().code());
    Map<String, Object> journeys = new LinkedHashMap<>();
    journeys.put("converting", loaded.converting());
    journeys.put("withoutConversion", loaded.withoutConversion());
    journeys.put("withoutValue", loaded.unvalued());
    report.put("journeys", journeys);
    report.put("models", models);
    report.put("channels", channels);
    return report;
  }

  private Map<String, Object> view(
      String programmeId, long programmeRow, AttributionPolicy policy) {
    Map<String, Object> view = AttributionPolicyJson.view(programmeId, policy);
    Attributions.Fit fit = attributions.fit(programmeRow);
    if (policy.dataDriven()) {
      if (fit == null) {
        view.put("learnt", null);
      } else {
        Map<String, Object> learnt = new LinkedHashMap<>();
        learnt.put("at", fit.fittedAt().toString());
        learnt.put("from", fit.from().toString());
        learnt.put("to", fit.to().toString());
        learnt.put("journeys", fit.journeys());
        double total = fit.weights().values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Object> weights = new TreeMap<>();
        fit.weights()
            .forEach(
                (channel, weight) ->
                    weights.put(
                        channel,
                        BigDecimal.valueOf(total > 0 ? weight / total : 0)
                            .setScale(6, RoundingMode.HALF_EVEN)));
        learnt.put("weights", weights);
        view.put("learnt", learnt);
      }
    }
    return view;
  }

  private TrackingIndex.ProgrammeEntry entry(Programme programme) {
    TrackingIndex.ProgrammeEntry entry = index.programme(programme.id());
    if (entry == null) {
      throw new NotFoundException("programme", programme.id());
    }
    return entry;
  }

  /**
   * Publishers never use this route: refused before the lookup, so that the answer says nothing of
   * whether the programme exists.
   */
  private static void refusePublishers(Principal caller, String what) {
    if (caller.role() == Role.PUBLISHER) {
      throw new ForbiddenException("only the programme's advertiser or the admin " + what);
    }
  }

  private static void requireOwner(Principal caller, Programme programme, String what) {
    if (!caller.isAdmin() && !caller.isAdvertiser(programme.advertiserId())) {
      throw new ForbiddenException("only the programme's advertiser or the admin " + what);
    }
  }
}
