package dev.levier.analytics;

import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.programme.Programme;
import dev.levier.programme.ProgrammeService;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Programmes to a publisher and publishers to a programme ({@link Recommender}), from the whole
 * network read afresh: the categories of the lines of every sale not cancelled, the sales and valid
 * clicks of every pair, and every partnership whatever its status.
 *
 * <p>Recommendations are discovery: a publisher is offered active programmes it does not work with
 * (every publisher sees an active programme anyway), an advertiser publishers not archived that do
 * not work with the programme yet, by id, name and the reasons' numbers, never their sales.
 */
public final class RecommendationService {

  private final Database database;
  private final ProgrammeService programmes;

  public RecommendationService(Database database, ProgrammeService programmes) {
    this.database = database;
    this.programmes = programmes;
  }

  private record Named(long rowId, String id, String name, String type, boolean open) {}

  private record Network(
      AffinityMatrix matrix, Map<String, Named> publishers, Map<String, Named> programmes) {}

  /** The programmes recommended to a publisher: itself or the admin; advertisers never. */
  public Map<String, Object> programmesFor(Principal caller, String publisherId, int limit) {
    if (caller.role() == Role.ADVERTISER) {
      throw new ForbiddenException("advertisers do not read a publisher's recommendations");
    }
    if (!caller.isAdmin() && !caller.isPublisher(publisherId)) {
      throw new NotFoundException("publisher", publisherId);
    }
    Network network = database.transaction(RecommendationService::read);
    if (!network.publishers().containsKey(publisherId)) {
      throw new NotFoundException("publisher", publisherId);
    }
    Recommender recommender = new Recommender(network.matrix(), RecommendWeights.DEFAULT);
    List<Recommendation> all = recommender.programmesFor(publisherId, Integer.MAX_VALUE);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("publisherId", publisherId);
    view.put("weights", weights());
    view.put("recommendations", items(all, network.programmes(), limit));
    return view;
  }

  /** The publishers recommended to a programme: its advertiser or the admin; publishers never. */
  public Map<String, Object> publishersFor(Principal caller, String programmeId, int limit) {
    if (caller.role() == Role.PUBLISHER) {
      throw new ForbiddenException("publishers do not read a programme's recommendations");
    }
    Programme programme = programmes.get(caller, programmeId);
    if (!caller.isAdmin() && !caller.isAdvertiser(programme.advertiserId())) {
      throw new NotFoundException("programme", programmeId);
    }
    Network network = database.transaction(RecommendationService::read);
    Recommender recommender = new Recommender(network.matrix(), RecommendWeights.DEFAULT);
    List<Recommendation> all = recommender.publishersFor(programme.id(), Integer.MAX_VALUE);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("programmeId", programme.id());
    view.put("weights", weights());
    view.put("recommendations", items(all, network.publishers(), limit));
    return view;
  }

  private static Map<String, Object> weights() {
    RecommendWeights w = RecommendWeights.DEFAULT;
    Map<String, Object> weights = new LinkedHashMap<>();
    weights.put("categorySimilarity", decimal(w.category()));
    weights.put("performance", decimal(w.performance()));
    weights.put("similarPublishers", decimal(w.similar()));
    return weights;
  }

  private static List<Map<String, Object>> items(
      List<Recommendation> ranked, Map<String, Named> names, int limit) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (Recommendation r : ranked) {
      Named named = names.get(r.id());
      if (named == null || !named.open()) {
        continue;
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", r.id());
      item.put("name", named.name());
      item.put("score", decimal(r.score()));
      Map<String, Object> reasons = new LinkedHashMap<>();
      reasons.put("categorySimilarity", decimal(r.categorySimilarity()));
      reasons.put("performance", decimal(r.performance()));
      reasons.put("similarPublishers", decimal(r.similarPublishers()));
      item.put("reasons", reasons);
      items.add(item);
      if (items.size() == limit) {
        break;
      }
    }
    return items;
  }

