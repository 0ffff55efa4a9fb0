package dev.levier.http;

import dev.levier.auth.Principal;
import dev.levier.errors.BadRequestException;
import dev.levier.errors.OverloadedException;
import dev.levier.errors.UnauthorizedException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server. Management routes are read on the event loop, then served on virtual threads
 * where they may block on the database; the answer is written back on the event loop. At most
 * {@code maxInFlight} management requests run at once; beyond that the server answers 503 with
 * {@code Retry-After} rather than queueing without bound.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final String ROUTE_KEY = "levier.route";

  /** The operations routes, which the OpenAPI document lists beside the management API. */
  public static final List<String> OPS_ROUTES =
      List.of("GET /healthz", "GET /readyz", "GET /metrics", "GET /api/v1/openapi.json");

  private final Vertx vertx;
  private final List<ApiRoute> routes;
  private final List<HotRoute> hotRoutes;
  private final List<DirectRoute> directRoutes;
  private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Authenticator authenticator;
  private final Readiness readiness;
  private final PrometheusMeterRegistry registry;
  private final byte[] openApi;
  private final int maxBodyBytes;
  private final Semaphore inFlight;
  private final RateLimiter rateLimiter;
  private final ExecutorService workers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("api-", 0).factory());
  private final IntFunction<String> baseUrlForPort;
  private final List<HttpServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();

  public HttpApi(
      Vertx vertx,
      List<ApiRoute> routes,
      List<HotRoute> hotRoutes,
      List<DirectRoute> directRoutes,
      Authenticator authenticator,
      Readiness readiness,
      PrometheusMeterRegistry registry,
      byte[] openApi,
      int maxBodyBytes,
      int maxInFlight,
      RateLimiter rateLimiter,
      IntFunction<String> baseUrlForPort) {
    this.vertx = vertx;
    this.routes = List.copyOf(routes);
    this.hotRoutes = List.copyOf(hotRoutes);
    this.directRoutes = List.copyOf(directRoutes);
    this.authenticator = authenticator;
    this.readiness = readiness;
    this.registry = registry;
    this.openApi = openApi.clone();
    this.maxBodyBytes = maxBodyBytes;
    this.inFlight = new Semaphore(maxInFlight);
    this.rateLimiter = rateLimiter;
    this.baseUrlForPort = baseUrlForPort;
  }

  /** Every route the router serves, as "METHOD /path/{param}". */
  public List<String> routeSignatures() {
    List<String> all = new ArrayList<>(OPS_ROUTES);
    for (DirectRoute route : directRoutes) {
      all.add(route.method().name() + " " + route.path());
    }
    for (HotRoute route : hotRoutes) {
      all.add(route.method() + " " + route.path());
    }
    for (ApiRoute route : routes) {
      all.add(route.method() + " " + route.path());
    }
    return all;
  }

  public Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::measure);
    router.get("/healthz").handler(ctx -> ops(ctx, "/healthz", () -> health()));
    router.get("/readyz").handler(ctx -> ops(ctx, "/readyz", this::ready));
    router.get("/metrics").handler(ctx -> ops(ctx, "/metrics", this::metrics));
    router
        .get("/api/v1/openapi.json")
        .handler(
            ctx ->
                ops(
                    ctx,
                    "/api/v1/openapi.json",
                    () -> new ApiResponse(200, Map.of("content-type", ApiResponse.JSON), openApi)));
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    // OpenRTB: a notice the router cannot take is answered 400 with no body as exchanges expect,
    // never a problem document. (Bid requests never reach the router: see DirectRoute.)
    router
        .route("/openrtb2/*")
        .failureHandler(
            ctx -> {
              if (ctx.statusCode() >= 400 && ctx.statusCode() < 500 && !ctx.response().ended()) {
                ctx.response().setStatusCode(400).end();
              } else {
                ctx.next();
              }
            });
    for (HotRoute route : hotRoutes) {
      String template = route.path();
      router
          .route(HttpMethod.valueOf(route.method()), route.vertxPath())
          .handler(
              ctx -> {
                ctx.put(ROUTE_KEY, template);
                route.handler().handle(ctx);
              });
    }
    for (ApiRoute route : routes) {
      router
          .route(HttpMethod.valueOf(route.method()), route.vertxPath())
          .handler(ctx -> dispatch(route, ctx));
    }
    router.errorHandler(400, ctx -> routerProblem(ctx, 400, "the request cannot be read"));
    router.errorHandler(404, ctx -> routerProblem(ctx, 404, "no route " + pathOf(ctx)));
    router.errorHandler(
        405,
        ctx ->
            routerProblem(ctx, 405, ctx.request().method() + " is not allowed on " + pathOf(ctx)));
    router.errorHandler(
        413,
        ctx ->
            routerProblem(
                ctx, 413, "the body is larger than the limit of " + maxBodyBytes + " bytes"));
    router.errorHandler(
        500,
        ctx -> {
          Throwable failure = ctx.failure();
          write(
              ctx,
              failure == null
                  ? Problems.internal(new IllegalStateException("router failure"), pathOf(ctx))
                  : Problems.internal(failure, pathOf(ctx)));
        });
    return router;
  }

  /**
   * Clicks go straight to their handler, without the router: they are the hottest path, and their
   * URL shape is fixed. Everything else goes through the router.
   */
  private io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> requestHandler(
      Router router) {
    if (directRoutes.isEmpty()) {
      return router;
    }
    return request -> {
      String path = request.path();
      if (path != null) {
        HttpMethod method = request.method();
        for (DirectRoute route : directRoutes) {
          if (route.serves(method, path)) {
            route.handler().handle(request);
            return;
          }
        }
      }
      router.handle(request);
    };
  }

  /**
   * Starts listening on {@code eventLoops} event loops that share one port: each loop runs its own
   * server, and Vert.x hands each new connection to the next one. Completes with a bound server
   * once all are bound. A port of 0 picks one free port for all of them.
   */
  public Future<HttpServer> listen(String host, int port, int eventLoops) {
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops must be at least 1, was " + eventLoops);
    }
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            // Vert.x gives servers on port 0 a free port each; a negative port, one they share.
            .setPort(port == 0 ? -1 : port)
            .setCompressionSupported(true)
            .setMaxHeaderSize(16 * 1024)
            .setMaxInitialLineLength(8 * 1024);
    io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler = requestHandler(router());
    java.util.concurrent.CompletableFuture<HttpServer> bound =
        new java.util.concurrent.CompletableFuture<>();
    // One verticle instance per loop: each instance is given an event loop of its own, and the
    // server it creates is served there (a server made outside a verticle stays on one loop).
    return vertx
        .deployVerticle(
            () ->
                new io.vertx.core.VerticleBase() {
                  @Override
                  public Future<?> start() {
                    return vertx
                        .createHttpServer(options)
                        .requestHandler(handler)
                        .listen()
                        .onSuccess(
                            s -> {
                              servers.add(s);
                              bound.complete(s);
                            });
                  }
                },
            new io.vertx.core.DeploymentOptions().setInstances(eventLoops))
        .compose(id -> Future.fromCompletionStage(bound))
        .recover(
            failure ->
                Future.failedFuture(
                    new IllegalStateException(
                        "cannot listen on "
                            + host
                            + ":"
                            + port
                            + " (settings host and port): "
                            + failure.getMessage(),
                        failure)));
  }

  public int actualPort() {
    if (servers.isEmpty()) {
      throw new IllegalStateException("the server is not listening");
    }
    return servers.get(0).actualPort();
  }

  /** How many event loops serve HTTP. */
  public int eventLoops() {
    return servers.size();
  }

  /**
   * Stops accepting connections, lets in-flight requests finish within the grace period, then stops
   * the workers.
   */
  public void shutdown(long graceMillis) throws InterruptedException {
    if (!servers.isEmpty()) {
      try {
        Future.all(
                servers.stream().map(s -> s.shutdown(graceMillis, TimeUnit.MILLISECONDS)).toList())
            .toCompletionStage()
            .toCompletableFuture()
            .get(graceMillis + 5_000, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        LOG.atWarn().setCause(e).log("HTTP server did not shut down cleanly");
      }
    }
    workers.shutdown();
    if (!workers.awaitTermination(graceMillis + 1_000, TimeUnit.MILLISECONDS)) {
      LOG.atWarn().log("management requests still running after the grace period");
      workers.shutdownNow();
    }
  }

  private void measure(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(
        done -> {
          String route = ctx.get(ROUTE_KEY, "unmatched");
          int status = ctx.response().getStatusCode();
          String method = ctx.request().method().name();
          timers
              .computeIfAbsent(
                  method + " " + route + " " + status,
                  key ->
                      Timer.builder("http.server.requests")
                          .description("HTTP requests served, by route template and status")
                          .tag("method", method)
                          .tag("route", route)
                          .tag("status", Integer.toString(status))
                          .tag("outcome", outcome(status))
                          .register(registry))
              .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
    ctx.next();
  }

  private static String outcome(int status) {
    if (status < 400) {
      return "success";
    }
    return status < 500 ? "client_error" : "server_error";
  }

  private void ops(RoutingContext ctx, String route, Supplier<ApiResponse> handler) {
    ctx.put(ROUTE_KEY, route);
    Context context = vertx.getOrCreateContext();
    workers.execute(
        () -> {
          ApiResponse response;
          try {
            response = handler.get();
          } catch (RuntimeException e) {
            response = Problems.from(e, route);
          }
          ApiResponse done = response;
          context.runOnContext(v -> write(ctx, done));
        });
  }

  private void dispatch(ApiRoute route, RoutingContext ctx) {
    ctx.put(ROUTE_KEY, route.path());
    String path = pathOf(ctx);
    if (!inFlight.tryAcquire()) {
      write(
          ctx,
          Problems.from(
              new OverloadedException("too many requests in flight; retry shortly", 1), path));
      return;
    }
    ApiResponse unsupportedBody = checkContentType(ctx, path, route.acceptsCsv());
    String authorization = ctx.request().getHeader("Authorization");
    Map<String, String> pathParams = Map.copyOf(ctx.pathParams());
    Map<String, List<String>> query = multimap(ctx.queryParams());
    Map<String, String> headers = headers(ctx.request().headers());
    Buffer bodyBuffer = ctx.body().buffer();
    byte[] body = bodyBuffer == null ? new byte[0] : bodyBuffer.getBytes();
    String method = route.method();
    Context context = vertx.getOrCreateContext();
    long start = System.nanoTime();
    workers.execute(
        () -> {
          ApiResponse response;
          Principal principal = null;
          try {
            principal = route.authenticated() ? authenticate(authorization) : null;
            if (principal != null) {
              rateLimiter.acquire(principal.keyId(), System.nanoTime());
            }
            if (unsupportedBody != null) {
              throw new UnsupportedBodyException(unsupportedBody);
            }
            if (!route.readsQuery() && !query.isEmpty()) {
              String name = query.keySet().iterator().next();
              throw new BadRequestException(
                  name, "this route takes no query parameters; got '" + name + "'");
            }
            ApiRequest request =
                new ApiRequest(
                    method,
                    path,
                    pathParams,
                    query,
                    headers,
                    body,
                    principal,
                    baseUrlForPort.apply(actualPort()));
            response = route.handler().handle(request);
          } catch (UnsupportedBodyException e) {
            response = e.response;
          } catch (RuntimeException e) {
            response = Problems.from(e, path);
          } finally {
            inFlight.release();
          }
          ApiResponse done = response;
          String keyId = principal == null ? "-" : principal.keyId();
          context.runOnContext(
              v -> {
                write(ctx, done);
                LOG.atInfo()
                    .addKeyValue("method", method)
                    .addKeyValue("path", path)
                    .addKeyValue("status", done.status())
                    .addKeyValue("ms", Math.round((System.nanoTime() - start) / 100_000.0) / 10.0)
                    .addKeyValue("key", keyId)
                    .log("request");
              });
        });
  }

  private @Nullable ApiResponse checkContentType(
      RoutingContext ctx, String path, boolean acceptsCsv) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return null;
    }
    String type = ctx.request().getHeader("Content-Type");
    if (type == null) {
      return null;
    }
    String mediaType = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
      return null;
    }
    if (acceptsCsv && mediaType.equals("text/csv")) {
      return null;
    }
    return Problems.forStatus(
        415,
        "the body must be application/json"
            + (acceptsCsv ? " or text/csv" : "")
            + ", not "
            + mediaType,
        path);
  }

  private Principal authenticate(@Nullable String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new UnauthorizedException("an API key is required: send Authorization: Bearer <key>");
    }
    String[] parts = authorization.strip().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer")) {
      throw new UnauthorizedException("the Authorization header must be: Bearer <key>");
    }
    return authenticator.authenticate(parts[1]);
  }

  private ApiResponse health() {
    return ApiResponse.json(200, Map.of("status", "up"));
  }

  private ApiResponse ready() {
    Readiness.Status status = readiness.check();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.ready() ? "ready" : "not ready");
    body.putAll(status.details());
    return ApiResponse.json(status.ready() ? 200 : 503, body);
  }

  private ApiResponse metrics() {
    byte[] text = registry.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new ApiResponse(
        200, Map.of("content-type", "text/plain; version=0.0.4; charset=utf-8"), text);
  }

  private void routerProblem(RoutingContext ctx, int status, String detail) {
    ApiResponse problem = Problems.forStatus(status, detail, pathOf(ctx));
    if (status == 405) {
      problem = problem.withHeader("allow", allowedMethods(pathOf(ctx)));
    }
    write(ctx, problem);
  }

  private String allowedMethods(String path) {
    List<String> allowed = new ArrayList<>();
    for (String signature : routeSignatures()) {
      String[] parts = signature.split(" ", 2);
      if (path.matches(parts[1].replaceAll("\\{[A-Za-z]+}", "[^/]+"))
          && !allowed.contains(parts[0])) {
        allowed.add(parts[0]);
      }
    }
    return String.join(", ", allowed);
  }

  /** Carries the 415 answer past authentication, which comes first. */
  private static final class UnsupportedBodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ApiResponse response;

    UnsupportedBodyException(ApiResponse response) {
      super("unsupported media type", null, false, false);
      this.response = response;
    }
  }

  private static String pathOf(RoutingContext ctx) {
    return Responses.path(ctx);
  }

  private static void write(RoutingContext ctx, ApiResponse response) {
    Responses.write(ctx, response);
  }

  /** Query or form parameters as plain values, in the order they came. */
  public static Map<String, List<String>> multimap(MultiMap params) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String name : params.names()) {
      map.put(name, List.copyOf(params.getAll(name)));
    }
    return map;
  }

  private static Map<String, String> headers(MultiMap headers) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String name : headers.names()) {
      String value = headers.get(name);
      if (value != null) {
        map.put(name.toLowerCase(Locale.ROOT), value);
      }
    }
    return map;
  }
}
