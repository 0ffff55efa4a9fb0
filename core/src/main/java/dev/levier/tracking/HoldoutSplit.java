package dev.levier.tracking;

/**
 * The random split of a holdout experiment, as the click redirect applies it: while the experiment
 * runs, each visitor of the partnership is held out from the reward or treated, by a hash of the
 * experiment's secret salt and the visitor id. The same visitor always lands in the same group of
 * the same experiment, click after click, on every node, with no state kept; another experiment
 * (another salt) splits the visitors afresh.
 *
 * <p>The hash is FNV-1a over the id's characters, seeded with the salt and finished with the
 * SplitMix64 mixer, so that every bit of the id moves every bit of the result; the bucket is the
 * high part of the 64-bit hash times 10,000, which is uniform to within 10,000 / 2⁶⁴. It allocates
 * nothing and costs a few nanoseconds for a 22-character id. It is not a cryptographic hash: the
 * salt keeps the groups unpredictable to whoever does not know it, which is all the split needs.
 *
 * @param salt the experiment's secret, drawn at random when it is made, or from the split seed the
 *     advertiser gave it (then predictable to whoever knows the seed; publishers never see it)
 * @param holdoutBasisPoints the share held out, in hundredths of a percent (1 to 5,000: 0.01% to
 *     50%)
 * @param startsAtMillis when visitors start being split, epoch milliseconds, inclusive
 * @param endsAtMillis when it stops, epoch milliseconds, exclusive; {@link Long#MAX_VALUE} for an
 *     experiment without an end
 */
public record HoldoutSplit(
    long salt, int holdoutBasisPoints, long startsAtMillis, long endsAtMillis) {

  /** The whole: 10,000 basis points. */
  public static final int BASIS_POINTS = 10_000;

  /** The largest share an experiment may hold out: half of the visitors. */
  public static final int MAX_HOLDOUT_BASIS_POINTS = 5_000;

  /**
   * The query parameter a held-out visitor's landing page receives ({@code lvholdout=1}): it tells
   * the advertiser's page not to show the reward. Treated visitors never carry it.
   */
  public static final String PARAM = "lvholdout";

  /** The value of {@link #PARAM} for a held-out visitor. */
  public static final String HELD_OUT_VALUE = "1";

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  public HoldoutSplit {
    if (holdoutBasisPoints < 1 || holdoutBasisPoints > MAX_HOLDOUT_BASIS_POINTS) {
      throw new IllegalArgumentException(
          "holdoutBasisPoints must be from 1 to "
              + MAX_HOLDOUT_BASIS_POINTS
              + ", was "
              + holdoutBasisPoints);
    }
    if (endsAtMillis <= startsAtMillis) {
      throw new IllegalArgumentException(
          "endsAtMillis must be after startsAtMillis, was "
              + endsAtMillis
              + " <= "
              + startsAtMillis);
    }
  }

  /**
   * Whether visitors are split at this moment: from the start, inclusive, to the end, exclusive.
   */
  public boolean runsAt(long epochMillis) {
    return epochMillis >= startsAtMillis && epochMillis < endsAtMillis;
  }

  /** Whether this visitor is held out from the reward; the same answer for the same visitor. */
  public boolean heldOut(CharSequence visitorId) {
    return bucket(salt, visitorId) < holdoutBasisPoints;
  }

  /** The visitor's bucket, from 0 to 9,999; held out when below the basis points held out. */
  public static int bucket(long salt, CharSequence visitorId) {
    long h = FNV_OFFSET ^ salt;
    for (int i = 0; i < visitorId.length(); i++) {
      h ^= visitorId.charAt(i);
      h *= FNV_PRIME;
    }
    return (int) Math.unsignedMultiplyHigh(mix(h), BASIS_POINTS);
  }

  /** SplitMix64's finaliser (Steele, Lea and Flood, OOPSLA 2014). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
