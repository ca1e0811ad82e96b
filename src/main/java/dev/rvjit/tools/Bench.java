package dev.rvjit.tools;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs guest programs as separate processes under several tiers ({@code rvjit run --mode=interp},
 * {@code --mode=jit}, and {@code qemu-riscv64}), alternating between the tiers run by run, times
 * each process from start to exit, reads rvjit's own {@code --stats} (instructions, in-run time,
 * translation) and checks that every run printed the same bytes and exit status.
 */
public final class Bench {
  /** One way of running a guest. */
  public enum Tier {
    INTERP("interp"),
    JIT("jit"),
    QEMU("qemu");

    /** The name used on the command line and in reports. */
    public final String label;

    Tier(String label) {
      this.label = label;
    }

    /** The tier named {@code s} ({@code interp}, {@code jit} or {@code qemu}). */
    public static Tier parse(String s) {
      for (Tier t : values()) {
        if (t.label.equals(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown mode '" + s + "' (use interp, jit or qemu)");
    }
  }

  /** A guest program and its arguments. */
  public static final class Program {
    public final String path;
    public final List<String> args;

    public Program(String path, List<String> args) {
      this.path = path;
      this.args = List.copyOf(args);
    }

    /**
     * The same program with its last argument, the workload size, multiplied by {@code k}: the
     * second size of a steady-state measurement ({@code rvjit bench --steady}).
     *
     * @throws IllegalArgumentException if the last argument is not a positive integer
     */
    public Program scaled(int k) {
      long n = size("--steady");
      if (n > Long.MAX_VALUE / k) {
        throw new IllegalArgumentException("--steady: '" + label() + "' times " + k
            + " does not fit a long");
      }
      return withSize(n * k);
    }

    /**
     * The same program with its last argument, the workload size, divided by {@code k} (rounded
     * down): what a mode given {@code rvjit bench --shrink MODE=K} runs.
     *
     * @throws IllegalArgumentException if the last argument is not a positive integer or is
     *     smaller than {@code k}
     */
    public Program divided(int k) {
      long n = size("--shrink");
      if (n / k < 1) {
        throw new IllegalArgumentException("--shrink: '" + label() + "' divided by " + k
            + " leaves no work (size " + n + ")");
      }
      return withSize(n / k);
    }

    /** The last argument as a positive workload size, for {@code option}'s error message. */
    private long size(String option) {
      String last = args.isEmpty() ? null : args.get(args.size() - 1);
      long n;
      try {
        n = last == null ? -1 : Long.parseLong(last);
      } catch (NumberFormatException e) {
        n = -1; // reported below like any other size that is not a positive integer
      }
      if (n <= 0) {
        throw new IllegalArgumentException(option + " needs a workload size as the last argument"
            + " of each program (a positive integer, e.g. 'samples/bin/sha256 60000'); '" + label()
            + "' has " + (last == null ? "no arguments" : "'" + last + "'"));
      }
      return n;
    }

    private Program withSize(long n) {
      List<String> a = new ArrayList<>(args);
      a.set(a.size() - 1, Long.toString(n));
      return new Program(path, a);
    }

    /** The last argument (the workload size), or "" without arguments. */
    public String lastArg() {
      return args.isEmpty() ? "" : args.get(args.size() - 1);
    }

    /** Short name for tables: the file name plus the arguments. */
    public String label() {
      String name = Path.of(path).getFileName().toString();
      return args.isEmpty() ? name : name + " " + String.join(" ", args);
    }
  }

  /** One process run. */
  public static final class Run {
    public final Tier tier;
    public final int status;
    public final byte[] stdout;
    /** The guest's stderr (rvjit's own {@code --stats} lines removed). */
    public final byte[] stderr;
    public final long wallNanos;
    /** Guest instructions from {@code --stats}, or -1 (qemu). */
    public final long instret;
    /** The run's own time without JVM start and loading, from {@code --stats}; NaN for qemu. */
    public final double inRunSeconds;
    /** Milliseconds spent translating, from {@code --stats}; NaN when not reported. */
    public final double translateMillis;
    /** Units compiled, or -1 when not reported. */
    public final long units;

    Run(Tier tier, int status, byte[] stdout, byte[] stderr, long wallNanos, long instret,
        double inRunSeconds, double translateMillis, long units) {
      this.tier = tier;
      this.status = status;
      this.stdout = stdout;
      this.stderr = stderr;
      this.wallNanos = wallNanos;
      this.instret = instret;
      this.inRunSeconds = inRunSeconds;
      this.translateMillis = translateMillis;
      this.units = units;
    }
  }

  /** All measured runs of one program under one tier, and their summary. */
  public static final class TierResult {
    public final Tier tier;
    public final List<Run> runs = new ArrayList<>();

    TierResult(Tier tier) {
      this.tier = tier;
    }

    double[] walls() {
      return runs.stream().mapToDouble(r -> r.wallNanos / 1e9).toArray();
    }

    public double medianWall() {
      return Stats.median(walls());
    }

    public double minWall() {
      return Stats.min(walls());
    }

    public double maxWall() {
      return Stats.max(walls());
    }

    /** Median in-run (steady-state) time; NaN for qemu. */
    public double medianInRun() {
      return Stats.median(runs.stream().mapToDouble(r -> r.inRunSeconds).toArray());
    }

    /** Median translation time in ms; NaN when the tier does not translate. */
    public double medianTranslateMillis() {
      return Stats.median(runs.stream().mapToDouble(r -> r.translateMillis).toArray());
    }

    /** Median of units compiled; -1 when not reported. */
    public long medianUnits() {
      double m = Stats.median(runs.stream().mapToDouble(r -> r.units).toArray());
      return Double.isNaN(m) ? -1 : Math.round(m);
    }
  }

  /** Everything measured for one program. */
  public static final class ProgramResult {
    public final Program program;
    public final Map<Tier, TierResult> tiers = new LinkedHashMap<>();
    /**
     * With {@code --steady}: the program at the larger size ({@link #larger}), the same modes
     * and runs; empty otherwise.
     */
    public final Map<Tier, TierResult> largerTiers = new LinkedHashMap<>();
    /** The program at the larger size, or null without {@code --steady}. */
    public Program larger;
    /**
     * Modes run at a smaller size ({@code --shrink}): the program as each such mode ran it, at
     * the given and (with {@code --steady}) the larger size. A mode not in these maps ran
     * {@link #program} and {@link #larger}.
     */
    public final Map<Tier, Program> shrunk = new LinkedHashMap<>();
    public final Map<Tier, Program> shrunkLarger = new LinkedHashMap<>();
    /** The divisor of each mode in {@link #shrunk}. */
    public final Map<Tier, Integer> divisors = new LinkedHashMap<>();
    /** One line per run whose output differed from the first run's. */
    public final List<String> mismatches = new ArrayList<>();
    /** The exit status every run agreed on (that of the first run). */
    public int status;

    ProgramResult(Program program) {
      this.program = program;
    }

    /**
     * Mode {@code t} runs the program with its workload size divided by {@code k} ({@code
     * --shrink}); call after setting {@link #larger}.
     */
    public void shrink(Tier t, int k, int steadyScale) {
      Program small = program.divided(k);
      shrunk.put(t, small);
      divisors.put(t, k);
      if (larger != null) {
        shrunkLarger.put(t, small.scaled(steadyScale));
      }
    }

    /** How many times smaller than the given size mode {@code t} ran the program (1: the same). */
    public int divisor(Tier t) {
      return divisors.getOrDefault(t, 1);
    }

    /** The program as mode {@code t} ran it at the given size. */
    public Program programOf(Tier t) {
      return shrunk.getOrDefault(t, program);
    }

    /** The program as mode {@code t} ran it at the larger size, or null without --steady. */
    public Program largerOf(Tier t) {
      return larger == null ? null : shrunkLarger.getOrDefault(t, larger);
    }

    /** Whether modes {@code a} and {@code b} ran the same sizes (neither or both shrunk alike). */
    public boolean sameSize(Tier a, Tier b) {
      return programOf(a).args.equals(programOf(b).args);
    }

    /**
     * Guest instructions per run of the program at its given size (from rvjit's stats; qemu runs
     * the same program), or -1.
     */
    public long instret() {
      for (TierResult t : tiers.values()) {
        if (!shrunk.containsKey(t.tier)) {
          long n = instret(t.tier, tiers);
          if (n >= 0) {
            return n;
          }
        }
      }
      return -1;
    }

    /**
     * Guest instructions per run of mode {@code t} in {@code runs} (the given or the larger
     * size): its own count, or for qemu, which reports none, that of an rvjit mode run at the
     * same size; -1 if there is none.
     */
    private long instret(Tier t, Map<Tier, TierResult> runs) {
      for (TierResult tr : runs.values()) {
        if (sameSize(t, tr.tier)) {
          for (Run r : tr.runs) {
            if (r.instret >= 0) {
              return r.instret;
            }
          }
        }
      }
      return -1;
    }

    /** Guest instructions per run of mode {@code t} at its given size, or -1. */
    public long instret(Tier t) {
      return instret(t, tiers);
    }

    /**
     * {@code of}'s median wall time over {@code t}'s: how many times faster t is; NaN if either
     * is absent or they ran different sizes ({@code --shrink}: whole-process times of different
     * sizes hold different shares of JVM start and warm-up, so they are not compared).
     */
    public double speedup(Tier t, Tier of) {
      TierResult a = tiers.get(t);
      TierResult b = tiers.get(of);
      return a == null || b == null || !sameSize(t, of) ? Double.NaN
          : b.medianWall() / a.medianWall();
    }

    /**
     * Steady-state time of mode {@code t}: its median wall time at the larger size minus its
     * median at the given size, the time of the extra work alone (JVM start, loading, translation
     * and HotSpot's warm-up happen in both runs and cancel out); NaN without {@code --steady}.
     */
    public double steadySeconds(Tier t) {
      TierResult a = tiers.get(t);
      TierResult b = largerTiers.get(t);
      return a == null || b == null ? Double.NaN : b.medianWall() - a.medianWall();
    }

    /**
     * Per round, mode {@code t}'s wall time at the larger size minus its time at the given size
     * (the two runs of a round are back to back): their spread shows how far {@link
     * #steadySeconds} can be trusted. Empty without {@code --steady}.
     */
    public double[] steadyPairs(Tier t) {
      TierResult a = tiers.get(t);
      TierResult b = largerTiers.get(t);
      if (a == null || b == null) {
        return new double[0];
      }
      int n = Math.min(a.runs.size(), b.runs.size());
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        d[i] = (b.runs.get(i).wallNanos - a.runs.get(i).wallNanos) / 1e9;
      }
      return d;
    }

    /**
     * Guest instructions the larger size adds (from rvjit's stats) for the modes that ran the
     * program at its given size, or -1.
     */
    public long steadyInstret() {
      for (TierResult t : largerTiers.values()) {
        if (!shrunk.containsKey(t.tier)) {
          long n = steadyInstret(t.tier);
          if (n >= 0) {
            return n;
          }
        }
      }
      return -1;
    }

    /** Guest instructions mode {@code t}'s larger size adds, or -1. */
    public long steadyInstret(Tier t) {
      long small = instret(t, tiers);
      long big = instret(t, largerTiers);
      return small < 0 || big < 0 ? -1 : big - small;
    }

    /**
     * Steady-state rate of mode {@code t}: the guest instructions the larger size adds per second
     * of {@link #steadySeconds}; NaN if either is unknown or not positive.
     */
    public double steadyRate(Tier t) {
      long n = steadyInstret(t);
      double s = steadySeconds(t);
      return n > 0 && s > 0 ? n / s : Double.NaN;
    }

    /**
     * {@link #speedup} on steady-state times; for modes run at different sizes ({@code --shrink})
     * the ratio of their steady rates ({@link #steadyRate}) instead. NaN if either is absent or not
     * positive.
     */
    public double steadySpeedup(Tier t, Tier of) {
      if (!sameSize(t, of)) {
        return steadyRate(t) / steadyRate(of);
      }
      double a = steadySeconds(t);
      double b = steadySeconds(of);
      return a > 0 && b > 0 ? b / a : Double.NaN;
    }
  }

  private final List<Tier> tiers;
  private final int runs;
  private final int warmup;
  private final Path sysroot;
  private final List<String> javaOptions;
  private final PrintStream progress;
  private final boolean progressInPlace;
  private int steadyScale;
  /** Modes run at a smaller size, with their divisors ({@link #shrink}). */
  private final Map<Tier, Integer> divisors = new LinkedHashMap<>();
  private Path qemu;
  /** {@code taskset} and the CPU list every run is pinned to ({@link #pin}), or null. */
  private Path taskset;
  private String cpus;
  /** Runs started and runs planned in the current {@link #run}, for the progress line. */
  private int runsDone;
  private int runsPlanned;

  /**
   * @param sysroot for dynamically linked guests (rvjit --sysroot, qemu -L), or null
   * @param javaOptions extra options for the rvjit JVMs (e.g. {@code -Xmx2g})
   * @param progress where the progress line goes (stderr), or null
   * @param progressInPlace rewrite one line with {@code \r} (a terminal) instead of one per run
   */
  public Bench(List<Tier> tiers, int runs, int warmup, Path sysroot, List<String> javaOptions,
      PrintStream progress, boolean progressInPlace) {
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("no modes to compare");
    }
    if (runs < 1 || warmup < 0) {
      throw new IllegalArgumentException("--runs must be at least 1 and --warmup at least 0");
    }
    this.tiers = List.copyOf(tiers);
    this.runs = runs;
    this.warmup = warmup;
    this.sysroot = sysroot;
    this.javaOptions = List.copyOf(javaOptions);
    this.progress = progress;
    this.progressInPlace = progressInPlace;
    if (tiers.contains(Tier.QEMU)) {
      qemu = findOnPath("qemu-riscv64");
      if (qemu == null) {
        throw new IllegalArgumentException("mode qemu needs qemu-riscv64 on the PATH");
      }
    }
  }

