/** Wires configuration, storage, services and the HTTP server into a running Levier. */
@NullMarked
package dev.levier.server;

import org.jspecify.annotations.NullMarked;
