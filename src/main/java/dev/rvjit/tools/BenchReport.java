package dev.rvjit.tools;

import dev.rvjit.tools.Bench.ProgramResult;
import dev.rvjit.tools.Bench.Run;
import dev.rvjit.tools.Bench.Tier;
import dev.rvjit.tools.Bench.TierResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders benchmark results as an aligned text table, JSON or CSV. */
public final class BenchReport {
  private BenchReport() {}

  private static final String[] HEAD = {
    "program", "mode", "runs", "median s", "min s", "max s", "in-run s", "guest insns", "MIPS",
    "vs interp", "vs qemu", "translate ms", "units"
  };

  /** One row of cells per program and mode, as the table and the CSV show them. */
  private static List<String[]> rows(List<ProgramResult> results, boolean forCsv) {
    List<String[]> rows = new ArrayList<>();
    for (ProgramResult p : results) {
      for (TierResult t : p.tiers.values()) {
        long insns = p.instret(t.tier);
        double med = t.medianWall();
        rows.add(new String[] {
          p.program.label(),
          forCsv ? t.tier.label : modeLabel(p, t.tier),
          Integer.toString(t.runs.size()),
          fmt("%.3f", med),
          fmt("%.3f", t.minWall()),
          fmt("%.3f", t.maxWall()),
          fmt("%.3f", t.medianInRun()),
          insns < 0 ? "" : forCsv ? Long.toString(insns) : String.format(Locale.ROOT, "%,d", insns),
          insns < 0 ? "" : fmt("%.1f", insns / med / 1e6),
          fmt(forCsv ? "%.3f" : "%.2fx", p.speedup(t.tier, Tier.INTERP)),
          fmt(forCsv ? "%.3f" : "%.2fx", p.speedup(t.tier, Tier.QEMU)),
          t.tier == Tier.JIT ? fmt("%.1f", t.medianTranslateMillis()) : "",
          t.tier == Tier.JIT && t.medianUnits() >= 0 ? Long.toString(t.medianUnits()) : ""
        });
      }
    }
    return rows;
  }

  /**
   * A mode's name, with the size it ran at when that is not the program's ({@code --shrink}):
   * "interp @43".
   */
  private static String modeLabel(ProgramResult p, Tier t) {
    return p.shrunk.containsKey(t) ? t.label + " @" + p.programOf(t).lastArg() : t.label;
  }

  /** Whether any mode of any program ran at a smaller size ({@code --shrink}). */
  private static boolean anyShrunk(List<ProgramResult> results) {
    return results.stream().anyMatch(p -> !p.shrunk.isEmpty());
  }

