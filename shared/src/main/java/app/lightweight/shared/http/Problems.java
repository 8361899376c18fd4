package app.lightweight.shared.http;

import app.lightweight.shared.http.Problem.FieldError;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.VertxException;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure of a route into an RFC 9457 answer. Known failures keep their status; a
 * dependency that is down is a 503; anything else is a 500 that logs one line with the request id
 * and never shows a stack trace to the client.
 */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  private static final Pattern SCHEMA_SUMMARY =
      Pattern.compile(
          "A subschema had errors|Items did not match schema"
              + "|Property \".*\" does not match (additional properties )?schema");

  private static final Pattern PARAMETER =
      Pattern.compile("^The value of \\w+ parameter (\\S+) is invalid");

  private Problems() {}

  public static void handle(RoutingContext ctx) {
    Problem problem = toProblem(ctx.failure(), ctx.statusCode());
    if (problem.status() >= 500) {
      LOG.error(
          "{} {} -> {} request_id={} cause={}",
          ctx.request().method(),
          ctx.request().path(),
          problem.status(),
          RequestIds.of(ctx),
          describe(ctx.failure()));
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    send(ctx, problem);
  }

  public static void send(RoutingContext ctx, Problem problem) {
    if (problem.status() == 503) {
      // a dependency or a queue that is full: both clear up within seconds
      ctx.response().putHeader("Retry-After", "1");
    }
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", Problem.MEDIA_TYPE)
        .end(problem.toJson().encode());
  }

  static Problem toProblem(Throwable failure, int statusCode) {
    if (failure instanceof ProblemException known) {
      return known.problem();
    }
    if (failure instanceof SchemaValidationException invalid) {
      return schemaProblem(invalid);
    }
    if (failure instanceof ValidatorException invalid) {
      return validatorProblem(invalid);
    }
    if (failure instanceof DecodeException || failure instanceof DecoderException) {
      return Problem.validation("", "the body is not well-formed JSON");
    }
    if (failure instanceof HttpException http && http.getCause() instanceof ValidatorException) {
      return toProblem(http.getCause(), http.getStatusCode());
    }
    if (failure instanceof HttpException http) {
      return httpProblem(http.getStatusCode(), http.getPayload());
    }
    if (isDependencyDown(failure)) {
      return Problem.unavailable("a dependency of this service is unavailable; retry shortly");
    }
    if (failure == null && statusCode >= 400) {
      return httpProblem(statusCode, null);
    }
    return Problem.of(500, "internal", "Internal error", "an unexpected error happened");
  }

  /**
   * A parameter's schema errors point into the parameter's own value (""), so they are put under
   * the parameter's name ({@code /limit}); vertx-openapi names it only in the message.
   */
  private static List<FieldError> underParameter(
      SchemaValidationException invalid, List<FieldError> errors) {
    Matcher parameter = PARAMETER.matcher(String.valueOf(invalid.getMessage()));
    if (!parameter.find()) {
      return errors;
    }
    String name = "/" + parameter.group(1);
    List<FieldError> named = new ArrayList<>();
    errors.forEach(error -> named.add(new FieldError(name + error.pointer(), error.message())));
    return named;
  }

  private static Problem httpProblem(int status, String payload) {
    return switch (status) {
      case 400 -> Problem.validation(payload == null ? "bad request" : payload, List.of());
      case 401 -> Problem.unauthorized("a valid bearer token is required");
      case 403 -> Problem.forbidden("not allowed");
      case 404 -> Problem.notFound("no such resource");
      case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed", null);
      case 413 ->
          Problem.of(413, "too-large", "Request body too large", "the body exceeds the limit");
      case 415 ->
          Problem.of(
              415, "unsupported-media-type", "Unsupported media type", "send application/json");
      default -> Problem.of(status, "http-" + status, "HTTP " + status, payload);
    };
  }

  private static Problem validatorProblem(ValidatorException invalid) {
    if (invalid.type() == ValidatorErrorType.MISSING_OPERATION) {
      return Problem.notFound("no such operation");
    }
    if (invalid.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT
        && invalid.getMessage() != null
        && invalid.getMessage().contains("content type")) {
      return Problem.of(
          415, "unsupported-media-type", "Unsupported media type", invalid.getMessage());
    }
    return Problem.validation(
        invalid.getMessage(), List.of(new FieldError("", invalid.getMessage())));
  }

  private static Problem schemaProblem(SchemaValidationException invalid) {
    List<FieldError> collected = new ArrayList<>();
    collect(invalid.getOutputUnit(), collected);
    List<FieldError> errors = underParameter(invalid, mostSpecific(collected));
    if (errors.isEmpty()) {
      errors.add(new FieldError("", invalid.getMessage()));
    }
    String detail =
        errors.size() == 1
            ? errors.get(0).pointer() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid";
    return Problem.validation(detail, errors);
  }

  /** The schema validator reports a tree; keep the leaves, each located by its JSON pointer. */
  private static void collect(OutputUnit unit, List<FieldError> errors) {
    if (unit == null) {
      return;
    }
    List<OutputUnit> children = unit.getErrors();
    if (children == null || children.isEmpty()) {
      if (unit.getError() != null) {
        FieldError error = new FieldError(pointer(unit.getInstanceLocation()), unit.getError());
        if (!errors.contains(error)) {
          errors.add(error);
        }
      }
      return;
    }
    Set<OutputUnit> seen = new LinkedHashSet<>(children);
    for (OutputUnit child : seen) {
      collect(child, errors);
    }
  }

  /**
   * The validator also reports every enclosing schema that failed because of a nested error ("A
   * subschema had errors", "Property "lines" does not match schema"); such a summary is dropped
   * when a concrete error at the same or a deeper pointer says what is wrong.
   */
  static List<FieldError> mostSpecific(List<FieldError> errors) {
    List<FieldError> kept = new ArrayList<>();
    for (FieldError error : errors) {
      boolean explained =
          isSummary(error)
              && errors.stream()
                  .anyMatch(
                      other ->
                          !isSummary(other)
                              && (other.pointer().equals(error.pointer())
                                  || other.pointer().startsWith(error.pointer() + "/")));
      if (!explained) {
        kept.add(error);
      }
    }
    return kept;
  }

  private static boolean isSummary(FieldError error) {
    return SCHEMA_SUMMARY.matcher(error.message()).matches();
  }

  private static String pointer(String instanceLocation) {
    if (instanceLocation == null || instanceLocation.equals("#")) {
      return "";
    }
    return instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
  }

  static boolean isDependencyDown(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof TimeoutException
          || cause instanceof ClosedConnectionException
          || cause instanceof ClosedChannelException) {
        return true;
      }
      if (cause instanceof PgException pg
          && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
        return true;
      }
      if (cause instanceof VertxException vx
          && vx.getMessage() != null
          && (vx.getMessage().contains("Timeout")
              // "Connection was closed", "... current status: CLOSED"
              || vx.getMessage().toLowerCase(Locale.ROOT).contains("closed"))) {
        return true;
      }
      if (cause.getClass().getName().startsWith("io.vertx.core.net.impl.ConnectTimeout")) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable failure) {
    return failure == null ? "none" : failure.getClass().getName() + ": " + failure.getMessage();
  }
}