  /**
   * Also runs every program with its last argument multiplied by {@code k} (at least 2) and
   * reports steady-state times (see {@link ProgramResult#steadySeconds}).
   */
  public Bench steady(int k) {
    if (k < 2) {
      throw new IllegalArgumentException("--steady-scale must be at least 2");
    }
    this.steadyScale = k;
    return this;
  }

  /**
   * Runs mode {@code t} with every program's last argument (the workload size) divided by
   * {@code k}, and compares it with the other modes by guest instructions per second instead of
   * time. For a mode far slower than the others, the interpreter: a size at which the JIT's
   * steady state is clean of warm-up would take the interpreter hours. Only rvjit's own modes,
   * which report their instruction counts; qemu does not.
   */
  public Bench shrink(Tier t, int k) {
    if (t == Tier.QEMU) {
      throw new IllegalArgumentException("--shrink: qemu reports no instruction count, so it cannot"
          + " be compared at another size (shrink interp or jit)");
    }
    if (!tiers.contains(t)) {
      throw new IllegalArgumentException("--shrink: mode " + t.label + " is not among the modes"
          + " compared");
    }
    if (k < 1) {
      throw new IllegalArgumentException("--shrink: the divisor must be a positive integer, not "
          + k);
    }
    if (k == 1) {
      divisors.remove(t);
    } else {
      divisors.put(t, k);
    }
    return this;
  }

