/** The HTTP server: routing, JSON, problem details, authentication and operations endpoints. */
@NullMarked
package dev.levier.http;

import org.jspecify.annotations.NullMarked;
