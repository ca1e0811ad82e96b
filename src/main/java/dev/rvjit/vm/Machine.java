package dev.rvjit.vm;

import dev.rvjit.cpu.GuestExit;
import dev.rvjit.cpu.GuestTrap;
import dev.rvjit.cpu.Hart;
import dev.rvjit.interp.BlockCache;
import dev.rvjit.interp.Interpreter;
import dev.rvjit.jit.Jit;
import dev.rvjit.linux.ElfLoader;
import dev.rvjit.linux.GuestFs;
import dev.rvjit.linux.GuestProcess;
import dev.rvjit.linux.LinuxSyscalls;
import dev.rvjit.memory.Memory;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One guest process ready to run: memory, hart, Linux layer and engines, wired together. Build it
 * with {@link #load(RunConfig)} (which loads the ELF file and builds the initial stack), then
 * {@link #run()} it once.
 */
public final class Machine {
  public final RunConfig config;
  public final Memory mem;
  public final Hart hart;
  public final GuestProcess process;
  public final LinuxSyscalls syscalls;
  public final BlockCache cache;
  public final Interpreter interpreter;
  /** The JIT tier, or null in interpreter-only mode. */
  public final Jit jit;

  private Machine(RunConfig config) {
    this.config = config;
    this.mem = new Memory();
    this.hart = new Hart(mem);
    this.process = new GuestProcess(mem, hart, config.stdin, config.stdout, config.stderr);
    process.sysroot = config.sysroot;
    process.strace = config.strace;
    if (config.root != null || !config.mounts.isEmpty()) {
      process.fs = GuestFs.confined(config.root, config.mounts, config.sysroot);
    }
    process.maxFds = config.maxFds;
    mem.setMappedLimit(config.maxMemory);
    this.cache = new BlockCache(mem);
    this.syscalls = new LinuxSyscalls(process);
    // Stores into code pages already drop stale code; riscv_flush_icache drops everything anyway.
    process.flushIcache = cache::invalidateAll;
    this.interpreter = new Interpreter(hart, syscalls, cache);
    if (config.mode == Mode.JIT) {
      this.jit = new Jit(cache, config.jitThreshold, config.jitSynchronous);
      interpreter.setTier1(jit);
      if (config.jitLog != null) {
        jit.setLog(config.jitLog, pc -> process.symbols.describe(pc));
      }
    } else {
      this.jit = null;
    }
  }

  /**
   * Loads the program named by {@code config}. Bad input (missing file, not a RISC-V ELF64
   * executable, malformed, missing interpreter) throws the loader's exception, whose message is
   * one line for the user.
   */
  public static Machine load(RunConfig config) {
    Machine m = new Machine(config);
    List<String> argv = new ArrayList<>();
    argv.add(config.programName != null ? config.programName : config.program.toString());
    argv.addAll(config.args);
    ElfLoader.load(m.process, config.program, argv.get(0), argv, config.env);
    return m;
  }

  /**
   * Runs the guest to its end. Everything the guest wrote is flushed before this returns. With a
   * {@code --timeout} the guest runs on a thread of its own under a {@link Watchdog}.
   */
  public Outcome run() {
    if (config.timeoutNanos > 0) {
      return Watchdog.run(this, config.timeoutNanos);
    }
    return runHere();
  }

  /**
   * {@code -Drvjit.progress=MS}: every MS milliseconds, one line {@code rvjit-progress MS INSTRET}
   * on the host's stderr (instructions retired so far, as of the guest's last hand-over), so that
   * a measurement can take the guest's rate over any part of a run, warm-up excluded. For
   * measurements only.
   */
  private static final long PROGRESS_MS = Long.getLong("rvjit.progress", 0);

  /** Runs the guest on the calling thread. */
  Outcome runHere() {
    long t0 = System.nanoTime();
    if (PROGRESS_MS > 0) {
      Thread p = new Thread(() -> {
        try {
          for (long t = PROGRESS_MS; ; t += PROGRESS_MS) {
            Thread.sleep(Math.max(0, t - (System.nanoTime() - t0) / 1_000_000));
            System.err.println("rvjit-progress " + t + " " + hart.instret);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "rvjit-progress");
      p.setDaemon(true);
      p.start();
    }
    int status;
    String message = null;
    try {
      interpreter.run(config.maxInsns);
      throw new IllegalStateException("interpreter returned");
    } catch (GuestExit e) {
      status = e.status();
    } catch (GuestTrap t) {
      status = t.exitStatus();
      message = t.describe();
    } finally {
      flush(config.stdout);
      flush(config.stderr);
    }
    return new Outcome(status, message, hart.instret, System.nanoTime() - t0);
  }

  /** The {@code --stats} report for a finished run, one item per line. */
  public String stats(Outcome o) {
    StringBuilder sb = new StringBuilder();
    double secs = o.nanos / 1e9;
    sb.append(String.format("rvjit: instructions  %,d%n", o.instret));
    sb.append(String.format("rvjit: wall time     %.3f s%n", secs));
    sb.append(String.format("rvjit: guest MIPS    %.1f%n", secs > 0 ? o.instret / secs / 1e6 : 0.0));
    long interp = interpreter.interpretedInsns();
    sb.append(String.format("rvjit: interpreted   %,d (%.1f%%)%n", interp, pct(interp, o.instret)));
    if (jit != null) {
      long compiled = o.instret - interp;
      sb.append(String.format("rvjit: compiled code %,d (%.1f%%)%n", compiled,
          pct(compiled, o.instret)));
      sb.append(String.format(
          "rvjit: units         %,d compiled, %,d invalidated, %,d rejected, %,d grown%s%s%n",
          jit.unitsCompiled(), jit.unitsInvalidated(), jit.unitsRejected(),
          jit.unitsReplaced(), jit.unitsRemade() == 0 ? ""
              : String.format(", %,d re-made with stack maps", jit.unitsRemade()),
          jit.unitsWithoutRanges() == 0 ? ""
              : String.format(", %,d dropped for values out of their compiled ranges",
                  jit.unitsWithoutRanges())));
      sb.append(String.format("rvjit: bytecode      %,d bytes made, %,d bytes live%n",
          jit.bytecodeBytes(), jit.codeCacheBytes()));
      sb.append(String.format("rvjit: translation   %.1f ms%n", jit.translateNanos() / 1e6));
      long entries = jit.unitEntries();
      sb.append(String.format("rvjit: unit entries  %,d (%.1f guest instructions per entry)%n",
          entries, entries == 0 ? 0.0 : (double) compiled / entries));
    }
    sb.append(String.format("rvjit: blocks        %,d decoded, %,d invalidated%n",
        cache.blocksDecoded(), cache.invalidations()));
    sb.append(String.format("rvjit: exit status   %d%n", o.status));
    return sb.toString();
  }

  private static double pct(long part, long whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }

  /** Flushes the guest's stdout and stderr (at exit, at a limit, from the shutdown hook). */
  public void flushOutput() {
    flush(config.stdout);
    flush(config.stderr);
  }

  private static void flush(OutputStream s) {
    try {
      s.flush();
    } catch (IOException ignored) {
      // Nothing more can be done for a closed stream; the guest already saw its write results.
    }
  }
}
