package app.lightweight.shared.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/** One page of a list, newest first, and the cursor of the next page (null on the last). */
public record Page<T>(List<T> items, String nextCursor) {

  /**
   * @param rows up to {@code limit + 1} rows: one more than the page, to tell whether more follow
   */
  public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> idOf) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<T> page = rows.subList(0, limit);
    return new Page<>(List.copyOf(page), Cursor.encode(idOf.apply(page.get(limit - 1))));
  }

  public JsonObject toJson(Function<T, JsonObject> item) {
    return new JsonObject()
        .put("data", new JsonArray(items.stream().map(item).toList()))
        .put("next_cursor", nextCursor);
  }
}
