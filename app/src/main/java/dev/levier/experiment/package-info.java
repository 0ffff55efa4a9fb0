/**
 * Holdout experiments: an advertiser holds out a random share of one partnership's visitors from
 * the reward, the click redirect splits the visitors, and the results say what the reward adds.
 */
@NullMarked
package dev.levier.experiment;

import org.jspecify.annotations.NullMarked;
