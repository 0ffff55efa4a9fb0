/** The command line. */
@NullMarked
package dev.levier.cli;

import org.jspecify.annotations.NullMarked;
