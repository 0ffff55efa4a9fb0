/** API keys and the principals they stand for. */
@NullMarked
package dev.levier.auth;

import org.jspecify.annotations.NullMarked;
