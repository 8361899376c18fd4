package app.lightweight.email;

/** A file sent with a message, as decoded bytes. */
public record Attachment(String fileName, String contentType, byte[] content) {}
