package io.tributary.gateway.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.ErrorKind;
import io.tributary.catalog.error.TributaryException;
import io.tributary.gateway.auth.BearerAuthFilter;
import io.tributary.gateway.auth.ForbiddenException;
import io.tributary.gateway.auth.GatewayUser;
import io.tributary.gateway.deploy.DeployPlan;
import io.tributary.gateway.deploy.Deployment;
import io.tributary.gateway.deploy.DeploymentStatus;
import io.tributary.gateway.deploy.PipelineDeployer;
import io.tributary.gateway.jobs.JobState;
import io.tributary.gateway.jobs.JobView;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.gateway.replay.ReplayRun;
import io.tributary.gateway.replay.ReplayScheduler;
import io.tributary.gateway.replay.ReplayTrigger;
import io.tributary.stream.job.JobKind;
import io.tributary.stream.job.StateLocation;
import io.tributary.stream.pipeline.PipelineSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform API, {@code /api/v1}: pipelines, deployments (plan, apply, history) and jobs (list,
 * stop, restart, savepoint). JSON in and out; every refusal is a JSON error with its status code.
 * The OpenAPI document it serves at {@code /api/v1/openapi.json} lists exactly its {@link #ROUTES}.
 *
 * <p>Served with the JDK's HTTP server: a handful of routes on loopback need no framework.
 */
public final class PlatformApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformApi.class);
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  /** A route: method and path pattern, as the OpenAPI document writes them. */
  public record Route(String method, String path) {}

  /** Every route served, as the OpenAPI document must list them. */
  public static final List<Route> ROUTES =
      List.of(
          new Route("GET", "/api/v1/openapi.json"),
          new Route("GET", "/api/v1/pipelines"),
          new Route("GET", "/api/v1/deployments"),
          new Route("POST", "/api/v1/deployments"),
          new Route("POST", "/api/v1/deployments/plan"),
          new Route("GET", "/api/v1/jobs"),
          new Route("POST", "/api/v1/jobs/{name}/stop"),
          new Route("POST", "/api/v1/jobs/{name}/restart"),
          new Route("POST", "/api/v1/jobs/{name}/savepoint"),
          new Route("POST", "/api/v1/replays"),
          new Route("GET", "/api/v1/runs"));

  private static final Pattern JOB_ACTION =
      Pattern.compile("/api/v1/jobs/([A-Za-z0-9_.-]+)/(stop|restart|savepoint)");

  private final HttpServer server;
  private final ExecutorService executor;
  private final ManagedJobs jobs;
  private final PipelineDeployer deployer;
  private final ReplayScheduler replays;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private PlatformApi(
      HttpServer server,
      ExecutorService executor,
      ManagedJobs jobs,
      PipelineDeployer deployer,
      ReplayScheduler replays) {
    this.server = server;
    this.executor = executor;
    this.jobs = jobs;
    this.deployer = deployer;
    this.replays = replays;
  }

  /**
   * Serves the API on {@code host:port} (0 picks a free port).
   *
   * @param filters run before every request, in order: authentication, for one
   */
  public static PlatformApi start(
      String host,
      int port,
      ManagedJobs jobs,
      PipelineDeployer deployer,
      ReplayScheduler replays,
      List<Filter> filters)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    ExecutorService executor = Executors.newFixedThreadPool(8, r -> daemon(r));
    PlatformApi api =
        new PlatformApi(
            server,
            executor,
            requireNonNull(jobs, "jobs is null"),
            requireNonNull(deployer, "deployer is null"),
            requireNonNull(replays, "replays is null"));
    var context = server.createContext("/", api::handle);
    context.getFilters().addAll(filters);
    server.setExecutor(executor);
    server.start();
    LOG.info("Platform API on {}", api.address());
    return api;
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "tributary-api");
    thread.setDaemon(true);
    return thread;
  }

  public URI address() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    try {
      if (!path.startsWith("/api/v1/")) {
        throw new ApiException(404, "No such resource " + path + "; the platform API is /api/v1");
      }
      Matcher action = JOB_ACTION.matcher(path);
      if (action.matches()) {
        requireMethod(exchange, "POST");
        actor(exchange).ifPresent(user -> checkMayOperate(user, action.group(1)));
        respond(exchange, 200, jobAction(action.group(1), action.group(2)));
        return;
      }
      switch (path) {
        case "/api/v1/openapi.json" -> {
          requireMethod(exchange, "GET");
          respondRaw(exchange, 200, openApi());
        }
        case "/api/v1/pipelines" -> {
          requireMethod(exchange, "GET");
          respond(exchange, 200, pipelines());
        }
        case "/api/v1/jobs" -> {
          requireMethod(exchange, "GET");
          respond(exchange, 200, jobs());
        }
        case "/api/v1/deployments/plan" -> {
          requireMethod(exchange, "POST");
          JsonNode body = body(exchange);
          DeployPlan plan = deployer.plan(directory(body));
          respond(exchange, 200, JSON.valueToTree(plan));
        }
        case "/api/v1/deployments" -> {
          if (exchange.getRequestMethod().equals("GET")) {
            respond(exchange, 200, JSON.valueToTree(deployer.history().all()));
          } else {
            requireMethod(exchange, "POST");
            JsonNode body = body(exchange);
            Deployment deployment =
                deployer.apply(
                    directory(body),
                    new PipelineDeployer.Request(
                        user(exchange, body),
                        Optional.ofNullable(body.path("commit").textValue()),
                        body.path("allowStateReset").asBoolean(false),
                        actor(exchange)));
            respond(
                exchange,
                deployment.status() == DeploymentStatus.REFUSED ? 409 : 200,
                JSON.valueToTree(deployment));
          }
        }
        case "/api/v1/runs" -> {
          requireMethod(exchange, "GET");
          respond(exchange, 200, JSON.valueToTree(replays.runs().all()));
        }
        case "/api/v1/replays" -> {
          requireMethod(exchange, "POST");
          JsonNode body = body(exchange);
          String pipeline = body.path("pipeline").textValue();
          String date = body.path("date").textValue();
          if (pipeline == null || date == null) {
            throw new ApiException(400, "The request needs \"pipeline\" and \"date\" (yyyy-MM-dd)");
          }
          LocalDate day;
          try {
            day = LocalDate.parse(date);
          } catch (DateTimeParseException e) {
            throw new ApiException(400, "'" + date + "' is not a date; write it as yyyy-MM-dd");
          }
          ReplayTrigger trigger =
              body.path("backfill").asBoolean(false)
                  ? ReplayTrigger.BACKFILL
                  : ReplayTrigger.MANUAL;
          Optional<PipelineSpec> spec = Optional.ofNullable(deployer.running().get(pipeline));
          if (spec.isPresent()) {
            actor(exchange)
                .ifPresent(
                    user ->
                        user.checkMayWrite("replay pipeline " + pipeline, spec.get().target(), ""));
          }
          ReplayRun run = replays.runNow(pipeline, day, trigger);
          if (run.succeeded()) {
            respond(exchange, 200, JSON.valueToTree(run));
          } else {
            ObjectNode error = errorBody(409, run.error().orElse("the replay failed"));
            error.set("run", JSON.valueToTree(run));
            respond(exchange, 409, error);
          }
        }
        default -> throw new ApiException(404, "No such resource " + path);
      }
    } catch (ApiException e) {
      error(exchange, e.status, e.getMessage());
    } catch (Exception e) { // the one place a request's failure, whatever it is, becomes its answer
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      ErrorCode code = TributaryException.codeOf(e);
      if (code.kind() != ErrorKind.USER) {
        LOG.warn("{} {} failed", method, path, e);
      }
      error(
          exchange,
          ApiErrors.status(code),
          code == ErrorCode.INTERNAL
              ? e.getClass().getSimpleName() + ": " + e.getMessage()
              : e.getMessage());
    } finally {
      exchange.close();
    }
  }

  private ArrayNode pipelines() {
    ArrayNode array = JSON.createArrayNode();
    deployer
        .running()
        .forEach(
            (name, spec) -> {
              ObjectNode pipeline = array.addObject();
              pipeline.put("name", name);
              pipeline.put("target", spec.target().toString());
              pipeline.put("job", spec.jobName());
              pipeline.put("directory", spec.directory().toString());
              spec.metadata().owner().ifPresent(o -> pipeline.put("owner", o));
            });
    return array;
  }

  private ArrayNode jobs() throws InterruptedException {
    ArrayNode array = JSON.createArrayNode();
    for (JobView view : jobs.list()) {
      ObjectNode job = array.addObject();
      job.put("name", view.name());
      job.put("kind", view.kind().name());
      view.id().ifPresent(id -> job.put("id", id));
      job.put("state", view.state().name());
      view.uptime().ifPresent(u -> job.put("uptimeSeconds", u.toSeconds()));
      view.lastCheckpoint().ifPresent(c -> job.put("lastCheckpoint", c.toString()));
      view.checkpointAge().ifPresent(a -> job.put("checkpointAgeSeconds", a.toSeconds()));
      job.put("restarts", view.restarts());
      view.rootCause().ifPresent(c -> job.put("rootCause", c));
      view.lastSavepoint().ifPresent(s -> job.put("lastSavepoint", s));
      ArrayNode lag = job.putArray("lag");
      for (JobView.PartitionLag partition : view.lag()) {
        ObjectNode item = lag.addObject();
        item.put("topic", partition.topic());
        item.put("partition", partition.partition());
        item.put("records", partition.records());
        partition.behind().ifPresent(b -> item.put("seconds", b.toSeconds()));
      }
    }
    replays
        .running()
        .ifPresent(
            replay -> {
              ObjectNode job = array.addObject();
              job.put("name", "replay-" + replay.pipeline());
              job.put("kind", JobKind.REPLAY.name());
              job.put("state", "RUNNING");
              job.put("day", replay.day().toString());
              job.put("trigger", replay.trigger().name());
              job.put(
                  "uptimeSeconds",
                  java.time.Duration.between(replay.startedAt(), java.time.Instant.now())
                      .toSeconds());
              job.put("restarts", 0);
              job.putArray("lag");
            });
    return array;
  }

  private ObjectNode jobAction(String name, String action) throws Exception {
    ObjectNode result = JSON.createObjectNode();
    result.put("job", name);
    result.put("action", action);
    switch (action) {
      case "stop" -> {
        Optional<StateLocation> savepoint = jobs.stop(name);
        result.put("state", JobState.STOPPED.name());
        savepoint.ifPresent(p -> result.put("savepoint", p.toString()));
      }
      case "restart" -> {
        var job = jobs.restart(name);
        result.put("state", "RUNNING");
        result.put("id", job.id().toHexString());
        job.restoredFrom().ifPresent(p -> result.put("restoredFrom", p.toString()));
      }
      case "savepoint" -> result.put("savepoint", jobs.savepoint(name).toString());
      default -> throw new ApiException(404, "No action " + action);
    }
    return result;
  }

  private static Path directory(JsonNode body) {
    String directory = body.path("directory").textValue();
    if (directory == null || directory.isBlank()) {
      throw new ApiException(
          400, "The request needs \"directory\": the pipelines directory to deploy");
    }
    Path path = Path.of(directory);
    if (!Files.isDirectory(path)) {
      throw new ApiException(400, "Pipelines directory " + directory + " does not exist");
    }
    return path;
  }

  /**
   * Landing jobs are the platform's: only an admin operates them. A pipeline's job may be operated
   * by whoever may write its target.
   */
  private void checkMayOperate(GatewayUser user, String job) {
    if (user.role() == io.tributary.gateway.auth.Role.ADMIN) {
      return;
    }
    PipelineSpec pipeline =
        deployer.running().values().stream()
            .filter(p -> p.jobName().equals(job))
            .findFirst()
            .orElseThrow(
                () ->
                    new ForbiddenException(
                        "User "
                            + user
                            + " may not operate job "
                            + job
                            + ": landing jobs are operated by admins"));
    user.checkMayWrite("operate job " + job, pipeline.target(), "");
  }

  /** The authenticated user, when auth is on. */
  private static Optional<GatewayUser> actor(HttpExchange exchange) {
    return Optional.ofNullable(exchange.getAttribute(BearerAuthFilter.USER_ATTRIBUTE))
        .map(GatewayUser.class::cast);
  }

  /** The authenticated user if auth is on, else the user the request names. */
  private static String user(HttpExchange exchange, JsonNode body) {
    Optional<GatewayUser> actor = actor(exchange);
    if (actor.isPresent()) {
      return actor.get().name();
    }
    String user = body.path("user").textValue();
    return user == null || user.isBlank() ? "anonymous" : user;
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readAllBytes();
    }
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (!node.isObject()) {
        throw new ApiException(400, "The request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "The request body is not JSON: " + e.getOriginalMessage());
    }
  }

  private static void requireMethod(HttpExchange exchange, String method) {
    if (!exchange.getRequestMethod().equals(method)) {
      exchange.getResponseHeaders().add("Allow", method);
      throw new ApiException(
          405,
          exchange.getRequestMethod()
              + " is not allowed on "
              + exchange.getRequestURI().getPath()
              + "; use "
              + method);
    }
  }

  static byte[] openApi() {
    try (InputStream in = PlatformApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
    respondRaw(
        exchange,
        status,
        JSON.writerWithDefaultPrettyPrinter()
            .writeValueAsString(body)
            .getBytes(StandardCharsets.UTF_8));
  }

  private static void respondRaw(HttpExchange exchange, int status, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  /** A JSON error: {@code {"status": 404, "error": "Not Found", "message": "..."}}. */
  public static void error(HttpExchange exchange, int status, String message) throws IOException {
    respond(exchange, status, errorBody(status, message));
  }

  private static ObjectNode errorBody(int status, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("status", status);
    error.put("error", reason(status));
    error.put("message", message);
    return error;
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      default -> "Internal Server Error";
    };
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  /** A refusal with its status code. */
  static final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
