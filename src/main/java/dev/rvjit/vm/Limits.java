package dev.rvjit.vm;

/** Parsing of the command line's limit values ({@code --max-memory}, {@code --timeout}). */
public final class Limits {
  private Limits() {}

  /**
   * A memory size such as {@code 256m}, {@code 2g}, {@code 65536}, {@code 512k} (binary units;
   * an optional trailing {@code b}/{@code ib} is accepted: {@code 2GiB}).
   */
  public static long parseSize(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.endsWith("ib")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    int shift = 0;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k':
          shift = 10;
          break;
        case 'm':
          shift = 20;
          break;
        case 'g':
          shift = 30;
          break;
        case 't':
          shift = 40;
          break;
        default:
          break;
      }
    }
    String num = shift == 0 ? t : t.substring(0, t.length() - 1);
    long v;
    try {
      v = Long.parseLong(num);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad size '" + s + "' (use e.g. 256m, 2g)");
    }
    if (v <= 0 || v > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("bad size '" + s + "' (use e.g. 256m, 2g)");
    }
    return v << shift;
  }

  /** A duration such as {@code 500ms}, {@code 3s}, {@code 2m} in nanoseconds. */
  public static long parseDuration(String s) {
    return Watchdog.parseDuration(s);
  }
}
