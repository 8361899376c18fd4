package app.lightweight.users;

import app.lightweight.shared.auth.BearerAuth;
import app.lightweight.shared.auth.Caller;
import app.lightweight.shared.http.Http;
import app.lightweight.shared.http.Problem;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Base64;

/** HTTP operations and event-bus answers of the users service. */
public final class ProfileRoutes {
  private static final String READ = "users:read";
  private static final String WRITE = "users:write";

  private final ProfileStore store;
  private final WorkerExecutor logoChecks;

  /**
   * @param logoChecks where uploaded logos are decoded (blocking CPU work, bounded memory per
   *     check): a small pool, so a burst of uploads cannot hold many decoded images at once
   */
  public ProfileRoutes(ProfileStore store, WorkerExecutor logoChecks) {
    this.store = store;
    this.logoChecks = logoChecks;
  }

  public void bind(RouterBuilder builder) {
    builder.getRoute("getMe").addHandler(BearerAuth.requireScope(READ)).addHandler(this::getMe);
    builder
        .getRoute("updateMe")
        .addHandler(BearerAuth.requireScope(WRITE))
        .addHandler(this::updateMe);
    builder.getRoute("getLogo").addHandler(BearerAuth.requireScope(READ)).addHandler(this::getLogo);
    // The contract cannot validate image bodies; LogoImage checks size and type, and decodes.
    builder
        .getRoute("putLogo")
        .setDoValidation(false)
        .addHandler(BearerAuth.requireScope(WRITE))
        .addHandler(this::putLogo);
    builder
        .getRoute("deleteLogo")
        .addHandler(BearerAuth.requireScope(WRITE))
        .addHandler(this::deleteLogo);
  }

  private void getMe(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    store
        .findOrCreate(caller.subject(), caller.email(), caller.name())
        .onSuccess(profile -> Http.json(ctx, 200, profile.toJson()))
        .onFailure(ctx::fail);
  }

  private void updateMe(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    ProfileUpdate update = ProfileUpdate.fromJson(ctx.body().asJsonObject());
    store
        .update(caller.subject(), caller.email(), caller.name(), update)
        .onSuccess(profile -> Http.json(ctx, 200, profile.toJson()))
        .onFailure(ctx::fail);
  }

  private void putLogo(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    String type = ctx.request().getHeader("Content-Type");
    Buffer body = ctx.body().buffer();
    logoChecks
        .executeBlocking(() -> LogoImage.check(type, body), false)
        .compose(logo -> store.setLogo(caller.subject(), caller.email(), caller.name(), logo))
        .onSuccess(profile -> Http.json(ctx, 200, profile.toJson()))
        .onFailure(ctx::fail);
  }

  private void getLogo(RoutingContext ctx) {
    store
        .logo(Caller.of(ctx).subject())
        .onSuccess(
            logo -> {
              if (logo.isEmpty()) {
                ctx.fail(Problem.notFound("no logo uploaded").exception());
              } else {
                Http.send(ctx, 200, logo.get().contentType(), Buffer.buffer(logo.get().bytes()));
              }
            })
        .onFailure(ctx::fail);
  }

  private void deleteLogo(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    store
        .setLogo(caller.subject(), caller.email(), caller.name(), null)
        .onSuccess(profile -> Http.noContent(ctx))
        .onFailure(ctx::fail);
  }

  /** {@code users.profile}: {"subject": "..."} → the profile with its logo as base64, or 404. */
  public void onProfileRequest(Message<JsonObject> message) {
    String subject = message.body() == null ? null : message.body().getString("subject");
    if (subject == null) {
      message.fail(400, "subject is required");
      return;
    }
    store
        .find(subject)
        .compose(
            profile ->
                store
                    .logo(subject)
                    .map(
                        logo ->
                            profile.map(
                                p -> {
                                  JsonObject json = p.toJson();
                                  logo.ifPresent(
                                      image ->
                                          json.getJsonObject("logo")
                                              .put(
                                                  "base64",
                                                  Base64.getEncoder()
                                                      .encodeToString(image.bytes())));
                                  return json;
                                })))
        .onSuccess(
            json -> {
              if (json.isPresent()) {
                message.reply(json.get());
              } else {
                message.fail(404, "no profile for subject " + subject);
              }
            })
        .onFailure(failure -> message.fail(503, failure.getMessage()));
  }
}
