package app.lightweight.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every answer to a {@link ContractFuzzer} request must be: a 4xx (a 5xx is a defect; a 2xx or
 * 3xx means a broken request was served, a defect of the service or of the generator) in
 * problem+json with {@code type}, {@code title} and {@code status} equal to the HTTP status.
 * Failures are grouped by what went wrong, each with the first request that showed it.
 */
final class FuzzChecks {
  private final String contract;
  private final long seed;
  private final Map<String, Integer> statuses = new TreeMap<>();
  private final Map<String, String> failures = new LinkedHashMap<>();
  private final Map<String, Integer> failureCounts = new LinkedHashMap<>();
  private final Map<String, Integer> perOperation = new TreeMap<>();

  FuzzChecks(String contract, long seed) {
    this.contract = contract;
    this.seed = seed;
  }

  void check(FuzzRequest request, FuzzRequest.Answer answer) {
    statuses.merge(String.valueOf(answer.status()), 1, Integer::sum);
    perOperation.merge(request.operationId(), 1, Integer::sum);
    String wrong = whatIsWrong(answer);
    if (wrong != null) {
      String key = wrong + " | " + request.operationId() + " | " + family(request.mutation());
      failureCounts.merge(key, 1, Integer::sum);
      failures.putIfAbsent(
          key,
          wrong + "\n  " + request + "\n  answer: " + FuzzRequest.abbreviate(answer.body(), 400));
    }
  }

  private static String whatIsWrong(FuzzRequest.Answer answer) {
    int status = answer.status();
    if (status == 0) {
      return "no answer";
    }
    if (status >= 500) {
      return "answered " + status;
    }
    if (status < 400) {
      return "served with " + status + " (a request broken on purpose)";
    }
    String type = answer.header("Content-Type");
    if (type == null || !type.startsWith("application/problem+json")) {
      return status + " with Content-Type " + type;
    }
    JsonObject problem;
    try {
      problem = new JsonObject(answer.body());
    } catch (RuntimeException e) {
      return status + " whose body is not a JSON object";
    }
    if (!(problem.getValue("type") instanceof String t) || t.isBlank()) {
      return status + " without a problem type";
    }
    if (!(problem.getValue("title") instanceof String title) || title.isBlank()) {
      return status + " without a problem title";
    }
    if (!Integer.valueOf(status).equals(problem.getValue("status"))) {
      return status + " whose problem status is " + problem.getValue("status");
    }
    return null;
  }

  /** The mutation without the parts that vary, so that one defect is one group. */
  private static String family(String mutation) {
    return mutation
        .replaceAll("/[0-9]+(?=/|$| )", "/n")
        .replaceAll(" [0-9]+ (chars|deep)", " n $1");
  }

  String summary() {
    return "  answers by status " + statuses + "\n  requests by operation " + perOperation;
  }

  void assertNoFailures() {
    if (failures.isEmpty()) {
      return;
    }
    StringBuilder report =
        new StringBuilder(
            failureCounts.values().stream().mapToInt(Integer::intValue).sum()
                + " answers of "
                + contract
                + " broke the rules (seed "
                + seed
                + "), by kind:\n");
    failures.forEach(
        (key, first) ->
            report
                .append("\n[")
                .append(failureCounts.get(key))
                .append("×] ")
                .append(first)
                .append('\n'));
    throw new AssertionError(report.toString());
  }

  static void assertUnchanged(Map<String, List<String>> before, Map<String, List<String>> after) {
    assertThat(after).as("the service's tables after the fuzzing").isEqualTo(before);
  }

  static String typeOf(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof JsonObject) {
      return "object";
    }
    if (value instanceof JsonArray) {
      return "array";
    }
    if (value instanceof Double) {
      return "number";
    }
    return value instanceof Integer ? "integer" : value.getClass().getSimpleName().toLowerCase();
  }
}
