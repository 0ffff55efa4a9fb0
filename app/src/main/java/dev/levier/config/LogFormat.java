package dev.levier.config;

/** How log lines are written: readable text for people, one JSON object per line for machines. */
public enum LogFormat {
  TEXT,
  JSON
}
