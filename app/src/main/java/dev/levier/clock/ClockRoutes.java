package dev.levier.clock;

import dev.levier.auth.Principal;
import dev.levier.errors.ForbiddenException;
import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.JsonInput;
import dev.levier.http.Parsers;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code /api/v1/clock}: the server's time, which a simulation may set (admin only). */
public final class ClockRoutes {
  private static final String PATH = "/api/v1/clock";

  private final ServerClock clock;

  public ClockRoutes(ServerClock clock) {
    this.clock = clock;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get(PATH, "getClock", this::read), ApiRoute.put(PATH, "setClock", this::set));
  }

  /**
   * The time the server works at, and whether it is simulated.
   *
   * @param now the server's time
   * @param settable whether the server was started with {@code clock=simulated}
   * @param stopped whether the clock is stopped at a set instant
   */
  public record Reading(Instant now, boolean settable, boolean stopped) {}

  private ApiResponse read(ApiRequest request) {
    requireAdmin(request.caller());
    return ApiResponse.ok(reading(clock.instant()));
  }

  private ApiResponse set(ApiRequest request) {
    requireAdmin(request.caller());
    JsonInput in = JsonInput.of(request.body(), "now");
    if (!in.has("now")) {
      in.reject("now", "is required: an instant, or null to run with the system clock again");
    }
    @Nullable Instant at = in.optional("now", Parsers::instant);
    in.validate();
    return ApiResponse.ok(reading(clock.set(at)));
  }

  private Reading reading(Instant now) {
    return new Reading(now, clock.settable(), clock.isStopped());
  }

  private static void requireAdmin(Principal caller) {
    if (!caller.isAdmin()) {
      throw new ForbiddenException("only the network's admin reads and sets the server's clock");
    }
  }
}
