package dev.rvjit.tools;

import dev.rvjit.tools.Bench.ProgramResult;
import dev.rvjit.tools.Bench.Tier;
import dev.rvjit.tools.Bench.TierResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal grouped bar chart of speed-ups as a standalone SVG file: one group per program,
 * one bar per mode, each bar the mode's speed-up over the baseline (the interpreter when it was
 * measured) in end-to-end median wall time. Written by hand: no library, no script.
 */
public final class SvgChart {
  private SvgChart() {}

  private static final int LEFT = 230;
  private static final int PLOT = 560;
  private static final int RIGHT = 90;
  private static final int BAR = 16;
  private static final int GAP = 4;
  private static final int GROUP_GAP = 16;
  private static final int TOP = 64;

  /** Fill colour per tier (readable on white, distinguishable in grey scale too). */
  private static String colour(Tier t) {
    switch (t) {
      case INTERP:
        return "#9aa5b1";
      case JIT:
        return "#2f6fdb";
      default:
        return "#e07b39";
    }
  }

  /** The chart for {@code results}; bars are speed-ups over {@code baseline}'s median wall time. */
  public static String render(List<ProgramResult> results, int runs) {
    List<Tier> tiers = new ArrayList<>();
    for (ProgramResult p : results) {
      for (Tier t : p.tiers.keySet()) {
        if (!tiers.contains(t)) {
          tiers.add(t);
        }
      }
    }
    // Whole-process times are compared only between modes that ran the same sizes, so a mode run
    // at a smaller size (bench --shrink) is not the baseline and gets no bar.
    List<Tier> full = new ArrayList<>(tiers);
    full.removeIf(t -> results.stream().anyMatch(p -> p.shrunk.containsKey(t)));
    Tier base = full.contains(Tier.INTERP) ? Tier.INTERP : full.isEmpty() ? tiers.get(0)
        : full.get(0);
    double max = 1;
    for (ProgramResult p : results) {
      for (Tier t : p.tiers.keySet()) {
        double s = p.speedup(t, base);
        if (!Double.isNaN(s) && !Double.isInfinite(s)) {
          max = Math.max(max, s);
        }
      }
    }
    double step = niceStep(max / 6);
    double axisMax = Math.ceil(max / step) * step;
    int groupH = tiers.size() * (BAR + GAP) - GAP;
    int plotH = results.size() * (groupH + GROUP_GAP);
    int width = LEFT + PLOT + RIGHT;
    int height = TOP + plotH + 56;

    StringBuilder sb = new StringBuilder();
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
        + " height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        width, height, width, height));
    sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
        width, height));
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"16\""
        + " font-weight=\"bold\">Speed-up over %s (higher is faster)</text>%n", 12,
        base == Tier.INTERP ? "the interpreter" : base.label));
    sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"44\" fill=\"#555\">end-to-end wall"
        + " time of whole processes, median of %d run(s) per mode; %s</text>%n", runs,
        esc(Machines.describe())));
    // Grid and axis labels.
    for (double v = 0; v <= axisMax + 1e-9; v += step) {
      double x = LEFT + v / axisMax * PLOT;
      sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\""
          + " stroke=\"#ddd\"/>%n", x, TOP - 6, x, TOP + plotH));
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\""
          + " fill=\"#555\">%s&#215;</text>%n", x, TOP + plotH + 16, trim(v)));
    }
    double one = LEFT + 1 / axisMax * PLOT;
    sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\""
        + " stroke=\"#333\" stroke-dasharray=\"4 3\"/>%n", one, TOP - 6, one, TOP + plotH));
    int y = TOP;
    for (ProgramResult p : results) {
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\""
          + " font-weight=\"bold\">%s</text>%n", LEFT - 10, y + groupH / 2 + 4,
          esc(shorten(p.program.label(), 30))));
      for (int i = 0; i < tiers.size(); i++) {
        Tier t = tiers.get(i);
        int by = y + i * (BAR + GAP);
        TierResult tr = p.tiers.get(t);
        double s = p.speedup(t, base);
        if (tr == null || Double.isNaN(s) || Double.isInfinite(s)) {
          continue;
        }
        double w = Math.max(1, s / axisMax * PLOT);
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\""
            + " height=\"%d\" fill=\"%s\"><title>%s %s: %.2fx (%.3f s median)</title></rect>%n",
            LEFT, by, w, BAR, colour(t), esc(p.program.label()), t.label, s, tr.medianWall()));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f&#215; %s</text>%n",
            LEFT + w + 5, by + BAR - 4, s, t.label));
      }
      y += groupH + GROUP_GAP;
    }
    // Legend.
    int lx = LEFT;
    int ly = TOP + plotH + 34;
    for (Tier t : tiers) {
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\""
          + " fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n", lx, ly, colour(t), lx + 16,
          ly + 11, t == Tier.QEMU ? "qemu-riscv64" : "rvjit " + t.label));
      lx += 130;
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= raw) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String shorten(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026";
  }

  /** Escapes text for XML content and attributes. */
  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
