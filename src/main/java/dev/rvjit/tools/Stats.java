package dev.rvjit.tools;

import java.util.Arrays;

/** Order statistics of a few samples (benchmark runs are few, so no distributional guesses). */
public final class Stats {
  private Stats() {}

  /** The median (mean of the middle two for an even count); NaN for no samples. */
  public static double median(double[] xs) {
    if (xs.length == 0) {
      return Double.NaN;
    }
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** The smallest sample; NaN for none. */
  public static double min(double[] xs) {
    return xs.length == 0 ? Double.NaN : Arrays.stream(xs).min().getAsDouble();
  }

  /** The largest sample; NaN for none. */
  public static double max(double[] xs) {
    return xs.length == 0 ? Double.NaN : Arrays.stream(xs).max().getAsDouble();
  }
}
