/** A small demo network loaded on request. */
@NullMarked
package dev.levier.demo;

import org.jspecify.annotations.NullMarked;
