/**
 * Benchmarks, run by hand and recorded in {@code BENCHMARKS.md}: JMH micro-benchmarks of core code
 * and HTTP load runs against a real server, each with a baseline measured in the same run.
 */
@NullMarked
package dev.levier.bench;

import org.jspecify.annotations.NullMarked;
