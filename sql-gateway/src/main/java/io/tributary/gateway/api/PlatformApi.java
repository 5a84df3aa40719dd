package io.tributary.gateway.api;

import static io.tributary.gateway.auth.Access.OPERATE;
import static io.tributary.gateway.auth.Access.READ;
import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.tributary.gateway.auth.TokenCheck;
import io.tributary.gateway.deploy.PipelineDeployer;
import io.tributary.gateway.feature.FeatureDeployer;
import io.tributary.gateway.feature.TableSyncs;
import io.tributary.gateway.feature.TrainingSets;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.gateway.replay.ReplayScheduler;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform API, {@code /api/v1}: pipelines, deployments (plan, apply, history), jobs (list,
 * stop, restart, savepoint) and replays. JSON in and out; every refusal is a JSON error with its
 * status code. Its routes are declared once, in {@link #ROUTES}; the OpenAPI document it serves at
 * {@code /api/v1/openapi.json} lists exactly those, or the API does not start.
 *
 * <pre>{@code
 * try (PlatformApi api = PlatformApi.start("127.0.0.1", 0, jobs, deployer, replays, tokens)) {
 *   URI address = api.address(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class PlatformApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformApi.class);

  /** Where every route lives. */
  static final String PREFIX = "/api/v1/";

  /** Every route served: method, path, what its caller needs, and what answers it. */
  public static final List<Route> ROUTES =
      List.of(
          Route.get("/api/v1/openapi.json", READ, (api, r) -> api.openApi().document()),
          Route.get("/api/v1/pipelines", READ, (api, r) -> api.deployments().pipelines()),
          Route.get("/api/v1/deployments", READ, (api, r) -> api.deployments().history()),
          Route.post("/api/v1/deployments", OPERATE, (api, r) -> api.deployments().apply(r)),
          Route.post("/api/v1/deployments/plan", READ, (api, r) -> api.deployments().plan(r)),
          Route.get("/api/v1/features", READ, (api, r) -> api.features().list()),
          Route.post("/api/v1/features/plan", READ, (api, r) -> api.features().plan(r)),
          Route.post("/api/v1/features/deploy", OPERATE, (api, r) -> api.features().deploy(r)),
          Route.post(
              "/api/v1/features/{group}/backfill", OPERATE, (api, r) -> api.features().backfill(r)),
          Route.get("/api/v1/features/tables", READ, (api, r) -> api.features().tables()),
          Route.post("/api/v1/features/{group}/verify", READ, (api, r) -> api.features().verify(r)),
          Route.post("/api/v1/features/{group}/sync", OPERATE, (api, r) -> api.features().sync(r)),
          Route.post(
              "/api/v1/features/{group}/training-set",
              OPERATE,
              (api, r) -> api.features().trainingSet(r)),
          Route.get("/api/v1/syncs", READ, (api, r) -> api.features().syncs()),
          Route.get("/api/v1/jobs", READ, (api, r) -> api.jobs().list()),
          Route.post("/api/v1/jobs/{name}/stop", OPERATE, (api, r) -> api.jobs().stop(r)),
          Route.post("/api/v1/jobs/{name}/restart", OPERATE, (api, r) -> api.jobs().restart(r)),
          Route.post("/api/v1/jobs/{name}/savepoint", OPERATE, (api, r) -> api.jobs().savepoint(r)),
          Route.post("/api/v1/replays", OPERATE, (api, r) -> api.replays().run(r)),
          Route.get("/api/v1/runs", READ, (api, r) -> api.replays().runs()));

  private final Javalin server;
  private final URI address;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PlatformApi(Javalin server, URI address) {
    this.server = server;
    this.address = address;
  }

  /**
   * Serves the API on {@code host:port} (0 picks a free port).
   *
   * @param tokens the check of every request's bearer token; none serves everyone
   * @throws IOException when the address cannot be bound
   */
  public static PlatformApi start(
      String host,
      int port,
      ManagedJobs jobs,
      PipelineDeployer deployer,
      ReplayScheduler replays,
      FeatureDeployer features,
      TableSyncs tables,
      TrainingSets trainingSets,
      Optional<TokenCheck> tokens)
      throws IOException {
    requireNonNull(host, "host is null");
    requireNonNull(jobs, "jobs is null");
    requireNonNull(deployer, "deployer is null");
    requireNonNull(replays, "replays is null");
    requireNonNull(features, "features is null");
    requireNonNull(tables, "tables is null");
    requireNonNull(trainingSets, "trainingSets is null");
    ApiResources resources =
        new ApiResources(
            OpenApiDocument.load(ROUTES),
            new DeploymentsResource(deployer),
            new JobsResource(jobs, deployer, replays),
            new ReplaysResource(deployer, replays),
            new FeaturesResource(features, tables, trainingSets));
    Javalin server = new ApiHttp(ROUTES, resources, tokens).start(host, port);
    PlatformApi api = new PlatformApi(server, URI.create("http://" + host + ":" + server.port()));
    LOG.info("Platform API on {}", api.address());
    return api;
  }

  public URI address() {
    return address;
  }

  /** Stops serving; in-flight requests are cut off. Closing again does nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop();
    }
  }
}
