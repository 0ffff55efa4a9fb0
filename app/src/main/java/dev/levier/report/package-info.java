/** Performance reports read from the event tables, scoped by tenant. */
@NullMarked
package dev.levier.report;

import org.jspecify.annotations.NullMarked;
