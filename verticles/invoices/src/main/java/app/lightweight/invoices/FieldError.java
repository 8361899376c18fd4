package app.lightweight.invoices;

/**
 * One thing wrong with a request body: where (an RFC 6901 JSON pointer such as {@code
 * /lines/3/quantity}) and what, in words a user can act on. The API turns a list of these into the
 * {@code errors} member of an {@code application/problem+json} answer.
 */
public record FieldError(String pointer, String message) {}