  /** The divisor of mode {@code t}'s workload sizes ({@link #shrink}); 1 if it is not shrunk. */
  public int divisor(Tier t) {
    return divisors.getOrDefault(t, 1);
  }

  /**
   * Runs every measured process on the CPUs in {@code list} only ({@code taskset -c list}), so
   * that all modes run on the same core: on a virtual machine whose cores differ in speed (seen
   * on the project's 2-core VM: one core 1.6 times slower than the other for the same qemu run),
   * unpinned runs land on either and their times split in two groups.
   */
  public Bench pin(String list) {
    if (!list.matches("[0-9]+([-,][0-9]+)*")) {
      throw new IllegalArgumentException("--cpu takes a CPU list such as 1 or 0-1, not '" + list
          + "'");
    }
    taskset = findOnPath("taskset");
    if (taskset == null) {
      throw new IllegalArgumentException("--cpu needs taskset on the PATH (Debian: util-linux)");
    }
    cpus = list;
    return this;
  }

  /** The CPU list runs are pinned to, or null. */
  public String cpus() {
    return cpus;
  }

  /** The absolute path of an executable on the PATH, or null. */
  public static Path findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Benchmarks every program in turn; runs alternate between the tiers (and, with {@link #steady},
   * between the two sizes).
   */
  public List<ProgramResult> run(List<Program> programs) throws IOException, InterruptedException {
    List<ProgramResult> out = new ArrayList<>();
    for (Program p : programs) {
      if (!Files.isRegularFile(Path.of(p.path))) {
        throw new IllegalArgumentException("'" + p.path + "': no such file");
      }
    }
    for (Program p : programs) {
      out.add(plan(p)); // every size error before the first run
    }
    runsPlanned = programs.size() * (runs + warmup) * tiers.size() * (steadyScale > 0 ? 2 : 1);
    runsDone = 0;
    for (ProgramResult pr : out) {
      // One reference output per size: every run at that size, in any mode, must print the same.
      Map<List<String>, Reference> refs = new LinkedHashMap<>();
      for (int i = 0; i < warmup + runs; i++) {
        boolean measured = i >= warmup;
        String what = measured ? "run " + (i - warmup + 1) + "/" + runs
            : "warm-up " + (i + 1) + "/" + warmup;
        for (Tier t : tiers) {
          Program small = pr.programOf(t);
          runChecked(pr, small, t, what, measured, pr.tiers,
              refs.computeIfAbsent(small.args, a -> new Reference()));
          Program big = pr.largerOf(t);
          if (big != null) {
            runChecked(pr, big, t, what, measured, pr.largerTiers,
                refs.computeIfAbsent(big.args, a -> new Reference()));
          }
        }
      }
      pr.status = refs.values().iterator().next().run.status;
    }
    progressDone();
    return out;
  }

  /** The result a program's runs go into, with the sizes each mode runs it at. */
  private ProgramResult plan(Program p) {
    ProgramResult pr = new ProgramResult(p);
    pr.larger = steadyScale > 0 ? p.scaled(steadyScale) : null;
    for (Tier t : tiers) {
      pr.tiers.put(t, new TierResult(t));
      if (pr.larger != null) {
        pr.largerTiers.put(t, new TierResult(t));
      }
      if (divisor(t) > 1) {
        pr.shrink(t, divisor(t), steadyScale);
      }
    }
    return pr;
  }

  /** The first run of a program at one size: every later run at that size must print the same. */
  private static final class Reference {
    Run run;
    String name;
  }

  private void runChecked(ProgramResult pr, Program p, Tier t, String what, boolean measured,
      Map<Tier, TierResult> into, Reference ref) throws IOException, InterruptedException {
    runsDone++;
    progress(String.format(Locale.ROOT, "[bench %d/%d] %s: %s %s", runsDone, runsPlanned,
        p.label(), t.label, what));
    Run r = runOnce(p, t);
    String name = t.label + " " + what;
    if (ref.run == null) {
      ref.run = r;
      ref.name = name;
    } else {
      String diff = compare(ref.run, r);
      if (diff != null) {
        pr.mismatches.add(p.label() + ": " + name + " differs from " + ref.name + ": " + diff);
      }
    }
    if (measured) {
      into.get(t).runs.add(r);
    }
  }

  private void progress(String line) {
    if (progress == null) {
      return;
    }
    if (progressInPlace) {
      progress.print("\r\033[K" + line);
    } else {
      progress.println(line);
    }
    progress.flush();
  }

  private void progressDone() {
    if (progress != null && progressInPlace) {
      progress.print("\r\033[K");
      progress.flush();
    }
  }

  /** The command that starts this rvjit again in a fresh JVM. */
  List<String> rvjitCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-exports");
    cmd.add("java.base/jdk.internal.misc=ALL-UNNAMED"); // what the jar's manifest does
    cmd.add("-Duser.language=en"); // --stats numbers as this parser expects them
    cmd.add("-Duser.country=US");
    cmd.addAll(javaOptions);
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add("dev.rvjit.cli.Main");
    return cmd;
  }

