package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzer between the tiers: seeded random RV64GC programs run under the interpreter
 * (the oracle) and under the JIT compiling at once (synchronously, thresholds 1 to 8), with and
 * without an instruction limit; the complete architectural state must agree: registers, fflags,
 * frm, instret, pc, scratch memory and how the run ended (exit, fault, illegal instruction,
 * limit). A short run is part of the default tests; a long one:
 * {@code mvn test -Dtest=TierFuzzTest -Drvjit.fuzz.programs=200000 [-Drvjit.fuzz.seed=N]}.
 * A failure names the seed, so it reproduces with {@code -Drvjit.fuzz.seed=SEED
 * -Drvjit.fuzz.programs=1}.
 */
class TierFuzzTest {
  @Test
  void interpreterAndJitAgree() {
    int programs = Integer.getInteger("rvjit.fuzz.programs", 300);
    long seed0 = Long.getLong("rvjit.fuzz.seed", 20261126L);
    long compiledTotal = 0;
    int faulted = 0;
    for (int p = 0; p < programs; p++) {
      long seed = seed0 + p;
      byte[] code = new ProgramGenerator(seed).generate();
      Random r = new Random(new java.util.SplittableRandom(seed).nextLong()); // (see the generator)
      long threshold = new long[] {1, 1, 2, 3, 8}[r.nextInt(5)];
      long limit = r.nextInt(3) == 0 ? 1 + r.nextInt(3000) : Long.MAX_VALUE;
      TierHarness.State want = TierHarness.run(code, seed, new TierHarness.Setup(false, 0, limit),
          false);
      TierHarness.Setup jitSetup = new TierHarness.Setup(true, threshold, limit);
      TierHarness.State got;
      try {
        got = TierHarness.run(code, seed, jitSetup, false);
      } catch (RuntimeException | AssertionError e) {
        // The JIT itself failed (a translator assertion): name the seed, as for a mismatch.
        throw new AssertionError("seed " + seed + ", " + jitSetup + ": " + e, e);
      }
      String d = want.diff(got);
      if (d != null) {
        fail("seed " + seed + ", " + jitSetup + ": " + d + " (interpreter: " + want.outcome
            + ", instret " + want.instret + ")");
      }
      compiledTotal += got.compiledUnits;
      if (!want.outcome.startsWith("exit")) {
        faulted++;
      }
    }
    // The comparison means something only if compiled code ran and traps happened.
    assertTrue(compiledTotal > programs, "too few units compiled: " + compiledTotal);
    assertTrue(faulted > 0, "no program trapped or hit its limit");
  }
}
