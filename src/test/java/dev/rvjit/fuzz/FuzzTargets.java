package dev.rvjit.fuzz;

import dev.rvjit.isa.Decoder;
import dev.rvjit.isa.Disassembler;
import dev.rvjit.isa.Insn;
import dev.rvjit.linux.ElfException;
import dev.rvjit.testing.RawMachine;
import dev.rvjit.vm.Machine;
import dev.rvjit.vm.Mode;
import dev.rvjit.vm.Outcome;
import dev.rvjit.vm.RunConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The bodies of the fuzz targets, shared by the Jazzer {@code @FuzzTest}s and the seeded
 * mutation tests of the default run. Each takes arbitrary bytes and must end in a guest-level
 * outcome; anything else (an uncaught Java exception, a hang, an {@link OutOfMemoryError})
 * propagates and is a finding.
 */
public final class FuzzTargets {
  private FuzzTargets() {}

  /** Instructions a fuzzed guest may run. */
  static final long MAX_INSNS = 20_000;
  private static int execs;
  private static Path dir;
  private static Path root;

  /** Every few hundred runs, let the GC unmap the finished machines' 1 GiB flat regions. */
  private static void tick() {
    if (++execs % 300 == 0) {
      System.gc();
    }
  }

  private static synchronized Path file() {
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("rvjit-fuzz");
        root = Files.createDirectory(dir.resolve("root"));
        dir.toFile().deleteOnExit();
      }
      return dir.resolve("input.elf");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The ELF loader and then the guest: the input is written to a file and run with rvjit as the
   * command line would, confined to an empty {@code --root} (a fuzzed guest makes random system
   * calls), with {@code --max-memory 64m} and an instruction limit. Returns the exit status, or 2
   * when the loader rejected the file with its one-line {@link ElfException}.
   */
  public static int loadAndRun(byte[] elf, boolean jit) {
    tick();
    Path f = file();
    try {
      Files.write(f, elf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RunConfig c = new RunConfig();
    c.program = f;
    c.programName = "/fuzzed";
    c.env = List.of("A=1");
    c.root = root;
    c.stdin = new ByteArrayInputStream(new byte[0]);
    c.stdout = OutputStream.nullOutputStream();
    c.stderr = OutputStream.nullOutputStream();
    c.maxInsns = MAX_INSNS;
    c.maxMemory = 64L << 20;
    c.mode = jit ? Mode.JIT : Mode.INTERP;
    c.jitThreshold = 1;
    c.jitSynchronous = true;
    Machine m;
    try {
      m = Machine.load(c);
    } catch (ElfException e) {
      String msg = e.getMessage();
      if (msg == null || msg.isBlank() || msg.contains("\n")) {
        throw new AssertionError("loader message must be one line: " + msg, e);
      }
      return 2;
    }
    Outcome o = m.run();
    if (o.status < 0 || o.status > 255) {
      throw new AssertionError("exit status out of range: " + o.status);
    }
    if (o.message != null && o.message.contains("\n")) {
      throw new AssertionError("message must be one line: " + o.message);
    }
    return o.status;
  }

  /** The decoder and disassembler on every 16- and 32-bit window of {@code code}. */
  public static void decode(byte[] code) {
    for (int i = 0; i + 1 < code.length; i += 2) {
      int lo = (code[i] & 0xff) | (code[i + 1] & 0xff) << 8;
      int bits = lo;
      if (Decoder.length(lo) == 4 && i + 3 < code.length) {
        bits |= (code[i + 2] & 0xff) << 16 | (code[i + 3] & 0xff) << 24;
      }
      Insn in = Decoder.decode(0x10000 + i, bits);
      String text = Disassembler.format(in);
      if (text == null || text.isEmpty()) {
        throw new AssertionError("no disassembly for " + Integer.toHexString(bits));
      }
    }
  }

  /**
   * Random bytes as code in both tiers ({@link RawMachine}): each run must end in an outcome,
   * and the two tiers must agree on it, on the registers, pc and instret.
   */
  public static String tiers(byte[] code) {
    tick();
    RawMachine.Result a = new RawMachine(RawMachine.Tier.INTERP).codeBytes(code).run(MAX_INSNS);
    RawMachine.Result b = new RawMachine(RawMachine.Tier.JIT).codeBytes(code).run(MAX_INSNS);
    String sa = a.outcome + " pc=" + Long.toHexString(a.hart.pc) + " instret=" + a.hart.instret
        + " x=" + Arrays.toString(Arrays.copyOf(a.hart.x, 32))
        + " f=" + Arrays.toString(a.hart.f) + " fflags=" + a.hart.fflags;
    String sb = b.outcome + " pc=" + Long.toHexString(b.hart.pc) + " instret=" + b.hart.instret
        + " x=" + Arrays.toString(Arrays.copyOf(b.hart.x, 32))
        + " f=" + Arrays.toString(b.hart.f) + " fflags=" + b.hart.fflags;
    if (!sa.equals(sb)) {
      throw new AssertionError("tiers disagree\ninterp: " + sa + "\njit:    " + sb);
    }
    return a.outcome;
  }
}
