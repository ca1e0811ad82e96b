package dev.rvjit.cli;

import dev.rvjit.vm.Limits;
import dev.rvjit.vm.Machine;
import dev.rvjit.vm.Mode;
import dev.rvjit.vm.Outcome;
import dev.rvjit.vm.RunConfig;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rvjit run}: executes a guest program, passing stdio, environment and exit status through. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a RISC-V RV64GC Linux program (static or dynamically linked).",
      "Every word after PROGRAM goes to the guest untouched, even words that look like options.",
      "Exit status: the guest's; 2 bad input; 124 limit reached (--max-insns, --timeout);"
          + " 130/143 rvjit got SIGINT/SIGTERM; 132 illegal instruction;"
          + " 133 ebreak; 135 bus error; 139 segmentation fault; 70 internal error."
    })
final class RunCommand implements Callable<Integer> {
  /** Where the Debian cross toolchain keeps the RISC-V libraries. */
  static final Path DEFAULT_SYSROOT = Path.of("/usr/riscv64-linux-gnu");

  /** The sysroot a command uses: the one given, else {@link #DEFAULT_SYSROOT} if it exists. */
  static Path sysrootOrDefault(Path given) {
    return given != null ? given : Files.isDirectory(DEFAULT_SYSROOT) ? DEFAULT_SYSROOT : null;
  }
  /** Functions listed by --profile. */
  static final int PROFILE_LINES = 25;

  @Option(names = "--mode", paramLabel = "MODE",
      description = "Execution tiers: interp (interpreter only) or jit (interpreter with"
          + " profiling, hot code compiled to JVM bytecode; the default).")
  String mode = "jit";

  @Option(names = "--jit-threshold", paramLabel = "N",
      description = "Block entries before a block is compiled (default: ${DEFAULT-VALUE}).")
  long jitThreshold = dev.rvjit.jit.Jit.DEFAULT_THRESHOLD;

  @Option(names = "--jit-log", description = "Print one line per translation and invalidation"
      + " to stderr.")
  boolean jitLog;

  @Option(names = "--sysroot", paramLabel = "DIR",
      description = "Directory holding the guest's dynamic loader and libraries, like"
          + " qemu-riscv64 -L (default: /usr/riscv64-linux-gnu when it exists).")
  Path sysroot;

  @Option(names = "--strace", description = "Print every system call with decoded arguments and"
      + " result to stderr.")
  boolean strace;

  @Option(names = "--stats", description = "At exit, print instructions executed, wall time and"
      + " guest MIPS to stderr.")
  boolean stats;

  @Option(names = "--profile", description = "At exit, print a flat profile of guest instructions"
      + " by function, with the share run in each tier, to stderr.")
  boolean profile;

  @Option(names = "--max-insns", paramLabel = "N",
      description = "Stop the guest after N instructions (exit status 124).")
  long maxInsns = Long.MAX_VALUE;

  @Option(names = "--root", paramLabel = "DIR",
      description = "Make DIR the guest's / : no path the guest names reaches outside it (or the"
          + " --mount directories), whatever links, .. or /proc it uses.")
  Path root;

  @Option(names = "--mount", paramLabel = "HOST:GUEST[:ro]",
      description = "Show host directory HOST at guest path GUEST (repeatable); :ro refuses every"
          + " write (EROFS). Confines the guest like --root.")
  List<String> mounts = new ArrayList<>();

  @Option(names = "--env-clear", description = "Start the guest with an empty environment.")
  boolean envClear;

  @Option(names = "--env", paramLabel = "K=V",
      description = "Set K to V in the guest's environment (repeatable; K alone copies the"
          + " host's value).")
  List<String> envSet = new ArrayList<>();

