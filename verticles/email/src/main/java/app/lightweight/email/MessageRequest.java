package app.lightweight.email;

import app.lightweight.shared.http.Problem;
import app.lightweight.shared.http.Problem.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A message to send as a caller wrote it (HTTP body or event-bus message), checked beyond what the
 * contract's schema says: header injection, address syntax, the sender's domain, recipients, body,
 * attachment sizes and base64. Every error names its field.
 */
public record MessageRequest(MessageContent content, List<Attachment> attachments) {
  private static final Pattern ADDRESS =
      Pattern.compile(
          "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");
  private static final Pattern HEADER_NAME = Pattern.compile("^X-[A-Za-z0-9-]{1,70}$");
  private static final List<String> RESERVED_HEADERS =
      List.of("x-mailgun-", "x-msys-", "x-lightweight-");
  private static final int MAX_METADATA_BYTES = 2_048;

  public static MessageRequest parse(
      JsonObject body, EmailConfig.Limits limits, Set<String> senderDomains) {
    List<FieldError> errors = new ArrayList<>();
    Mailbox from = mailbox(body.getJsonObject("from"), "/from", errors);
    if (from != null && errors.isEmpty() && !senderDomains.contains(from.domain())) {
      errors.add(
          new FieldError(
              "/from/address",
              "the domain " + from.domain() + " is not a configured sender domain"));
    }
    List<Mailbox> to = mailboxes(body, "to", errors);
    List<Mailbox> cc = mailboxes(body, "cc", errors);
    List<Mailbox> bcc = mailboxes(body, "bcc", errors);
    int recipients = to.size() + cc.size() + bcc.size();
    if (recipients == 0 && errors.isEmpty()) {
      errors.add(new FieldError("/to", "at least one recipient (to, cc or bcc) is required"));
    } else if (recipients > limits.maxRecipients()) {
      errors.add(new FieldError("/to", "at most " + limits.maxRecipients() + " recipients in all"));
    }
    Mailbox replyTo =
        body.containsKey("reply_to")
            ? mailbox(body.getJsonObject("reply_to"), "/reply_to", errors)
            : null;
    String subject = body.getString("subject", "");
    singleLine(subject, "/subject", errors);
    String text = body.getString("text");
    String html = body.getString("html");
    if (blank(text) && blank(html)) {
      errors.add(new FieldError("/text", "text or html is required"));
    }
    Map<String, String> headers = headers(body.getJsonObject("headers"), errors);
    List<String> tags = new ArrayList<>();
    JsonArray tagArray = body.getJsonArray("tags", new JsonArray());
    for (int i = 0; i < tagArray.size(); i++) {
      String tag = String.valueOf(tagArray.getValue(i));
      singleLine(tag, "/tags/" + i, errors);
      tags.add(tag);
    }
    JsonObject metadata = body.getJsonObject("metadata");
    if (metadata != null && metadata.encode().length() > MAX_METADATA_BYTES) {
      errors.add(new FieldError("/metadata", "at most " + MAX_METADATA_BYTES + " bytes of JSON"));
    }
    List<Attachment> attachments = attachments(body.getJsonArray("attachments"), limits, errors);
    if (!errors.isEmpty()) {
      throw Problem.validation("the message cannot be sent as it is", errors).exception();
    }
    return new MessageRequest(
        new MessageContent(
            from, to, cc, bcc, replyTo, subject, text, html, headers, tags, metadata),
        attachments);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static Mailbox mailbox(JsonObject json, String pointer, List<FieldError> errors) {
    if (json == null) {
      errors.add(new FieldError(pointer, "is required"));
      return null;
    }
    String address = json.getString("address", "");
    String name = json.getString("name");
    boolean lineBreak = singleLine(address, pointer + "/address", errors);
    if (!lineBreak && !ADDRESS.matcher(address).matches()) {
      errors.add(new FieldError(pointer + "/address", "is not an email address"));
    }
    if (name != null) {
      singleLine(name, pointer + "/name", errors);
    }
    return new Mailbox(address, name);
  }

  private static List<Mailbox> mailboxes(JsonObject body, String field, List<FieldError> errors) {
    JsonArray array = body.getJsonArray(field, new JsonArray());
    List<Mailbox> list = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Mailbox mailbox = mailbox(array.getJsonObject(i), "/" + field + "/" + i, errors);
      if (mailbox != null) {
        list.add(mailbox);
      }
    }
    return list;
  }

