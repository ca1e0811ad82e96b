package dev.rvjit.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The guest-level F/D oracle: {@code samples/bin/fporacle} applies every F and D instruction to
 * generated operand vectors (random and special values) in every static rounding mode and with
 * the dynamic mode under each valid {@code frm}, and prints one digest of all results and
 * {@code fflags} per vector. It runs under {@code qemu-riscv64} and under rvjit in both tiers
 * (interpreter; JIT compiling after 2 block entries, synchronously, so the hot loop runs compiled)
 * and every line must agree. A mismatch is replayed with {@code fporacle dump} so the failure
 * names the instruction, rounding mode, operands, results and flags.
 *
 * <p>{@code -Drvjit.fporacle.vectors=N} (default 100,000, the minimum) and
 * {@code -Drvjit.fporacle.seed=S} (default 1) choose the run.
 */
class FpOracleTest {
  static final String BINARY = "samples/bin/fporacle";
  static final int VECTORS = Integer.getInteger("rvjit.fporacle.vectors", 100_000);
  static final long SEED = Long.getLong("rvjit.fporacle.seed", 1L);
  /** Operations per vector: 36 rounding instructions × (5 static + 5 dynamic) + 22 others. */
  static final int OPS_PER_VECTOR = 382;

  /** Output, error output and exit status of one run. */
  record Run(String stdout, String stderr, int status) {}

  static Run rvjit(Mode mode, String... args) throws IOException {
    RunConfig c = new RunConfig();
    c.program = Path.of(BINARY);
    c.programName = BINARY;
    c.args = List.of(args);
    c.env = List.of();
    c.stdin = new ByteArrayInputStream(new byte[0]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    c.stdout = out;
    c.stderr = err;
    c.mode = mode;
    c.jitThreshold = 2;
    c.jitSynchronous = true;
    Outcome o = Machine.load(c).run();
    if (o.message != null) {
      err.write(("rvjit: " + o.message + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
        o.status);
  }

  static Run qemu(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Tools.require("qemu-riscv64").toString());
    cmd.add(BINARY);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    byte[] out = readAll(p.getInputStream());
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("qemu-riscv64 timed out: " + cmd);
    }
    return new Run(new String(out, StandardCharsets.UTF_8),
        new String(err.join(), StandardCharsets.UTF_8), p.exitValue());
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyInstructionInEveryRoundingModeMatchesQemuInBothTiers() throws Exception {
    Tools.require("qemu-riscv64");
    String[] args = {Long.toString(SEED), Integer.toString(VECTORS)};
    long t0 = System.nanoTime();
    // qemu runs on the other core while the interpreter runs here.
    CompletableFuture<Run> q = CompletableFuture.supplyAsync(() -> {
      try {
        return qemu(args);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Run interp = rvjit(Mode.INTERP, args);
    Run expected = q.join();
    assertEquals(0, expected.status(), "qemu: " + expected.stderr());
    String[] want = expected.stdout().split("\n");
    assertEquals(VECTORS + 1, want.length, "qemu printed one digest per vector and a summary");
    assertTrue(want[VECTORS].contains("vectors 0.." + (VECTORS - 1) + ", " + OPS_PER_VECTOR
        + " operations each"), want[VECTORS]);
    compare("interpreter", expected, interp);
    Run jit = rvjit(Mode.JIT, args);
    compare("JIT (threshold 2, synchronous)", expected, jit);
    System.out.printf("fporacle: seed %d, %,d vectors x %d operations = %,d operations per tier,"
        + " 0 mismatches under the interpreter and the JIT (%.1f s)%n", SEED, VECTORS,
        OPS_PER_VECTOR, (long) VECTORS * OPS_PER_VECTOR, (System.nanoTime() - t0) / 1e9);
  }

  /** Compares digest lines; on a mismatch replays the first few bad vectors with dump. */
  private static void compare(String tier, Run expected, Run actual) throws Exception {
    assertEquals("", actual.stderr(), tier + ": stderr");
    assertEquals(expected.status(), actual.status(), tier + ": exit status");
    if (expected.stdout().equals(actual.stdout())) {
      return;
    }
    String[] want = expected.stdout().split("\n");
    String[] got = actual.stdout().split("\n");
    List<Integer> bad = new ArrayList<>();
    for (int i = 0; i < Math.min(want.length, got.length) - 1; i++) {
      if (!want[i].equals(got[i])) {
        bad.add(i);
      }
    }
    StringBuilder msg = new StringBuilder(tier + ": " + bad.size() + " of " + (want.length - 1)
        + " vectors differ from qemu (seed " + SEED + ")");
    Mode mode = tier.startsWith("JIT") ? Mode.JIT : Mode.INTERP;
    for (int v : bad.subList(0, Math.min(3, bad.size()))) {
      msg.append("\n").append(dumpDiff(mode, v));
    }
    fail(msg.toString());
  }

  /** The operations of one vector that differ, as "qemu | rvjit" line pairs. */
  static String dumpDiff(Mode mode, int vector) throws Exception {
    String[] args = {"dump", Long.toString(SEED), Integer.toString(vector), "1"};
    String[] want = qemu(args).stdout().split("\n");
    String[] got = rvjit(mode, args).stdout().split("\n");
    StringBuilder sb = new StringBuilder();
    sb.append(want[0]).append('\n').append(want[1]).append('\n').append(want[2]).append('\n')
        .append(want[3]).append('\n');
    for (int i = 4; i < Math.max(want.length, got.length); i++) {
      String w = i < want.length ? want[i] : "(missing)";
      String g = i < got.length ? got[i] : "(missing)";
      if (!w.equals(g) && !w.contains("digest")) {
        sb.append("  qemu: ").append(w.trim()).append("\n  rvjit:").append(g.trim()).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * An invalid rounding mode: with frm 5..7 every instruction that takes the dynamic mode is an
   * illegal instruction (SIGILL), one without a rounding mode is not; a static rm of 5 or 6 is
   * illegal too. Both runners must print the same and die with the same status.
   */
  @TestFactory
  Stream<DynamicTest> invalidRoundingModeTrapsLikeQemu() {
    List<String[]> cases = new ArrayList<>();
    for (String insn : new String[] {"fadd.d", "fmadd.s", "fsqrt.d", "fcvt.l.d", "fcvt.s.l",
        "fcvt.d.s", "fcvt.d.w", "fmin.d"}) {
      for (String frm : new String[] {"5", "6", "7"}) {
        cases.add(new String[] {"illegal-dyn", frm, insn});
      }
    }
    cases.add(new String[] {"illegal-dyn", "4", "fadd.d"});
    cases.add(new String[] {"illegal-static", "5"});
    cases.add(new String[] {"illegal-static", "6"});
    return cases.stream().map(a -> DynamicTest.dynamicTest(String.join(" ", a), () -> {
      Run q = qemu(a);
      boolean traps = !a[a.length - 1].equals("fmin.d") && !a[1].equals("4");
      assertEquals(traps ? 132 : 0, q.status(), "qemu status");
      for (Mode mode : Mode.values()) {
        Run r = rvjit(mode, a);
        assertEquals(q.stdout(), r.stdout(), mode + ": stdout");
        assertEquals(q.status(), r.status(), mode + ": exit status");
        if (traps) {
          assertTrue(r.stderr().contains("illegal instruction"), mode + ": " + r.stderr());
        }
      }
    }));
  }
}
