package app.lightweight.shared.testing;

import app.lightweight.sandbox.OidcProvider;
import app.lightweight.shared.testing.FuzzContract.Operation;
import app.lightweight.shared.testing.FuzzContract.Parameter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Hostile requests for every operation of a service's contract. Each starts from a valid request (a
 * token with every scope, the path values a test set up, the body of the contract's example) and
 * breaks exactly one thing, so that each is certainly wrong: a 2xx is a defect of the service or of
 * this generator, and {@link FuzzChecks} says so with the request. The mutations are the methods
 * below, one per family, each naming what it broke.
 *
 * <pre>{@code
 * ContractFuzzer.of(invoices, "invoices/openapi.yaml")
 *     .subject("fuzzed-studio")                 // the tokens' sub, whose data the values name
 *     .value("invoiceId", draftId, issuedId)    // a value for each path parameter
 *     .run();                                   // no 5xx, 4xx problem+json, nothing stored changed
 * }</pre>
 *
 * The seed (default 7) and the number of requests (default 3000) are printed and can be set with
 * {@code -Dfuzz.seed=} and {@code -Dfuzz.requests=}.
 */
public final class ContractFuzzer {
  /** A family of mutations; false when it cannot apply to this request. */
  private interface Family {
    boolean apply(Operation op, Draft draft);
  }

  private final ServiceFixture service;
  private final FuzzContract contract;
  private final String contractResource;
  private final Map<String, List<String>> values = new HashMap<>();
  private final Map<String, JsonObject> examples = new HashMap<>();
  private final Map<String, Map<String, String>> credentials = new HashMap<>();
  private String subject = "fuzzed-subject";
  private long seed = Long.getLong("fuzz.seed", 7L);
  private int requests = Integer.getInteger("fuzz.requests", 3000);
  private Random random;
  private Map<String, String> badTokens;
  private String validToken;
  private final List<Family> families = new ArrayList<>();

  private ContractFuzzer(ServiceFixture service, String contractResource) {
    this.service = service;
    this.contractResource = contractResource;
    this.contract = FuzzContract.load(contractResource);
    // weights: the body has the most ways to be wrong
    family("token", 1, this::badToken);
    family("dot segments", 1, this::dotSegments);
    family("percent-escape", 1, this::badPercentEscape);
    family("method", 1, this::methodNotAllowed);
    family("path parameter", 2, this::badPathParameter);
    family("query parameter", 2, this::badQueryParameter);
    family("header", 1, this::badHeader);
    family("JSON field", 4, this::badField);
    family("JSON document", 2, this::badDocument);
    family("raw body", 2, this::badRawBody);
  }

  private void family(String name, int weight, Family family) {
    for (int i = 0; i < weight; i++) {
      families.add(family);
    }
  }

  /** A fuzzer of the operations of {@code contractResource} (a classpath resource). */
  public static ContractFuzzer of(ServiceFixture service, String contractResource) {
    return new ContractFuzzer(service, contractResource);
  }

  /** The {@code sub} of the tokens (with the fixture's scopes), whose data the values name. */
  public ContractFuzzer subject(String subject) {
    this.subject = subject;
    return this;
  }

  /**
   * Values of a parameter (path, query or header) for the valid request, one picked at random.
   * Every path parameter needs one; a query or header parameter with values is sent too (e.g.
   * {@code If-Match}, so that a body reaches the handler's own checks).
   */
  public ContractFuzzer value(String parameter, String... values) {
    this.values.put(parameter, List.of(values));
    return this;
  }

  /** The valid body of an operation, where the contract has no example (or a better one). */
  public ContractFuzzer example(String operationId, JsonObject body) {
    examples.put(operationId, body);
    return this;
  }

  /**
   * A header of the valid request of a public operation that has credentials of its own (a
   * webhook's basic auth, say); the token family removes or alters it on that operation.
   */
  public ContractFuzzer credentials(String operationId, String header, String value) {
    credentials.computeIfAbsent(operationId, id -> new LinkedHashMap<>()).put(header, value);
    return this;
  }

