package dev.levier.storage;

/** A value with its internal row id, which orders pages and never leaves the server. */
public record Stored<T>(long rowId, T value) {}
