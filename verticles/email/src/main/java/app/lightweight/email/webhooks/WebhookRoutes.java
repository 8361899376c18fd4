package app.lightweight.email.webhooks;

import app.lightweight.email.EmailConfig;
import app.lightweight.email.MessageStore;
import app.lightweight.email.MessageStore.EventOutcome;
import app.lightweight.email.MessageStore.ProviderEvent;
import app.lightweight.shared.http.Problem;
import app.lightweight.shared.http.Problems;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The providers' delivery webhooks: authenticated, deduplicated, matched by Message-ID. */
public final class WebhookRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);
  public static final String PATH_PREFIX = "/api/email/webhooks/";

  private final MessageStore store;
  private final MailgunEvents mailgun;
  private final SparkPostEvents sparkpost;

  public WebhookRoutes(MessageStore store, EmailConfig.Webhooks config, Clock clock) {
    this.store = store;
    this.mailgun =
        new MailgunEvents(config.mailgunSigningKey(), config.mailgunToleranceSeconds(), clock);
    this.sparkpost = new SparkPostEvents(config.sparkpostUser(), config.sparkpostPassword());
  }

  public void bind(RouterBuilder builder) {
    builder.getRoute("mailgunWebhook").setDoValidation(false).addHandler(this::mailgun);
    builder.getRoute("sparkpostWebhook").setDoValidation(false).addHandler(this::sparkpost);
  }

  private void mailgun(RoutingContext ctx) {
    JsonObject body;
    String token;
    try {
      body = ctx.body().asJsonObject();
      token = mailgun.verify(body);
    } catch (Rejected | DecodeException | ClassCastException rejected) {
      refuse(ctx, "mailgun", rejected.getMessage());
      return;
    }
    store
        .rememberReceipt("mailgun", token)
        .compose(
            fresh -> {
              if (!fresh) {
                refuse(ctx, "mailgun", "replayed token");
                return Future.succeededFuture();
              }
              return store
                  .recordEvent(MailgunEvents.event(body))
                  .onFailure(failed -> store.forgetReceipt("mailgun", token))
                  .onSuccess(
                      outcome -> {
                        // 406 tells Mailgun not to retry an event of a message we never sent
                        int status = outcome == EventOutcome.UNKNOWN_MESSAGE ? 406 : 200;
                        ctx.response().setStatusCode(status).end();
                      });
            })
        .onFailure(ctx::fail);
  }

  private void sparkpost(RoutingContext ctx) {
    JsonArray batch;
    try {
      sparkpost.verify(ctx.request().getHeader("Authorization"));
      batch = ctx.body().asJsonArray();
      if (batch == null) {
        throw new Rejected("the body is not a JSON array");
      }
    } catch (Rejected | DecodeException | ClassCastException rejected) {
      refuse(ctx, "sparkpost", rejected.getMessage());
      return;
    }
    String batchId = ctx.request().getHeader("X-MessageSystems-Batch-ID");
    List<ProviderEvent> events = SparkPostEvents.events(batch);
    Future<Boolean> fresh =
        batchId == null
            ? Future.succeededFuture(true)
            : store.rememberReceipt("sparkpost", batchId);
    fresh
        .compose(
            isNew -> {
              if (!isNew) {
                ctx.response().setStatusCode(200).end();
                return Future.succeededFuture();
              }
              Future<Void> all = Future.succeededFuture();
              for (ProviderEvent event : events) {
                all = all.compose(v -> store.recordEvent(event).mapEmpty());
              }
              return all.onFailure(
                      failed -> {
                        if (batchId != null) {
                          store.forgetReceipt("sparkpost", batchId);
                        }
                      })
                  .onSuccess(v -> ctx.response().setStatusCode(200).end());
            })
        .onFailure(ctx::fail);
  }

  private static void refuse(RoutingContext ctx, String provider, String why) {
    LOG.warn("{} webhook refused from {}: {}", provider, ctx.request().remoteAddress(), why);
    Problems.send(ctx, Problem.unauthorized(provider + " webhook refused: " + why));
  }
}
