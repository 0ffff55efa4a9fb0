package dev.levier.errors;

/**
 * One thing wrong with one field of a request.
 *
 * @param field where the field is, such as {@code currency} or {@code allowedDomains[2]}
 * @param reason what is wrong and what is allowed, in plain words
 */
public record FieldError(String field, String reason) {}
