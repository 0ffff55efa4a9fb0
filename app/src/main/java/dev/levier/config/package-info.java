/**
 * Typed settings, loaded from defaults, a file, LEVIER_* variables and flags, validated once at
 * start.
 */
@NullMarked
package dev.levier.config;

import org.jspecify.annotations.NullMarked;
