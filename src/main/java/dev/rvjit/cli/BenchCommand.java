package dev.rvjit.cli;

import dev.rvjit.tools.Bench;
import dev.rvjit.tools.Bench.Program;
import dev.rvjit.tools.Bench.ProgramResult;
import dev.rvjit.tools.Bench.Tier;
import dev.rvjit.tools.BenchReport;
import dev.rvjit.tools.SvgChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rvjit bench}: runs programs as separate processes under each mode, alternating, and
 * compares wall time, in-run time and output.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks guest programs under the interpreter, the JIT and qemu-riscv64. Every run is a"
          + " separate process (JVM start included); runs alternate between modes; every run's"
          + " stdout, stderr and exit status must be identical (exit status 1 otherwise).",
      "Several programs: separate them with '--', e.g.",
      "  rvjit bench --runs 3 samples/bin/sieve -- samples/bin/sha256 6000",
      "Steady state (each program also at twice its last argument):",
      "  rvjit bench --steady --modes jit,qemu samples/bin/sha256 60000",
      "The interpreter at a sixteenth of the size, compared by steady MIPS:",
      "  rvjit bench --steady --shrink interp=16 samples/bin/sha256 60000",
      "Options go before the first PROGRAM; words after it belong to the guest."
    })
final class BenchCommand implements Callable<Integer> {
  /** Exit status when runs printed different things. */
  static final int EXIT_MISMATCH = 1;

  @Option(names = "--modes", paramLabel = "LIST", split = ",",
      description = "Modes to compare, comma-separated: interp, jit, qemu (default: interp,jit"
          + " and qemu when qemu-riscv64 is on the PATH).")
  List<String> modes;

  @Option(names = "--runs", paramLabel = "N", description = "Measured runs per mode (default:"
      + " ${DEFAULT-VALUE}).")
  int runs = 5;

  @Option(names = "--warmup", paramLabel = "N", description = "Unmeasured runs per mode first"
      + " (default: ${DEFAULT-VALUE}; they still fill the disk cache and are output-checked).")
  int warmup = 1;

  @Option(names = "--format", paramLabel = "FORMAT", description = "table (default), json or csv.")
  String format = "table";

  @Option(names = "--out", paramLabel = "FILE", description = "Write the report here instead of"
      + " stdout.")
  Path out;

  @Option(names = "--chart", paramLabel = "FILE.svg", description = "Also draw the speed-ups as"
      + " an SVG bar chart (one chart for all programs).")
  Path chart;

  @Option(names = "--sysroot", paramLabel = "DIR", description = "Guest library root for"
      + " dynamically linked programs (rvjit --sysroot, qemu -L; default /usr/riscv64-linux-gnu"
      + " when it exists).")
  Path sysroot;

  @Option(names = "--java-opt", paramLabel = "OPT", description = "Extra option for the rvjit"
      + " JVMs, e.g. --java-opt=-Xmx2g (repeatable).")
  List<String> javaOpts = new ArrayList<>();

  @Option(names = "--steady", description = "Also run every program with its last argument (the"
      + " workload size) multiplied by --steady-scale, and report steady-state times: the"
      + " difference between the two sizes' median wall times, from which JVM start, loading"
      + " and warm-up cancel out.")
  boolean steady;

  @Option(names = "--steady-scale", paramLabel = "K", description = "Multiplier of the last"
      + " argument for --steady (default: ${DEFAULT-VALUE}).")
  int steadyScale = 2;

  @Option(names = "--shrink", paramLabel = "MODE=K", description = "Run MODE (interp or jit)"
      + " with every program's last argument (the workload size) divided by K, and compare it"
      + " with the other modes by steady guest instructions per second (with --steady) instead"
      + " of time, e.g. --shrink interp=16: sizes at which the JIT's steady state is clean of"
      + " warm-up would take the interpreter hours (repeatable).")
  Map<String, Integer> shrink = new LinkedHashMap<>();

  @Option(names = "--cpu", paramLabel = "LIST", description = "Run every measured process on"
      + " these CPUs only (taskset -c LIST, e.g. 1), so that all modes run on the same core;"
      + " the report says so.")
  String cpu;

  @Option(names = "--quiet", description = "No progress line on stderr.")
  boolean quiet;

  @Parameters(index = "0..*", paramLabel = "PROGRAM [ARGS...] [-- PROGRAM [ARGS...]]...",
      description = "Guest programs with their arguments.")
  List<String> words = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<Program> programs = splitPrograms(words);
    if (programs.isEmpty()) {
      throw new IllegalArgumentException("bench needs a PROGRAM (try 'rvjit bench --help')");
    }
    List<Tier> tiers = new ArrayList<>();
    if (modes == null) {
      tiers.add(Tier.INTERP);
      tiers.add(Tier.JIT);
      if (Bench.findOnPath("qemu-riscv64") != null) {
        tiers.add(Tier.QEMU);
      }
    } else {
      for (String m : modes) {
        Tier t = Tier.parse(m.trim());
        if (!tiers.contains(t)) {
          tiers.add(t);
        }
      }
    }
    if (!List.of("table", "json", "csv").contains(format)) {
      throw new IllegalArgumentException("unknown --format '" + format + "' (use table, json or"
          + " csv)");
    }
    Path root = RunCommand.sysrootOrDefault(sysroot);
    Bench bench = new Bench(tiers, runs, warmup, root, javaOpts, quiet ? null : System.err,
        System.console() != null);
    if (steady) {
      bench.steady(steadyScale);
    }
    for (Map.Entry<String, Integer> e : shrink.entrySet()) {
      bench.shrink(Tier.parse(e.getKey().trim()), e.getValue());
    }
    if (cpu != null) {
      bench.pin(cpu);
    }
    List<ProgramResult> results = bench.run(programs);
    String report;
    switch (format) {
      case "json":
        report = BenchReport.json(results, warmup, bench.cpus());
        break;
      case "csv":
        report = BenchReport.csv(results);
        break;
      default:
        report = BenchReport.table(results, warmup, bench.cpus());
    }
    if (out != null) {
      Files.writeString(out, report, StandardCharsets.UTF_8);
    } else {
      System.out.print(report);
      System.out.flush();
    }
    if (chart != null) {
      Files.writeString(chart, SvgChart.render(results, runs), StandardCharsets.UTF_8);
    }
    int bad = 0;
    for (ProgramResult p : results) {
      for (String m : p.mismatches) {
        System.err.println("rvjit bench: OUTPUT MISMATCH: " + m);
        bad++;
      }
    }
    if (bad > 0) {
      System.err.println("rvjit bench: " + bad + " run(s) printed something else than the first"
          + " run: one of the modes is wrong");
      return EXIT_MISMATCH;
    }
    return 0;
  }

  /** Splits {@code PROG ARGS -- PROG ARGS ...} into programs. */
  static List<Program> splitPrograms(List<String> words) {
    List<Program> out = new ArrayList<>();
    List<String> cur = new ArrayList<>();
    for (String w : words) {
      if (w.equals("--")) {
        if (!cur.isEmpty()) {
          out.add(new Program(cur.get(0), cur.subList(1, cur.size())));
        }
        cur = new ArrayList<>();
      } else {
        cur.add(w);
      }
    }
    if (!cur.isEmpty()) {
      out.add(new Program(cur.get(0), cur.subList(1, cur.size())));
    }
    return out;
  }
}
