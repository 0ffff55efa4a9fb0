/**
 * A seeded market whose truth is known: advertisers, publishers of every type, customers with a
 * latent intent and their journeys, returns, and planted fraud with labels. It does no I/O: the
 * {@code levier demo} driver plays its steps through the HTTP API and scores what Levier found
 * against the truth kept here.
 */
@NullMarked
package dev.levier.simulation;

import org.jspecify.annotations.NullMarked;
