package app.lightweight.email.webhooks;

import app.lightweight.email.EmailConfig;
import app.lightweight.email.MessageStore;
import app.lightweight.email.MessageStore.EventOutcome;
import app.lightweight.email.MessageStore.ProviderEvent;
import app.lightweight.shared.http.JsonBodies;
import app.lightweight.shared.http.Problem;
import app.lightweight.shared.http.Problems;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidationContext;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The providers' delivery webhooks: authenticated, deduplicated, matched by Message-ID. */
public final class WebhookRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);
  public static final String PATH_PREFIX = "/api/email/webhooks/";

  private final MessageStore store;
  private final MailgunEvents mailgun;
  private final SparkPostEvents sparkpost;

  private final Validator mailgunBody;
  private final Validator sparkpostBody;

  public WebhookRoutes(
      MessageStore store, EmailConfig.Webhooks config, Clock clock, OpenAPIContract contract) {
    this.store = store;
    this.mailgunBody = JsonBodies.bodySchema(contract, "mailgunWebhook");
    this.sparkpostBody = JsonBodies.bodySchema(contract, "sparkpostWebhook");
    this.mailgun =
        new MailgunEvents(config.mailgunSigningKey(), config.mailgunToleranceSeconds(), clock);
    this.sparkpost = new SparkPostEvents(config.sparkpostUser(), config.sparkpostPassword());
  }

  public void bind(RouterBuilder builder) {
    builder.getRoute("mailgunWebhook").setDoValidation(false).addHandler(this::mailgun);
    builder.getRoute("sparkpostWebhook").setDoValidation(false).addHandler(this::sparkpost);
  }

  /**
   * Credentials first (a forged request learns nothing about the shape we expect), then the body's
   * shape, then the receipt against replays, then the events.
   */
  private void mailgun(RoutingContext ctx) {
    if (!isJson(ctx)) {
      return;
    }
    JsonObject body;
    String token;
    try {
      body = ctx.body().asJsonObject();
      token = mailgun.verify(body);
    } catch (Rejected | DecodeException | ClassCastException rejected) {
      refuse(ctx, "mailgun", rejected.getMessage());
      return;
    }
    if (!valid(ctx, "mailgun", mailgunBody, body)) {
      return;
    }
    store
        .recordWebhook("mailgun", token, List.of(MailgunEvents.event(body)))
        .onSuccess(
            outcomes -> {
              if (outcomes == null) {
                refuse(ctx, "mailgun", "replayed token");
              } else if (outcomes.get(0) == EventOutcome.UNKNOWN_MESSAGE) {
                // 406 tells Mailgun not to retry an event of a message we never sent
                Problems.send(
                    ctx,
                    Problem.of(
                        406,
                        "unknown-message",
                        "Not a message of ours",
                        "no message has this Message-ID; do not send it again"));
              } else {
                ctx.response().setStatusCode(200).end();
              }
            })
        .onFailure(ctx::fail);
  }

  private void sparkpost(RoutingContext ctx) {
    try {
      sparkpost.verify(ctx.request().getHeader("Authorization"));
    } catch (Rejected rejected) {
      refuse(ctx, "sparkpost", rejected.getMessage());
      return;
    }
    if (!isJson(ctx)) {
      return;
    }
    JsonArray batch;
    try {
      batch = ctx.body().asJsonArray();
    } catch (DecodeException | ClassCastException notAnArray) {
      batch = null;
    }
    if (batch == null) {
      invalid(ctx, "sparkpost", Problem.validation("", "the body must be a JSON array"));
      return;
    }
    if (!valid(ctx, "sparkpost", sparkpostBody, batch)) {
      return;
    }
    String batchId = ctx.request().getHeader("X-MessageSystems-Batch-ID");
    if (batchId != null && (batchId.isBlank() || batchId.length() > 255)) {
      invalid(
          ctx,
          "sparkpost",
          Problem.validation("/X-MessageSystems-Batch-ID", "1 to 255 characters"));
      return;
    }
    List<ProviderEvent> events = SparkPostEvents.events(batch);
    // a batch seen before is answered 200 as well: SparkPost retries until it gets one
    store
        .recordWebhook("sparkpost", batchId, events)
        .onSuccess(outcomes -> ctx.response().setStatusCode(200).end())
        .onFailure(ctx::fail);
  }

  private static boolean isJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      return true;
    }
    Problems.send(
        ctx,
        Problem.of(
            415, "unsupported-media-type", "Unsupported media type", "send application/json"));
    return false;
  }

  /** The body against its schema; a webhook of the wrong shape is answered 400 and logged. */
  private static boolean valid(
      RoutingContext ctx, String provider, Validator validator, Object body) {
    OutputUnit result = validator.validate(body);
    try {
      result.checkValidity();
      return true;
    } catch (JsonSchemaValidationException wrongShape) {
      LOG.warn(
          "{} webhook refused from {}: {} at {}",
          provider,
          ctx.request().remoteAddress(),
          wrongShape.getMessage(),
          wrongShape.location());
      ctx.fail(
          SchemaValidationException.createInvalidValueBody(
              result, ValidationContext.REQUEST, wrongShape));
      return false;
    }
  }

  private static void invalid(RoutingContext ctx, String provider, Problem problem) {
    LOG.warn(
        "{} webhook refused from {}: {}",
        provider,
        ctx.request().remoteAddress(),
        problem.errors());
    Problems.send(ctx, problem);
  }

  private static void refuse(RoutingContext ctx, String provider, String why) {
    LOG.warn("{} webhook refused from {}: {}", provider, ctx.request().remoteAddress(), why);
    Problems.send(ctx, Problem.unauthorized(provider + " webhook refused: " + why));
  }
}