  public ContractFuzzer seed(long seed) {
    this.seed = seed;
    return this;
  }

  public ContractFuzzer requests(int requests) {
    this.requests = requests;
    return this;
  }

  /**
   * Sends the requests and asserts: no 5xx and no answer below 400, every 4xx problem+json with
   * {@code type}, {@code title} and {@code status}, and the service's tables as they were.
   */
  public void run() throws Exception {
    List<FuzzRequest> all = generate();
    Map<String, List<String>> before = service.snapshot();
    FuzzChecks checks = new FuzzChecks(contractResource, seed);
    long started = System.nanoTime();
    for (FuzzRequest request : all) {
      checks.check(request, request.send(service.port()));
    }
    System.out.printf(
        "ContractFuzzer %s: %d requests in %d ms, seed %d (-Dfuzz.seed=%d to repeat)%n%s%n",
        contractResource,
        all.size(),
        (System.nanoTime() - started) / 1_000_000,
        seed,
        seed,
        checks.summary());
    checks.assertNoFailures();
    FuzzChecks.assertUnchanged(before, service.snapshot());
  }

  /** The requests {@link #run()} sends: operation after operation, a random family each. */
  public List<FuzzRequest> generate() {
    random = new Random(seed);
    validToken = service.token(subject);
    badTokens = badTokens();
    List<FuzzRequest> all = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      Operation op = contract.operations.get(i % contract.operations.size());
      while (true) {
        Draft draft = base(op);
        if (pick(families).apply(op, draft)) {
          all.add(draft.toRequest(op));
          break;
        }
      }
    }
    return all;
  }

  // ---- the valid request

  private Draft base(Operation op) {
    Draft draft = new Draft(op.method(), op.path());
    for (Parameter p : op.parameters()) {
      List<String> given = values.get(p.name());
      if (given == null && p.required()) {
        throw new IllegalStateException(
            op.id()
                + " needs a value for its "
                + p.in()
                + " parameter "
                + p.name()
                + ": ContractFuzzer.value(\""
                + p.name()
                + "\", ...)");
      }
      if (given != null) {
        String value = pick(given);
        switch (p.in()) {
          case "path" -> draft.pathValues.put(p.name(), encode(value));
          case "query" -> draft.query.put(p.name(), encode(value));
          case "header" -> draft.headers.put(p.name(), value);
          default -> {}
        }
      }
    }
    if (!op.isPublic()) {
      draft.headers.put("Authorization", "Bearer " + validToken);
    }
    draft.headers.putAll(credentials.getOrDefault(op.id(), Map.of()));
    if (op.hasJsonBody()) {
      draft.headers.put("Content-Type", "application/json");
      JsonObject example = examples.get(op.id());
      Object body =
          example != null
              ? example
              : op.example() != null ? op.example() : contract.sample(op.bodySchema());
      draft.json =
          body instanceof JsonObject object
              ? object.copy()
              : body instanceof JsonArray array ? array.copy() : body;
    }
    return draft;
  }

  // ---- mutations: credentials

  private Map<String, String> badTokens() {
    OidcProvider oidc = service.oidc();
    String[] parts = validToken.split("\\.");
    char flipped = parts[2].charAt(10) == 'A' ? 'B' : 'A';
    String scopes = "users:read users:write invoices:read invoices:write wallets:read";
    Map<String, Object> claims = Map.of("scope", scopes);
    Map<String, String> tokens = new TreeMap<>();
    tokens.put("no token", null);
    tokens.put("empty bearer", "Bearer ");
    tokens.put("garbage token", "Bearer not.a.jwt");
    tokens.put("basic credentials", "Basic dXNlcjpwYXNz");
    tokens.put(
        "tampered signature",
        "Bearer "
            + parts[0]
            + "."
            + parts[1]
            + "."
            + parts[2].substring(0, 10)
            + flipped
            + parts[2].substring(11));
    tokens.put(
        "alg none",
        "Bearer " + base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
    tokens.put(
        "expired token",
        "Bearer " + oidc.token(subject, OidcProvider.AUDIENCE, claims, Duration.ofHours(-1)));
    tokens.put(
        "wrong audience",
        "Bearer " + oidc.token(subject, "somebody-else", claims, Duration.ofMinutes(10)));
    tokens.put(
        "other issuer", "Bearer " + oidc.tokenFromOtherIssuer(subject, OidcProvider.AUDIENCE));
    tokens.put("no scopes", "Bearer " + service.token(subject, ""));
    tokens.put("10 kB token", "Bearer " + "a".repeat(10_000));
    Map<String, Object> badSubjects = new LinkedHashMap<>();
    badSubjects.put("sub a number", 42);
    badSubjects.put("sub an array", List.of("a"));
    badSubjects.put("sub empty", "");
    badSubjects.put("sub blank", "   ");
    badSubjects.put("sub with NUL", "a\u0000b");
    badSubjects.forEach(
        (name, sub) -> {
          Map<String, Object> withSub = new HashMap<>(claims);
          withSub.put("sub", sub);
          tokens.put(
              name,
              "Bearer "
                  + oidc.token(
                      "placeholder", OidcProvider.AUDIENCE, withSub, Duration.ofMinutes(10)));
        });
    return tokens;
  }

  private boolean badToken(Operation op, Draft draft) {
    if (op.isPublic()) {
      return badCredentials(op, draft); // false where it has none
    }
    String name = pick(List.copyOf(badTokens.keySet()));
    draft.mutation = name;
    draft.headers.remove("Authorization");
    if (badTokens.get(name) != null) {
      draft.headers.put("Authorization", badTokens.get(name));
    }
    return true;
  }

  /** A public operation's own credentials, removed or altered. */
  private boolean badCredentials(Operation op, Draft draft) {
    Map<String, String> own = credentials.get(op.id());
    if (own == null || own.isEmpty()) {
      return false;
    }
    String header = pick(List.copyOf(own.keySet()));
    String valid = own.get(header);
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("removed", null);
    bad.put("empty", "");
    bad.put(
        "one character changed",
        valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A"));
    bad.put("truncated", valid.substring(0, valid.length() / 2));
    bad.put("a bearer token", "Bearer " + validToken);
    bad.put("10 kB", "a".repeat(10_000));
    String name = pick(List.copyOf(bad.keySet()));
    draft.headers.remove(header);
    if (bad.get(name) != null) {
      draft.headers.put(header, bad.get(name));
    }
    draft.mutation = "credentials " + header + ": " + name;
    return true;
  }

  /** Paths that normalise to a protected operation's, always without a token. */
  private boolean dotSegments(Operation op, Draft draft) {
    if (op.isPublic()) {
      return false;
    }
    draft.headers.remove("Authorization");
    String path = draft.path();
    int second = path.indexOf('/', 1);
    String head = path.substring(0, second);
    String tail = path.substring(second);
    List<String> variants =
        new ArrayList<>(
            List.of(
                head + "/x/.." + tail,
                head + "/." + tail,
                head + "/x/%2e%2e" + tail,
                head + "/x/%2E%2E" + tail,
                head + "/x/.%2e" + tail,
                head + "//" + tail.substring(1),
                head + tail + "/",
                head + "/x/../" + tail.substring(1) + "/."));
    for (Operation open : contract.operations) {
      if (open.isPublic()) {
        Draft publicDraft = base(open);
        String publicPath = publicDraft.path();
        int depth = publicPath.split("/").length - 1;
        variants.add(publicPath + "/" + "../".repeat(depth) + path.substring(1));
      }
    }
    draft.rawPath = pick(variants);
    draft.mutation = "dot segments without a token: " + draft.rawPath;
    return true;
  }

  // ---- mutations: the request line

  private boolean badPercentEscape(Operation op, Draft draft) {
    String escape = pick(List.of("%zz", "%e", "%", "%%41", "%u00e9", "%G0", "%e9%"));
    List<Parameter> query = op.in("query");
    if (random.nextBoolean()) {
      String name = query.isEmpty() ? "x" : pick(query).name();
      draft.query.put(name, "a" + escape);
      draft.mutation = "bad percent-escape in query " + name;
    } else {
      String path = draft.path();
      int cut = path.lastIndexOf('/') + 1 + random.nextInt(path.length() - path.lastIndexOf('/'));
      draft.rawPath = path.substring(0, cut) + escape + path.substring(cut);
      draft.mutation = "bad percent-escape in the path";
    }
    return true;
  }

  private boolean methodNotAllowed(Operation op, Draft draft) {
    List<String> defined =
        contract.operations.stream()
            .filter(o -> o.path().equals(op.path()))
            .map(Operation::method)
            .toList();
    List<String> others =
        FuzzContract.METHODS.stream()
            .map(String::toUpperCase)
            .filter(m -> !defined.contains(m))
            .toList();
    if (others.isEmpty()) {
      return false;
    }
    draft.method = pick(others);
    draft.json = null;
    draft.headers.remove("Content-Type");
    draft.mutation = "method " + draft.method + " not in the contract";
    return true;
  }

  private boolean badPathParameter(Operation op, Draft draft) {
    List<Parameter> path = op.in("path");
    if (path.isEmpty()) {
      return false;
    }
    Parameter p = pick(path);
    String valid = values.get(p.name()).get(0);
    String prefix = valid.contains("_") ? valid.substring(0, valid.indexOf('_') + 1) : "";
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("NUL", encode(valid) + "%00");
    bad.put("lone surrogate (CESU-8)", encode(valid) + "%ED%A0%80");
    bad.put("invalid UTF-8", "%FF" + encode(valid));
    bad.put("10 kB", "a".repeat(10_000));
    bad.put("longer than maxLength", "a".repeat(p.schema().getInteger("maxLength", 255) + 1));
    if (p.schema().containsKey("pattern")) {
      bad.put("not matching its pattern", encode(notMatching(p.schema().getString("pattern"))));
    } else {
      bad.put("junk", encode(prefix + junk(12)));
      bad.put("unknown id", prefix + alphanumeric(26));
    }
    String name = pick(List.copyOf(bad.keySet()));
    draft.pathValues.put(p.name(), bad.get(name));
    draft.mutation = "path parameter " + p.name() + ": " + name;
    return true;
  }

  private boolean badQueryParameter(Operation op, Draft draft) {
    List<Parameter> query = op.in("query");
    if (query.isEmpty()) {
      return false;
    }
    Parameter p = pick(query);
    JsonObject schema = p.schema();
    Set<String> types = contract.types(schema);
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("NUL", "a%00");
    bad.put("lone surrogate (CESU-8)", "a%ED%A0%80");
    if (types.contains("integer")) {
      bad.put("not a number", "abc");
      bad.put("1e400", "1e400");
      bad.put("huge", "99999999999999999999999");
      bad.put("fraction", "1.5");
      if (schema.containsKey("minimum")) {
        bad.put("below minimum", String.valueOf(schema.getLong("minimum") - 1));
      }
      if (schema.containsKey("maximum")) {
        bad.put("above maximum", String.valueOf(schema.getLong("maximum") + 1));
      }
      bad.put("duplicate, the last invalid", "5&" + p.name() + "=abc");
    }
    if (types.contains("boolean")) {
      bad.put("not a boolean", "maybe");
    }
    if (schema.containsKey("enum")) {
      bad.put("unknown enum value", "zz-unknown");
    }
    if (schema.containsKey("maxLength")) {
      bad.put("longer than maxLength", "a".repeat(schema.getInteger("maxLength") + 1));
    }
    if (schema.getInteger("minLength", 0) > 0) {
      bad.put("empty", "");
    }
    if (schema.containsKey("pattern")) {
      bad.put("not matching its pattern", encode(notMatching(schema.getString("pattern"))));
      if (isDatePattern(schema.getString("pattern"))) {
        bad.put("impossible date", pick(IMPOSSIBLE_DATES));
      }
    }
    String name = pick(List.copyOf(bad.keySet()));
    draft.query.put(p.name(), bad.get(name));
    draft.mutation = "query parameter " + p.name() + ": " + name;
    return true;
  }

  private boolean badHeader(Operation op, Draft draft) {
    List<Parameter> limited =
        op.in("header").stream().filter(h -> h.schema().containsKey("maxLength")).toList();
    if (limited.isEmpty()) {
      return false;
    }
    Parameter p = pick(limited);
    draft.headers.put(p.name(), "a".repeat(p.schema().getInteger("maxLength") + 1));
    draft.mutation = "header " + p.name() + " longer than maxLength";
    return true;
  }

  // ---- mutations: one field of a JSON body

  /** A value in the body, where it sits and the schema it must follow. */
  private record Node(String pointer, Object parent, Object key, Object value, JsonObject schema) {
    void set(Object replacement) {
      if (parent instanceof JsonObject object) {
        object.put((String) key, replacement);
      } else {
        ((JsonArray) parent).set((Integer) key, replacement);
      }
    }
  }

  private boolean badField(Operation op, Draft draft) {
    if (!op.hasJsonBody()) {
      return false;
    }
    List<Node> nodes = new ArrayList<>();
    collect(draft.json, op.bodySchema(), "", null, null, nodes);
    if (nodes.isEmpty()) {
      return false;
    }
    for (int attempt = 0; attempt < 20; attempt++) {
      Node node = pick(nodes);
      String what = breakField(node, draft);
      if (what != null) {
        draft.mutation = what + " at " + (node.pointer().isEmpty() ? "/" : node.pointer());
        return true;
      }
    }
    return false;
  }

  private void collect(
      Object value, JsonObject schema, String pointer, Object parent, Object key, List<Node> out) {
    if (parent != null || value instanceof JsonObject) {
      out.add(new Node(pointer, parent, key, value, contract.resolve(schema)));
    }
    if (value instanceof JsonObject object) {
      JsonObject s = contract.branchFor(schema, "object");
      JsonObject properties = s.getJsonObject("properties", new JsonObject());
      for (String name : List.copyOf(object.fieldNames())) {
        collect(
            object.getValue(name),
            properties.getJsonObject(name, new JsonObject()),
            pointer + "/" + name,
            object,
            name,
            out);
      }
    } else if (value instanceof JsonArray array) {
      JsonObject items =
          contract.branchFor(schema, "array").getJsonObject("items", new JsonObject());
      for (int i = 0; i < array.size(); i++) {
        collect(array.getValue(i), items, pointer + "/" + i, array, i, out);
      }
    }
  }

  /** Breaks one thing about a node; returns what, or null when the one picked does not apply. */
  private String breakField(Node node, Draft draft) {
    JsonObject schema = node.schema();
    Set<String> types = contract.types(schema);
    boolean isRoot = node.parent() == null;
    switch (random.nextInt(13)) {
      case 0 -> {
        Object wrong = wrongType(types);
        if (isRoot || wrong == NONE) {
          return null;
        }
        node.set(wrong);
        return "wrong type " + FuzzChecks.typeOf(wrong);
      }
      case 1 -> {
        if (!(node.value() instanceof JsonObject object)) {
          return null;
        }
        JsonObject s = contract.branchFor(schema, "object");
        List<String> required =
            s.getJsonArray("required", new JsonArray()).stream()
                .map(String.class::cast)
                .filter(object::containsKey)
                .toList();
        if (required.isEmpty()) {
          return null;
        }
        String name = pick(required);
        object.remove(name);
        return "required " + name + " removed";
      }
      case 2 -> {
        JsonObject s = contract.branchFor(schema, "string");
        if (isRoot || !s.containsKey("maxLength")) {
          return null;
        }
        int over = s.getInteger("maxLength") + 1;
        int length = random.nextInt(4) == 0 ? Math.max(100_000, over) : over;
        node.set("x".repeat(length));
        return "string of " + length + " chars";
      }
      case 3 -> {
        if (isRoot || !types.contains("integer") && !types.contains("number")) {
          return null;
        }
        List<String> literals =
            new ArrayList<>(
                List.of(
                    "1e400",
                    "-1e400",
                    "99999999999999999999999",
                    "-99999999999999999999999",
                    "18446744073709551617", // 2^64 + 1: a long's wrap would read 1
                    "1.5",
                    "1" + "0".repeat(400)));
        JsonObject s = contract.branchFor(schema, "integer");
        if (s.containsKey("maximum")) {
          literals.add(String.valueOf(s.getLong("maximum") + 1));
        }
        if (s.containsKey("minimum")) {
          literals.add(String.valueOf(s.getLong("minimum") - 1));
        }
        String literal = pick(literals);
        node.set(draft.raw(literal.getBytes(StandardCharsets.US_ASCII), true));
        return "number " + FuzzRequest.abbreviate(literal, 30);
      }
      case 4 -> {
        if (isRoot || !schema.containsKey("enum")) {
          return null;
        }
        node.set("zz-not-in-enum");
        return "unknown enum value";
      }
      case 5 -> {
        JsonObject s = contract.branchFor(schema, "string");
        if (isRoot || !s.containsKey("pattern")) {
          return null;
        }
        String pattern = s.getString("pattern");
        if (isDatePattern(pattern) && random.nextBoolean()) {
          node.set(pick(IMPOSSIBLE_DATES));
          return "impossible date";
        }
        node.set(notMatching(pattern));
        return "string not matching " + pattern;
      }
      case 6 -> {
        if (!(node.value() instanceof JsonObject object)
            || !Boolean.FALSE.equals(
                contract.branchFor(schema, "object").getValue("additionalProperties"))) {
          return null;
        }
        object.put("zz_unknown", 1);
        return "unknown member";
      }
      case 7, 8 -> {
        if (!(node.value() instanceof String text)) {
          return null;
        }
        String bad = pick(List.of("\u0000", "\ud800", "\udfff", "\udc00\ud800", "a\ud83dz"));
        int at = random.nextInt(text.length() + 1);
        node.set(text.substring(0, at) + bad + text.substring(at));
        return bad.equals("\u0000") ? "NUL" : "lone surrogate";
      }
      case 9 -> {
        if (!(node.value() instanceof JsonObject object)) {
          return null;
        }
        object.put(pick(List.of("na\u0000me", "\ud800", "x\udc00")), "x");
        return "NUL or lone surrogate in a member name";
      }
      case 10 -> {
        if (!(node.value() instanceof String text)) {
          return null;
        }
        byte[] bytes = pick(INVALID_UTF8);
        node.set(text + draft.raw(bytes, false));
        return "invalid UTF-8 " + java.util.HexFormat.of().formatHex(bytes);
      }
      case 11 -> {
        if (isRoot) {
          return null;
        }
        int depth = pick(List.of(1_500, 5_000, 20_000));
        node.set(
            draft.raw(
                ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8), true));
        return "arrays nested " + depth + " deep";
      }
      default -> {
        JsonObject s = contract.branchFor(schema, "string");
        if (isRoot || s.getInteger("minLength", 0) == 0 || !types.contains("string")) {
          return null;
        }
        node.set("");
        return "empty string";
      }
    }
  }

  private static final Object NONE = new Object();

  /** A value of a JSON type the schema does not allow, or {@link #NONE}. */
  private Object wrongType(Set<String> allowed) {
    if (allowed.isEmpty()) {
      return NONE;
    }
    List<Object> candidates = new ArrayList<>();
    if (!allowed.contains("string")) {
      candidates.add("1");
    }
    if (!allowed.contains("integer")) {
      candidates.add(7);
    }
    if (!allowed.contains("number")) {
      candidates.add(1.5);
    }
    if (!allowed.contains("boolean")) {
      candidates.add(true);
    }
    if (!allowed.contains("object")) {
      candidates.add(new JsonObject());
    }
    if (!allowed.contains("array")) {
      candidates.add(new JsonArray());
    }
    if (!allowed.contains("null")) {
      candidates.add(null);
    }
    return candidates.isEmpty() ? NONE : pick(candidates);
  }

  // ---- mutations: the body as a whole

  private boolean badDocument(Operation op, Draft draft) {
    if (!op.hasJsonBody()) {
      return false;
    }
    boolean arrayRoot = draft.json instanceof JsonArray;
    String valid =
        arrayRoot ? ((JsonArray) draft.json).encode() : ((JsonObject) draft.json).encode();
    Map<String, Runnable> bad = new LinkedHashMap<>();
    List<String> wrongRoots =
        arrayRoot
            ? List.of("{}", "1", "\"s\"", "true", "null", " 7 ", "{\"items\":" + valid + "}")
            : List.of("[]", "1", "\"s\"", "true", "null", " 7 ", "[" + valid + "]");
    for (String wrongRoot : wrongRoots) {
      bad.put("body " + wrongRoot.replace(valid, "{…}"), () -> draft.rawBody(wrongRoot));
    }
    bad.put(
        "truncated JSON",
        () -> draft.rawBody(valid.substring(0, 1 + random.nextInt(valid.length() - 1))));
    for (String malformed :
        List.of(
            "{\"a\":}",
            "{'a':1}",
            "{\"a\":1,}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}",
            "{\"a\":NaN}",
            "{\"a\":01}",
            "",
            "{",
            valid + "x",
            valid + valid)) {
      bad.put("malformed JSON " + malformed.replace(valid, "{…}"), () -> draft.rawBody(malformed));
    }
    JsonObject top = arrayRoot ? new JsonObject() : (JsonObject) draft.json;
    JsonObject properties =
        contract.branchFor(op.bodySchema(), "object").getJsonObject("properties", new JsonObject());
    for (String name : top.fieldNames()) {
      Object wrong = wrongType(contract.types(properties.getJsonObject(name, new JsonObject())));
      if (wrong != NONE) {
        String duplicated =
            valid.substring(0, valid.length() - 1)
                + ",\""
                + name
                + "\":"
                + (wrong instanceof String s ? "\"" + s + "\"" : String.valueOf(wrong))
                + "}";
        bad.put(
            "duplicate key " + name + ", the last of a wrong type",
            () -> draft.rawBody(duplicated));
      }
    }
    for (String type :
        List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
      bad.put("Content-Type " + type, () -> draft.headers.put("Content-Type", type));
    }
    bad.put("no Content-Type", () -> draft.headers.remove("Content-Type"));
    bad.put(
        "body of 3 MiB", () -> draft.rawBody("{\"zz\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}"));
    String name = pick(List.copyOf(bad.keySet()));
    bad.get(name).run();
    draft.mutation = name;
    return true;
  }

  /** Bodies of operations that take something other than JSON (an image upload). */
  private boolean badRawBody(Operation op, Draft draft) {
    if (!op.hasBody() || op.hasJsonBody()) {
      return false;
    }
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    Map<String, Runnable> bad = new LinkedHashMap<>();
    for (String type : op.bodyTypes()) {
      bad.put(type + " of random bytes", () -> draft.raw(type, junkBytes(200)));
      bad.put(type + " empty", () -> draft.raw(type, new byte[0]));
      bad.put(type + " of 3 MiB", () -> draft.raw(type, new byte[3 * 1024 * 1024]));
    }
    bad.put(
        "a PNG signature and garbage", () -> draft.raw("image/png", concat(png, junkBytes(64))));
    bad.put(
        "a JPEG start and garbage",
        () ->
            draft.raw("image/jpeg", concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, junkBytes(64))));
    bad.put("application/json", () -> draft.raw("application/json", "{}".getBytes()));
    bad.put("text/plain", () -> draft.raw("text/plain", "hello".getBytes()));
    String name = pick(List.copyOf(bad.keySet()));
    bad.get(name).run();
    draft.mutation = "body: " + name;
    return true;
  }

  // ---- values

  private static final List<String> IMPOSSIBLE_DATES =
      List.of("2026-02-30", "2026-13-01", "0000-00-00", "9999-99-99", "2025-02-29");

  private static final List<byte[]> INVALID_UTF8 =
      List.of(
          new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          new byte[] {(byte) 0xFF},
          new byte[] {(byte) 0xC0, (byte) 0x80},
          new byte[] {(byte) 0xE2, (byte) 0x82},
          new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});

  private static boolean isDatePattern(String pattern) {
    return pattern.contains("{4}-");
  }

  /** A value the pattern does not match (JSON Schema patterns match anywhere in the string). */
  private static String notMatching(String pattern) {
    Pattern compiled = Pattern.compile(pattern);
    for (String candidate : List.of("~~~", "   ", "a b", "ZZZZZZZZZZZZ", "zz")) {
      if (!compiled.matcher(candidate).find()) {
        return candidate;
      }
    }
    throw new IllegalStateException("no value found that does not match " + pattern);
  }

  private String junk(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
    }
    return text.toString();
  }

  private String alphanumeric(int length) {
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  private byte[] junkBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** A request being built: the valid one, then one thing broken. */
  private static final class Draft {
    String mutation = "valid";
    String method;
    final String template;
    final Map<String, String> pathValues = new LinkedHashMap<>();
    String rawPath;
    final Map<String, String> query = new LinkedHashMap<>();
    final Map<String, String> headers = new LinkedHashMap<>();
    Object json;
    byte[] body;
    private final Map<String, byte[]> raws = new LinkedHashMap<>();

    Draft(String method, String template) {
      this.method = method;
      this.template = template;
    }

    String path() {
      String path = template;
      for (Map.Entry<String, String> value : pathValues.entrySet()) {
        path = path.replace("{" + value.getKey() + "}", value.getValue());
      }
      return path;
    }

    /**
     * A marker for bytes JSON cannot hold as text, replaced when the body is written: a number
     * literal ({@code quoted}: the marker string with its quotes) or invalid UTF-8 in a string.
     */
    String raw(byte[] bytes, boolean quoted) {
      String marker = "@@raw" + raws.size() + "@@";
      raws.put(quoted ? "\"" + marker + "\"" : marker, bytes);
      return marker;
    }

    void rawBody(String text) {
      json = null;
      body = text.getBytes(StandardCharsets.UTF_8);
    }

    void raw(String contentType, byte[] bytes) {
      headers.put("Content-Type", contentType);
      json = null;
      body = bytes;
    }

    FuzzRequest toRequest(Operation op) {
      StringBuilder target = new StringBuilder(rawPath != null ? rawPath : path());
      String separator = "?";
      for (Map.Entry<String, String> param : query.entrySet()) {
        target.append(separator).append(param.getKey()).append('=').append(param.getValue());
        separator = "&";
      }
      byte[] bytes = body;
      if (json != null) {
        bytes =
            withRawParts(
                escapeSurrogates(json instanceof JsonObject o ? o.encode() : String.valueOf(json)));
      }
      return new FuzzRequest(mutation, op.id(), method, target.toString(), headers, bytes);
    }

    /** Lone surrogates as JSON escapes: the JDK's UTF-8 encoder would write them as '?'. */
    private static String escapeSurrogates(String json) {
      StringBuilder escaped = new StringBuilder(json.length());
      json.chars()
          .forEach(
              c -> {
                if (Character.isSurrogate((char) c)) {
                  escaped.append(String.format("\\u%04x", c));
                } else {
                  escaped.append((char) c);
                }
              });
      return escaped.toString();
    }

    private byte[] withRawParts(String json) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String rest = json;
      while (true) {
        int first = -1;
        String marker = null;
        for (String m : raws.keySet()) {
          int at = rest.indexOf(m);
          if (at >= 0 && (first < 0 || at < first)) {
            first = at;
            marker = m;
          }
        }
        if (marker == null) {
          out.writeBytes(rest.getBytes(StandardCharsets.UTF_8));
          return out.toByteArray();
        }
        out.writeBytes(rest.substring(0, first).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raws.get(marker));
        rest = rest.substring(first + marker.length());
      }
    }
  }
}
