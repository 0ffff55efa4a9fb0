/** Typed failures shared by services, mapped to HTTP problems in one place. */
@NullMarked
package dev.levier.errors;

import org.jspecify.annotations.NullMarked;