  /** The jar this class came from, or (running from classes, as in tests) the class path. */
  static String classPath() {
    try {
      var cs = Bench.class.getProtectionDomain().getCodeSource();
      if (cs != null) {
        Path loc = Path.of(cs.getLocation().toURI());
        if (Files.isRegularFile(loc)) {
          return loc.toString();
        }
      }
    } catch (URISyntaxException | RuntimeException ignored) {
      // Fall back to the class path below.
    }
    return System.getProperty("java.class.path");
  }

  Run runOnce(Program p, Tier t) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (taskset != null) {
      cmd.add(taskset.toString());
      cmd.add("-c");
      cmd.add(cpus);
    }
    if (t == Tier.QEMU) {
      cmd.add(qemu.toString());
      if (sysroot != null) {
        cmd.add("-L");
        cmd.add(sysroot.toString());
      }
    } else {
      cmd.addAll(rvjitCommand());
      cmd.add("run");
      cmd.add("--mode=" + t.label);
      cmd.add("--stats");
      if (sysroot != null) {
        cmd.add("--sysroot=" + sysroot);
      }
    }
    cmd.add(p.path);
    cmd.addAll(p.args);
    Path out = Files.createTempFile("rvjit-bench", ".out");
    Path err = Files.createTempFile("rvjit-bench", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      long t0 = System.nanoTime();
      Process proc = pb.start();
      int status = proc.waitFor();
      long wall = System.nanoTime() - t0;
      byte[] stdout = Files.readAllBytes(out);
      String stderr = new String(Files.readAllBytes(err), StandardCharsets.ISO_8859_1);
      if (t == Tier.QEMU) {
        return new Run(t, status, stdout, stderr.getBytes(StandardCharsets.ISO_8859_1), wall, -1,
            Double.NaN, Double.NaN, -1);
      }
      return parseStats(t, status, stdout, stderr, wall);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Splits rvjit's stderr into the guest's part and the {@code --stats} report, and reads it. */
  static Run parseStats(Tier t, int status, byte[] stdout, String stderr, long wall) {
    int at = stderr.lastIndexOf("rvjit: instructions ");
    if (at < 0 || (at > 0 && stderr.charAt(at - 1) != '\n')) {
      throw new IllegalStateException("rvjit " + t.label + " printed no --stats report; its"
          + " stderr ends with: " + tail(stderr));
    }
    String guest = stderr.substring(0, at);
    // The one-line message for an abnormal end comes from rvjit, not the guest: leave it out.
    int msg = guest.lastIndexOf("rvjit: ");
    if (msg >= 0 && (msg == 0 || guest.charAt(msg - 1) == '\n')
        && guest.indexOf('\n', msg) == guest.length() - 1) {
      guest = guest.substring(0, msg);
    }
    long instret = -1;
    double inRun = Double.NaN;
    double translate = Double.NaN;
    long units = -1;
    for (String line : stderr.substring(at).split("\n")) {
      String v = line.length() > 20 ? line.substring(20).trim() : "";
      if (line.startsWith("rvjit: instructions")) {
        instret = Long.parseLong(v.replace(",", ""));
      } else if (line.startsWith("rvjit: wall time")) {
        inRun = Double.parseDouble(v.replace(" s", "").replace(",", ""));
      } else if (line.startsWith("rvjit: translation")) {
        translate = Double.parseDouble(v.replace(" ms", "").replace(",", ""));
      } else if (line.startsWith("rvjit: units")) {
        units = Long.parseLong(v.substring(0, v.indexOf(' ')).replace(",", ""));
      }
    }
    return new Run(t, status, stdout, guest.getBytes(StandardCharsets.ISO_8859_1), wall, instret,
        inRun, translate, units);
  }

  private static String tail(String s) {
    s = s.strip();
    return s.isEmpty() ? "(nothing)" : s.substring(Math.max(0, s.length() - 300));
  }

  /** Null if both runs printed the same and ended alike, else what differs. */
  static String compare(Run a, Run b) {
    if (a.status != b.status) {
      return "exit status " + b.status + " instead of " + a.status;
    }
    String d = firstDifference(a.stdout, b.stdout);
    if (d != null) {
      return "stdout " + d;
    }
    d = firstDifference(a.stderr, b.stderr);
    return d == null ? null : "stderr " + d;
  }

  static String firstDifference(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    int i = 0;
    while (i < n && a[i] == b[i]) {
      i++;
    }
    if (i == n && a.length == b.length) {
      return null;
    }
    int line = 1;
    int lineStart = 0;
    for (int k = 0; k < i; k++) {
      if (a[k] == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    return String.format(Locale.ROOT, "differs at byte %d (line %d): expected \"%s\", got \"%s\""
        + " (%d vs %d bytes)", i, line, lineAt(a, lineStart), lineAt(b, lineStart), a.length,
        b.length);
  }

  private static String lineAt(byte[] s, int start) {
    int end = start;
    while (end < s.length && s[end] != '\n' && end - start < 80) {
      end++;
    }
    return start >= s.length ? "<end>"
        : new String(s, start, end - start, StandardCharsets.UTF_8).replace("\"", "\\\"");
  }
}
