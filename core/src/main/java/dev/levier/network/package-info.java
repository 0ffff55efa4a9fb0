/** The affiliate network's vocabulary: publisher types, statuses and their transitions. */
@NullMarked
package dev.levier.network;

import org.jspecify.annotations.NullMarked;