  private static BigDecimal decimal(double value) {
    return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN);
  }

  /** Pairs by (publisher row, programme row), as one key. */
  private static final class Pair {
    long clicks;
    long sales;
    final Map<String, Long> lines = new HashMap<>();
  }

  private static Network read(Connection c) throws SQLException {
    Map<Long, Named> publishersByRow = new HashMap<>();
    Map<String, Named> publishers = new LinkedHashMap<>();
    for (Named p :
        Sql.query(
            c,
            "SELECT id, public_id, name, type, archived_at FROM publisher ORDER BY public_id",
            r ->
                new Named(
                    r.getLong("id"),
                    r.getString("public_id"),
                    r.getString("name"),
                    r.getString("type"),
                    r.getObject("archived_at") == null))) {
      publishersByRow.put(p.rowId(), p);
      publishers.put(p.id(), p);
    }
    Map<Long, Named> programmesByRow = new HashMap<>();
    Map<String, Named> programmes = new LinkedHashMap<>();
    for (Named p :
        Sql.query(
            c,
            "SELECT id, public_id, name, status, archived_at FROM programme ORDER BY public_id",
            r ->
                new Named(
                    r.getLong("id"),
                    r.getString("public_id"),
                    r.getString("name"),
                    "",
                    r.getObject("archived_at") == null
                        && "active".equals(r.getString("status"))))) {
      programmesByRow.put(p.rowId(), p);
      programmes.put(p.id(), p);
    }
    Map<List<Long>, Pair> pairs = new LinkedHashMap<>();
    for (long[] row :
        Sql.query(
            c,
            "SELECT publisher_id, programme_id FROM partnership",
            r -> new long[] {r.getLong("publisher_id"), r.getLong("programme_id")})) {
      pairs.computeIfAbsent(List.of(row[0], row[1]), k -> new Pair());
    }
    for (long[] row :
        Sql.query(
            c,
            "SELECT publisher_id, programme_id, COUNT(*) AS sales FROM conversion"
                + " WHERE status <> 'cancelled' AND publisher_id IS NOT NULL"
                + " GROUP BY publisher_id, programme_id",
            r ->
                new long[] {
                  r.getLong("publisher_id"), r.getLong("programme_id"), r.getLong("sales")
                })) {
      pairs.computeIfAbsent(List.of(row[0], row[1]), k -> new Pair()).sales += row[2];
    }
    for (long[] row :
        Sql.query(
            c,
            "SELECT publisher_id, programme_id, SUM(valid_clicks) AS clicks FROM click_rollup"
                + " GROUP BY publisher_id, programme_id",
            r ->
                new long[] {
                  r.getLong("publisher_id"), r.getLong("programme_id"), r.getLong("clicks")
                })) {
      Pair pair = pairs.get(List.of(row[0], row[1]));
      if (pair != null) {
        pair.clicks += row[2];
      }
    }
    try (var s =
        c.prepareStatement(
            "SELECT c.publisher_id, c.programme_id, l.category, COUNT(*) AS lines"
                + " FROM conversion c JOIN conversion_line l ON l.conversion_id = c.id"
                + " WHERE c.status <> 'cancelled' AND c.publisher_id IS NOT NULL"
                + " AND l.category IS NOT NULL"
                + " GROUP BY c.publisher_id, c.programme_id, l.category")) {
      try (var r = s.executeQuery()) {
        while (r.next()) {
          Pair pair = pairs.get(List.of(r.getLong("publisher_id"), r.getLong("programme_id")));
          String category = r.getString("category");
          if (pair != null && category != null) {
            pair.lines.merge(category, r.getLong("lines"), Long::sum);
          }
        }
      }
    }
    Map<String, String> types = new LinkedHashMap<>();
    for (Named p : publishers.values()) {
      types.put(p.id(), p.type());
    }
    List<AffinityPair> affinity = new ArrayList<>(pairs.size());
    for (Map.Entry<List<Long>, Pair> each : pairs.entrySet()) {
      Named publisher = publishersByRow.get(each.getKey().get(0));
      Named programme = programmesByRow.get(each.getKey().get(1));
      if (publisher == null || programme == null) {
        continue;
      }
      Pair pair = each.getValue();
      affinity.add(
          new AffinityPair(publisher.id(), programme.id(), pair.clicks, pair.sales, pair.lines));
    }
    return new Network(
        AffinityMatrix.of(types, programmes.keySet(), affinity),
        Map.copyOf(publishers),
        Map.copyOf(programmes));
  }
}