  /** Records an error when {@code value} holds CR or LF (header injection); true if it did. */
  private static boolean singleLine(String value, String pointer, List<FieldError> errors) {
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      errors.add(new FieldError(pointer, "must not contain CR or LF"));
      return true;
    }
    return false;
  }

  private static Map<String, String> headers(JsonObject json, List<FieldError> errors) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (json == null) {
      return headers;
    }
    json.forEach(
        entry -> {
          String name = entry.getKey();
          String value = String.valueOf(entry.getValue());
          String pointer = "/headers/" + name;
          String lower = name.toLowerCase(Locale.ROOT);
          if (!HEADER_NAME.matcher(name).matches()
              || RESERVED_HEADERS.stream().anyMatch(lower::startsWith)) {
            errors.add(
                new FieldError(
                    pointer, "only X-* headers (not X-Mailgun-*, X-MSYS-*, X-Lightweight-*)"));
          } else if (!singleLine(value, pointer, errors)) {
            headers.put(name, value);
          }
        });
    return headers;
  }

  private static List<Attachment> attachments(
      JsonArray array, EmailConfig.Limits limits, List<FieldError> errors) {
    List<Attachment> files = new ArrayList<>();
    if (array == null) {
      return files;
    }
    if (array.size() > limits.maxAttachments()) {
      errors.add(new FieldError("/attachments", "at most " + limits.maxAttachments() + " files"));
      return files;
    }
    long total = 0;
    for (int i = 0; i < array.size(); i++) {
      JsonObject file = array.getJsonObject(i);
      String pointer = "/attachments/" + i;
      String name = file.getString("file_name", "");
      String type = file.getString("content_type", "");
      boolean bad = singleLine(name, pointer + "/file_name", errors);
      bad |= singleLine(type, pointer + "/content_type", errors);
      byte[] bytes = decode(file, pointer, errors);
      if (bytes == null || bad) {
        continue;
      }
      total += bytes.length;
      files.add(new Attachment(name, type, bytes));
    }
    if (total > limits.maxAttachmentBytes()) {
      errors.add(
          new FieldError(
              "/attachments",
              "at most " + limits.maxAttachmentBytes() + " bytes in all (decoded), got " + total));
    }
    return files;
  }

  private static byte[] decode(JsonObject file, String pointer, List<FieldError> errors) {
    if (file.containsKey("bytes")) {
      // a byte[] put in a JsonObject reads back as JSON's base64 text: getBinary decodes either
      try {
        byte[] raw = file.getBinary("bytes");
        if (raw != null) {
          return raw;
        }
      } catch (ClassCastException | IllegalArgumentException notBytes) {
        // named below
      }
      errors.add(new FieldError(pointer + "/bytes", "is not a byte array"));
      return null;
    }
    Object content = file.getValue("content");
    if (!(content instanceof String base64)) {
      errors.add(new FieldError(pointer + "/content", "base64 content is required"));
      return null;
    }
    try {
      // one line (what JSON clients send) takes the basic decoder, several the MIME one
      return strictBase64(base64)
          ? Base64.getMimeDecoder().decode(base64)
          : Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException notBase64) {
      errors.add(new FieldError(pointer + "/content", "is not base64"));
      return null;
    }
  }

  /**
   * The MIME decoder skips foreign characters silently; we refuse them.
   *
   * @return whether the value has line breaks
   */
  private static boolean strictBase64(String value) {
    boolean lines = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '='
              || c == '\r'
              || c == '\n';
      if (!ok) {
        throw new IllegalArgumentException("not base64");
      }
      lines |= c == '\r' || c == '\n';
    }
    return lines;
  }
}