  @Option(names = "--max-memory", paramLabel = "SIZE",
      description = "Most memory the guest may map, e.g. 256m, 2g (mmap/brk beyond it: ENOMEM).")
  String maxMemory;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "Stop the guest after this much wall-clock time, e.g. 500ms, 3s, 2m"
          + " (exit status 124).")
  String timeout;

  @Option(names = "--debug", description = "Show Java stack traces for errors.")
  boolean debug;

  @Parameters(index = "0", paramLabel = "PROGRAM", description = "The RISC-V ELF executable.")
  String program;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the guest.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    RunConfig c = new RunConfig();
    c.program = Path.of(program);
    c.programName = program;
    c.args = args;
    c.env = environment(envClear ? new ArrayList<>() : hostEnvironment(), envSet);
    c.root = root;
    for (String m : mounts) {
      c.mounts.add(dev.rvjit.linux.GuestFs.Mount.parse(m));
    }
    if (maxMemory != null) {
      c.maxMemory = Limits.parseSize(maxMemory);
    }
    if (timeout != null) {
      c.timeoutNanos = Limits.parseDuration(timeout);
    }
    c.stdin = new FileInputStream(FileDescriptor.in);
    c.stdout = new FileOutputStream(FileDescriptor.out);
    c.stderr = new FileOutputStream(FileDescriptor.err);
    c.sysroot = sysrootOrDefault(sysroot);
    c.strace = strace ? new PrintStream(new FileOutputStream(FileDescriptor.err), true,
        StandardCharsets.UTF_8) : null;
    c.maxInsns = maxInsns;
    c.mode = parseMode(mode);
    if (jitThreshold < 1) {
      throw new IllegalArgumentException("--jit-threshold must be at least 1");
    }
    c.jitThreshold = jitThreshold;
    c.jitLog = jitLog ? new PrintStream(new FileOutputStream(FileDescriptor.err), true,
        StandardCharsets.UTF_8) : null;
    Machine m = Machine.load(c);
    if (profile && m.jit != null) {
      m.jit.countBlocks(true);
    }
    // SIGINT/SIGTERM: the JVM exits with 130/143; the hook says so and flushes the guest's output.
    Thread hook = new Thread(() -> {
      m.flushOutput();
      System.err.println("rvjit: stopped by a signal (SIGINT or SIGTERM) after "
          + m.hart.instret + " instructions; guest output flushed");
      System.err.flush();
    }, "rvjit-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Outcome o;
    try {
      o = m.run();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs (or ran) anyway.
      }
    }
    PrintStream err = System.err;
    if (o.message != null) {
      err.println("rvjit: " + o.message);
    }
    if (stats) {
      err.print(m.stats(o));
    }
    if (profile) {
      err.print(dev.rvjit.tools.Profile.of(m.cache.blocks(), m.jit, m.process.symbols, o.instret,
          m.interpreter.interpretedInsns()).render(PROFILE_LINES));
    }
    err.flush();
    return o.status;
  }

  /** {@code base} with the {@code --env} settings applied in order (K=V sets, K copies the host's). */
  static List<String> environment(List<String> base, List<String> settings) {
    List<String> env = new ArrayList<>(base);
    for (String s : settings) {
      int eq = s.indexOf('=');
      String key = eq < 0 ? s : s.substring(0, eq);
      if (key.isEmpty()) {
        throw new IllegalArgumentException("--env '" + s + "': expected K=V");
      }
      String value = eq >= 0 ? s.substring(eq + 1) : System.getenv(key);
      env.removeIf(e -> e.startsWith(key + "=") || e.equals(key));
      if (value != null) {
        env.add(key + "=" + value);
      }
    }
    return env;
  }

  static Mode parseMode(String s) {
    switch (s) {
      case "interp":
        return Mode.INTERP;
      case "jit":
        return Mode.JIT;
      default:
        throw new IllegalArgumentException("unknown --mode '" + s + "' (use interp or jit)");
    }
  }

  /**
   * The host environment in its original order (qemu-riscv64 passes environ as it is); from
   * /proc/self/environ where available, since Java's map loses the order.
   */
  static List<String> hostEnvironment() {
    List<String> env = new ArrayList<>();
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc/self/environ"));
      int start = 0;
      for (int i = 0; i < raw.length; i++) {
        if (raw[i] == 0) {
          if (i > start) {
            env.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
          }
          start = i + 1;
        }
      }
      return env;
    } catch (IOException | RuntimeException e) {
      for (Map.Entry<String, String> e2 : System.getenv().entrySet()) {
        env.add(e2.getKey() + "=" + e2.getValue());
      }
      return env;
    }
  }
}