  private static String fmt(String f, double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, f, v);
  }

  /**
   * The human-readable table, with the machine (and the CPUs every run was pinned to; null: not
   * pinned) and an output-check verdict under it.
   */
  public static String table(List<ProgramResult> results, int warmup, String cpus) {
    List<String[]> rows = rows(results, false);
    StringBuilder sb = new StringBuilder();
    appendTable(sb, HEAD, rows);
    sb.append("wall times are whole processes (JVM start included), median/min/max of the measured"
        + " runs after " + warmup + " warm-up run(s) per mode; in-run s is rvjit's own --stats time"
        + " (no JVM start or loading); MIPS = guest insns / median wall; vs X = X's median / this"
        + " median (higher is faster)\n");
    if (anyShrunk(results)) {
      sb.append("MODE @N = that mode ran the program with its last argument (the workload size) N"
          + " instead (bench --shrink): its whole-process times are not compared with the"
          + " others' (vs X left empty); the steady-state table compares it by steady MIPS\n");
    }
    steadyTable(sb, results);
    sb.append("machine: ").append(Machines.describe());
    if (cpus != null) {
      sb.append("; every run on CPU ").append(cpus).append(" (taskset -c ").append(cpus)
          .append(')');
    }
    sb.append('\n');
    sb.append(verdict(results)).append('\n');
    return sb.toString();
  }

  private static final String[] STEADY_HEAD = {
    "program", "mode", "larger size", "median s", "steady s", "min", "max", "steady MIPS",
    "vs interp", "vs qemu"
  };

  /** With --steady: the second table, steady-state times from the two sizes. */
  private static void steadyTable(StringBuilder sb, List<ProgramResult> results) {
    List<String[]> rows = new ArrayList<>();
    boolean notGrowing = false;
    List<String> noisy = new ArrayList<>();
    List<String> warming = new ArrayList<>();
    for (ProgramResult p : results) {
      if (p.larger == null) {
        continue;
      }
      String w = stillWarming(p);
      if (w != null) {
        warming.add(w);
      }
      for (TierResult t : p.largerTiers.values()) {
        long insns = p.steadyInstret(t.tier);
        double steady = p.steadySeconds(t.tier);
        notGrowing |= !(steady > 0);
        if (steady > 0 && noisy(p.steadyPairs(t.tier), steady)) {
          noisy.add(p.program.label() + " " + t.tier.label);
        }
        rows.add(new String[] {
          p.program.label(),
          t.tier.label,
          p.largerOf(t.tier).lastArg(),
          fmt("%.3f", t.medianWall()),
          fmt("%.3f", steady),
          fmt("%.3f", Stats.min(p.steadyPairs(t.tier))),
          fmt("%.3f", Stats.max(p.steadyPairs(t.tier))),
          insns < 0 || !(steady > 0) ? "" : fmt("%.1f", insns / steady / 1e6),
          fmt("%.2fx", p.steadySpeedup(t.tier, Tier.INTERP)),
          fmt("%.2fx", p.steadySpeedup(t.tier, Tier.QEMU))
        });
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    sb.append("steady state:\n");
    appendTable(sb, STEADY_HEAD, rows);
    sb.append("steady s = median wall at the larger size (the last argument multiplied) minus"
        + " median wall at the given size: the time of the extra work alone, as JVM start,"
        + " loading, translation and HotSpot's warm-up happen in both runs (so the given size"
        + " must run long enough for warm-up to end: seconds, not milliseconds); min and max = the"
        + " smallest and largest difference between the two sizes' runs of one round (their"
        + " spread is the noise in steady s); steady MIPS = the guest instructions the larger size"
        + " adds / steady s; vs X = X's steady s / this steady s, or, between modes run at"
        + " different sizes (bench --shrink), this steady MIPS / X's\n");
    if (notGrowing) {
      sb.append("WARNING: a steady time is not positive: that program's run time does not grow"
          + " with its last argument, or the runs are too short to tell\n");
    }
    if (!warming.isEmpty()) {
      sb.append("WARNING: the JIT kept translating in the extra work (units compiled at the given"
          + " and at the larger size: " + String.join(", ", warming) + "): its warm-up outlasts"
          + " the given size's run, so that steady time still holds part of it; try a larger"
          + " size\n");
    }
    if (!noisy.isEmpty()) {
      sb.append("WARNING: noisy steady times (one round's difference not positive, or the rounds"
          + " spread wider than the steady time itself): " + String.join(", ", noisy)
          + "; warm-up may outlast the smaller run: try a larger size or more --runs\n");
    }
  }

  /**
   * For a program whose JIT runs compiled clearly more units at the larger size than at the given
   * size (median over the runs: more than 5% and 2 more), "PROGRAM: N -> M"; else null. Those
   * units were translated, and compiled by HotSpot, during the extra work, whose time the steady
   * figure is meant to hold alone: the given size's run ended before the JIT's warm-up did (cxx:
   * 365 units at 1,440,000 in one session's bench, 422 at 2,880,000 in the next). HotSpot's own
   * recompilations do not show here: strings made 196 units at 280 rounds in one session's bench
   * and 192 at 700 in the next, yet its steady rate comes only about 25 s into a run.
   */
  static String stillWarming(ProgramResult p) {
    TierResult a = p.tiers.get(Tier.JIT);
    TierResult b = p.largerTiers.get(Tier.JIT);
    if (a == null || b == null) {
      return null;
    }
    long small = a.medianUnits();
    long big = b.medianUnits();
    if (small <= 0 || big <= small * 1.05 + 2) {
      return null;
    }
    return p.program.label() + ": " + small + " -> " + big;
  }

  /**
   * Whether a steady time cannot be trusted: some round's difference between the two sizes is
   * not positive, or the rounds' differences spread over more than the median difference.
   */
  static boolean noisy(double[] pairs, double steady) {
    if (pairs.length < 2) {
      return false;
    }
    double min = Stats.min(pairs);
    return !(min > 0) || Stats.max(pairs) - min > steady;
  }

  /**
   * Columns as wide as their widest cell, a rule under the header, a program's name only on its
   * first row, and a blank line after.
   */
  private static void appendTable(StringBuilder sb, String[] head, List<String[]> rows) {
    int[] w = TextTable.widths(head, rows);
    TextTable.appendRow(sb, head, w, BenchReport::leftAligned);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      rule.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
    }
    sb.append(rule).append('\n');
    String last = null;
    for (String[] r : rows) {
      String[] shown = r.clone();
      if (r[0].equals(last)) {
        shown[0] = "";
      }
      last = r[0];
      TextTable.appendRow(sb, shown, w, BenchReport::leftAligned);
    }
    sb.append('\n');
  }

  /** Program and mode left-aligned, numbers right-aligned. */
  private static boolean leftAligned(int column) {
    return column < 2;
  }

  /** "outputs identical ..." or the count of mismatching runs. */
  public static String verdict(List<ProgramResult> results) {
    int bad = 0;
    int runs = 0;
    for (ProgramResult p : results) {
      bad += p.mismatches.size();
      for (TierResult t : p.tiers.values()) {
        runs += t.runs.size();
      }
    }
    return bad == 0 ? "outputs: stdout, stderr and exit status identical in every run and mode"
        : "OUTPUT MISMATCH in " + bad + " run(s); see the lines above";
  }

  /** Comma-separated values with a header; numbers unformatted (seconds, ratios). */
  public static String csv(List<ProgramResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append("program,mode,runs,median_s,min_s,max_s,in_run_s,guest_insns,mips,speedup_vs_interp,"
        + "speedup_vs_qemu,translate_ms,units,outputs_match,larger_args,larger_median_s,steady_s,"
        + "steady_min_s,steady_max_s,steady_speedup_vs_interp,steady_speedup_vs_qemu,"
        + "size_divisor,args\n");
    int i = 0;
    List<String[]> rows = rows(results, true);
    for (ProgramResult p : results) {
      for (Tier tier : p.tiers.keySet()) {
        String[] r = rows.get(i++);
        for (int c = 0; c < r.length; c++) {
          sb.append(c == 0 ? csvCell(r[c]) : r[c]).append(',');
        }
        sb.append(p.mismatches.isEmpty());
        TierResult big = p.largerTiers.get(tier);
        if (big == null) {
          sb.append(",,,,,,,");
        } else {
          sb.append(',').append(csvCell(String.join(" ", p.largerOf(tier).args))).append(',')
              .append(fmt("%.3f", big.medianWall())).append(',')
              .append(fmt("%.3f", p.steadySeconds(tier))).append(',')
              .append(fmt("%.3f", Stats.min(p.steadyPairs(tier)))).append(',')
              .append(fmt("%.3f", Stats.max(p.steadyPairs(tier)))).append(',')
              .append(fmt("%.3f", p.steadySpeedup(tier, Tier.INTERP))).append(',')
              .append(fmt("%.3f", p.steadySpeedup(tier, Tier.QEMU)));
        }
        sb.append(',').append(p.divisor(tier)).append(',')
            .append(csvCell(String.join(" ", p.programOf(tier).args))).append('\n');
      }
    }
    return sb.toString();
  }

  private static void runsJson(StringBuilder sb, TierResult t) {
    sb.append('[');
    for (int r = 0; r < t.runs.size(); r++) {
      Run run = t.runs.get(r);
      sb.append(r == 0 ? "" : ", ").append("{\"wallSeconds\": ")
          .append(Json.num(run.wallNanos / 1e9)).append(", \"inRunSeconds\": ")
          .append(Json.num(run.inRunSeconds)).append(", \"exitStatus\": ")
          .append(run.status).append('}');
    }
    sb.append(']');
  }

  /** A JSON array of strings. */
  private static void stringsJson(StringBuilder sb, List<String> items) {
    sb.append('[');
    for (int a = 0; a < items.size(); a++) {
      sb.append(a == 0 ? "" : ", ").append(Json.str(items.get(a)));
    }
    sb.append(']');
  }

  private static String csvCell(String s) {
    return s.contains(",") || s.contains("\"") || s.contains(" ")
        ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  /**
   * Everything, including each run and the CPUs every run was pinned to (null: not pinned), as
   * one JSON document.
   */
  public static String json(List<ProgramResult> results, int warmup, String cpus) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"machine\": ").append(Json.str(Machines.describe())).append(",\n");
    sb.append("  \"cpus\": ").append(cpus == null ? "null" : Json.str(cpus)).append(",\n");
    sb.append("  \"warmup\": ").append(warmup).append(",\n");
    sb.append("  \"outputsMatch\": ")
        .append(results.stream().allMatch(p -> p.mismatches.isEmpty())).append(",\n");
    sb.append("  \"programs\": [");
    for (int pi = 0; pi < results.size(); pi++) {
      ProgramResult p = results.get(pi);
      sb.append(pi == 0 ? "\n" : ",\n").append("    {\n");
      sb.append("      \"program\": ").append(Json.str(p.program.path)).append(",\n");
      sb.append("      \"args\": ");
      stringsJson(sb, p.program.args);
      sb.append(",\n");
      sb.append("      \"exitStatus\": ").append(p.status).append(",\n");
      sb.append("      \"guestInstructions\": ").append(p.instret()).append(",\n");
      sb.append("      \"mismatches\": ");
      stringsJson(sb, p.mismatches);
      sb.append(",\n");
      if (p.larger != null) {
        sb.append("      \"largerArgs\": ");
        stringsJson(sb, p.larger.args);
        sb.append(",\n      \"largerGuestInstructions\": ")
            .append(p.steadyInstret() < 0 ? -1 : p.steadyInstret() + p.instret()).append(",\n");
      }
      sb.append("      \"modes\": [");
      int ti = 0;
      for (TierResult t : p.tiers.values()) {
        sb.append(ti++ == 0 ? "\n" : ",\n").append("        {");
        sb.append("\"mode\": ").append(Json.str(t.tier.label));
        if (p.shrunk.containsKey(t.tier)) {
          sb.append(", \"args\": ");
          stringsJson(sb, p.programOf(t.tier).args);
          sb.append(", \"sizeDivisor\": ").append(p.divisor(t.tier));
          if (p.larger != null) {
            sb.append(", \"largerArgs\": ");
            stringsJson(sb, p.largerOf(t.tier).args);
          }
        }
        sb.append(", \"medianSeconds\": ").append(Json.num(t.medianWall()));
        sb.append(", \"minSeconds\": ").append(Json.num(t.minWall()));
        sb.append(", \"maxSeconds\": ").append(Json.num(t.maxWall()));
        sb.append(", \"medianInRunSeconds\": ").append(Json.num(t.medianInRun()));
        long insns = p.instret(t.tier);
        sb.append(", \"guestInstructions\": ").append(insns);
        sb.append(", \"mips\": ").append(Json.num(insns < 0 ? Double.NaN
            : insns / t.medianWall() / 1e6));
        sb.append(", \"speedupVsInterp\": ").append(Json.num(p.speedup(t.tier, Tier.INTERP)));
        sb.append(", \"speedupVsQemu\": ").append(Json.num(p.speedup(t.tier, Tier.QEMU)));
        sb.append(", \"translateMillis\": ").append(Json.num(t.medianTranslateMillis()));
        sb.append(", \"unitsCompiled\": ").append(t.medianUnits() < 0 ? "null"
            : Long.toString(t.medianUnits()));
        sb.append(", \"runs\": ");
        runsJson(sb, t);
        TierResult big = p.largerTiers.get(t.tier);
        if (big != null) {
          sb.append(", \"largerMedianSeconds\": ").append(Json.num(big.medianWall()));
          sb.append(", \"steadySeconds\": ").append(Json.num(p.steadySeconds(t.tier)));
          sb.append(", \"steadyMips\": ").append(Json.num(p.steadyRate(t.tier) / 1e6));
          sb.append(", \"steadyMinSeconds\": ")
              .append(Json.num(Stats.min(p.steadyPairs(t.tier))));
          sb.append(", \"steadyMaxSeconds\": ")
              .append(Json.num(Stats.max(p.steadyPairs(t.tier))));
          sb.append(", \"steadySpeedupVsInterp\": ")
              .append(Json.num(p.steadySpeedup(t.tier, Tier.INTERP)));
          sb.append(", \"steadySpeedupVsQemu\": ")
              .append(Json.num(p.steadySpeedup(t.tier, Tier.QEMU)));
          sb.append(", \"largerRuns\": ");
          runsJson(sb, big);
        }
        sb.append("}");
      }
      sb.append("\n      ]\n    }");
    }
    sb.append("\n  ]\n}\n");
    return sb.toString();
  }
}
