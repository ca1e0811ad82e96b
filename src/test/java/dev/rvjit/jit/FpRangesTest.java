package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Decoder;
import dev.rvjit.isa.Insn;
import dev.rvjit.isa.Opcode;
import dev.rvjit.jit.FpRanges.Decision;
import dev.rvjit.testing.RawMachine;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/**
 * The range analysis of double-precision code ({@link FpRanges}): its decisions, and compiled
 * code that uses them agreeing with the interpreter (values, fflags, instret) when values stay in
 * range, when they leave it (the unit leaves at the instruction, and after enough misses is made
 * again without the analysis) and when flags must be raised on the way.
 */
class FpRangesTest {
  private static final int RNE = 0;
  private static final int DYN = 7;

  private static Insn fp(Opcode op, int rd, int rs1, int rs2, int rm) {
    return Decoder.decode(0x1000, Asm.encode(op, rd, rs1, rs2, 0, rm, 0));
  }

  @Test
  void unknownOperandsAreCheckedAndTheResultBecomesModerate() {
    FpRanges.State s = FpRanges.State.unknown();
    assertEquals(Decision.CHECK, FpRanges.step(s, fp(Opcode.FMUL_D, 3, 1, 2, DYN)));
    assertTrue(s.known(3));
    assertEquals(-FpRanges.MODERATE, s.lo[3]);
    assertEquals(FpRanges.MODERATE, s.hi[3]);
    assertFalse(s.known(1));
  }

  /**
   * A sum with an unknown operand is checked only when a later ranged instruction relies on its
   * range; otherwise it keeps the inline guard (LEGACY: Fpu when the guard fails) and its register
   * is unknown after it.
   */
  @Test
  void aResultNothingReliesOnKeepsItsOwnGuard() {
    Insn[] block = {fp(Opcode.FSUB_D, 3, 1, 2, DYN)};
    BitSet checks = new BitSet(32);
    FpRanges.State s = FpRanges.State.unknown();
    s.setModerate(2, false);
    assertEquals(Decision.LEGACY, FpRanges.step(s, block, 0, 1, checks, r -> false, r -> false));
    assertFalse(s.known(3));
    assertTrue(checks.isEmpty());
    FpRanges.State t = FpRanges.State.unknown();
    t.setModerate(2, false);
    assertEquals(Decision.CHECK, FpRanges.step(t, block, 0, 1, checks, r -> false, r -> r == 3));
    assertTrue(t.known(3));
  }

  @Test
  void productsOfModerateValuesAreSafeUntilTheyCouldLeaveTheNormalRange() {
    FpRanges.State s = FpRanges.State.unknown();
    s.setModerate(1, false);
    s.setModerate(2, false);
    assertEquals(Decision.SAFE, FpRanges.step(s, fp(Opcode.FMUL_D, 3, 1, 2, RNE))); // 2^±600
    assertEquals(Decision.SAFE, FpRanges.step(s, fp(Opcode.FMUL_D, 4, 3, 1, RNE))); // 2^±900
    assertEquals(Decision.CHECK, FpRanges.step(s, fp(Opcode.FMUL_D, 5, 4, 1, RNE))); // 2^±1200
    assertEquals(Decision.CHECK, FpRanges.step(s, fp(Opcode.FDIV_D, 6, 1, 4, RNE))); // 2^±1200
    assertEquals(Decision.SAFE, FpRanges.step(s, fp(Opcode.FADD_D, 7, 3, 4, RNE))); // < 2^901
  }

  @Test
  void aSumOfSquaresIsNonNegativeSoItsSquareRootIsSafe() {
    FpRanges.State s = FpRanges.State.unknown();
    s.setModerate(1, false);
    s.setModerate(2, false);
    assertEquals(Decision.SAFE, FpRanges.step(s, fp(Opcode.FMUL_D, 3, 1, 1, RNE)));
    assertEquals(Decision.SAFE, FpRanges.step(s, fp(Opcode.FMUL_D, 4, 2, 2, RNE)));
    assertEquals(Decision.SAFE, FpRanges.step(s, fp(Opcode.FADD_D, 5, 3, 4, RNE)));
    assertTrue(s.nonneg[5]);
    assertEquals(Decision.SAFE, FpRanges.step(s, fp(Opcode.FSQRT_D, 6, 5, 0, RNE)));
    // A difference may be negative: its square root is checked.
    assertEquals(Decision.SAFE, FpRanges.step(s, fp(Opcode.FSUB_D, 7, 3, 4, RNE)));
    assertEquals(Decision.CHECK, FpRanges.step(s, fp(Opcode.FSQRT_D, 8, 7, 0, RNE)));
  }

  @Test
  void aDivisorThatMayBeZeroKeepsTheQuotientChecked() {
    FpRanges.State s = FpRanges.State.unknown();
    s.setModerate(1, false); // moderate values include zero
    s.setModerate(2, false);
    assertEquals(Decision.CHECK, FpRanges.step(s, fp(Opcode.FDIV_D, 3, 1, 2, RNE)));
  }

  @Test
  void directedRoundingAndOtherWritesForgetTheRegister() {
    FpRanges.State s = FpRanges.State.unknown();
    s.setModerate(1, false);
    s.setModerate(2, false);
    assertEquals(Decision.LEGACY, FpRanges.step(s, fp(Opcode.FMUL_D, 3, 1, 2, 1))); // rtz
    assertFalse(s.known(3));
    s.setModerate(3, false);
    assertEquals(Decision.LEGACY, FpRanges.step(s, fp(Opcode.FMADD_D, 3, 1, 2, RNE)));
    assertFalse(s.known(3));
  }

  @Test
  void anOperandSharedByLaterOperationsIsCheckedOnceInsteadOfEachResult() {
    Insn[] block = {
      fp(Opcode.FMUL_D, 10, 1, 5, RNE), // f5 unknown, read three times
      fp(Opcode.FMUL_D, 11, 2, 5, RNE),
      fp(Opcode.FMUL_D, 12, 3, 5, RNE),
    };
    FpRanges.State s = FpRanges.State.unknown();
    s.setModerate(1, false);
    s.setModerate(2, false);
    s.setModerate(3, false);
    BitSet checks = new BitSet();
    assertEquals(Decision.SAFE, FpRanges.step(s, block, 0, 3, checks, r -> false, r -> true));
    assertEquals(BitSet.valueOf(new long[] {1L << 5}), checks);
    assertEquals(Decision.SAFE, FpRanges.step(s, block, 1, 3, checks, r -> false, r -> true));
    assertTrue(checks.isEmpty());
    assertEquals(Decision.SAFE, FpRanges.step(s, block, 2, 3, checks, r -> false, r -> true));
  }

  @Test
  void aSumThatMayCancelIsCheckedWhenItFeedsAProduct() {
    Insn[] block = {fp(Opcode.FSUB_D, 3, 1, 2, RNE), fp(Opcode.FMUL_D, 4, 3, 3, RNE)};
    FpRanges.State s = FpRanges.State.unknown();
    s.setModerate(1, false);
    s.setModerate(2, false);
    BitSet checks = new BitSet();
    // Unchecked, the difference could be as small as a subnormal: its square would need a check.
    FpRanges.State t = s.copy();
    assertEquals(Decision.SAFE, FpRanges.step(t, block, 0, 2, checks, r -> false, r -> true));
    assertEquals(Decision.CHECK, FpRanges.step(t, block, 1, 2, checks, r -> false, r -> true));
    // Checked, the square is safe.
    assertEquals(Decision.CHECK, FpRanges.step(s, block, 0, 2, checks, r -> r == 3, r -> true));
    assertEquals(Decision.SAFE, FpRanges.step(s, block, 1, 2, checks, r -> false, r -> true));
  }

  /**
   * What an entry lets through must be what the block assumes: every value the entry test
   * accepts, over ranges and values around their edges, satisfies the state.
   */
  @Test
  void theEntryTestAcceptsOnlyValuesTheStateAllows() {
    int[][] ranges = {{-300, 300}, {-1074, 602}, {-600, 602}, {0, 64}, {-1021, 1023},
        {-1074, 1100}, {5, 5}};
    long[] edges = {0, 1, 0xfffffffffffffL, 0x8000000000000L};
    for (int[] lh : ranges) {
      for (int flags = 0; flags < 8; flags++) {
        FpRanges.State s = FpRanges.State.unknown();
        boolean zero = (flags & 1) != 0;
        boolean nz = (flags & 2) != 0;
        boolean nonneg = (flags & 4) != 0;
        s.set(1, lh[0], lh[1], zero, nz, nonneg);
        if (!s.known(1)) {
          continue;
        }
        int[] t = FpRanges.entryTest(s, 1);
        int accepted = 0;
        for (long sign = 0; sign < 2; sign++) {
          for (long e = 0; e < 2048; e++) {
            for (long m : edges) {
              double v = Double.longBitsToDouble(sign << 63 | e << 52 | m);
              if (!dev.rvjit.cpu.Fpu.inExponentRange(v, t[0], t[1], zero, nonneg)) {
                continue;
              }
              accepted++;
              double a = Math.abs(v);
              boolean ok = v == 0 ? zero
                  : nz && a >= Math.scalb(1.0, s.lo[1]) && a <= Math.scalb(1.0, s.hi[1])
                      && !(nonneg && v < 0);
              assertTrue(ok, v + " passed the entry test of " + java.util.Arrays.toString(lh)
                  + " flags " + flags);
            }
          }
        }
        if (nz && lh[0] < lh[1] - 1) {
          assertTrue(accepted > 0, "the range lets something through");
        }
      }
    }
  }

  @Test
  void joinAndWithin() {
    FpRanges.State a = FpRanges.State.top();
    FpRanges.State b = FpRanges.State.unknown();
    b.set(1, -10, 10, false, true, true);
    assertTrue(a.join(b));
    assertTrue(b.within(a));
    FpRanges.State c = FpRanges.State.unknown();
    c.set(1, -20, 5, true, true, false);
    assertFalse(c.within(a));
    assertTrue(a.join(c));
    assertEquals(-20, a.lo[1]);
    assertEquals(10, a.hi[1]);
    assertTrue(a.zero[1]);
    assertFalse(a.nonneg[1]);
    assertTrue(c.within(a));
    assertFalse(a.join(c));
  }

  // ------------------------------------------------------------------ under both tiers

  /**
   * A loop over f1 *= f2, with a sum, a quotient and a square root of f1: registers f1..f6, fflags
   * and instret must match the interpreter's after {@code n} iterations.
   */
  private static RawMachine.Result[] loop(double start, double factor, int n, int fflags) {
    int[] code = {
      Asm.i(Opcode.ADDI, 14, 14, 0), //                               a4 = n (set below)
      Asm.encode(Opcode.FMUL_D, 1, 1, 2, 0, DYN, 0), //           4:  f1 *= f2
      Asm.encode(Opcode.FADD_D, 4, 1, 3, 0, DYN, 0), //               f4 = f1 + f3
      Asm.encode(Opcode.FDIV_D, 5, 3, 1, 0, DYN, 0), //               f5 = f3 / f1
      Asm.encode(Opcode.FMUL_D, 7, 5, 5, 0, RNE, 0), //               f7 = f5 * f5
      Asm.encode(Opcode.FSQRT_D, 6, 7, 0, 0, DYN, 0), //              f6 = sqrt(f7)
      Asm.i(Opcode.ADDI, 14, 14, -1),
      Asm.bne(14, 0, -24), //                                         to 4
    };
    RawMachine.Result[] r = new RawMachine.Result[2];
    for (int t = 0; t < 2; t++) {
      RawMachine m = new RawMachine(t == 0 ? RawMachine.Tier.INTERP : RawMachine.Tier.JIT, 2);
      m.freg(1, Double.doubleToRawLongBits(start));
      m.freg(2, Double.doubleToRawLongBits(factor));
      m.freg(3, Double.doubleToRawLongBits(0.75));
      m.hart.fflags = fflags;
      m.reg(14, n);
      m.code(code);
      r[t] = m.runToExit();
      if (t == 1) {
        assertTrue(m.jit.unitsCompiled() > 0, "the loop ran as compiled code");
        lastJit = m.jit;
      }
    }
    assertEquals(r[0].outcome, r[1].outcome);
    assertEquals(r[0].hart.instret, r[1].hart.instret, "instret");
    assertEquals(r[0].hart.fflags, r[1].hart.fflags, "fflags");
    for (int i = 0; i < 32; i++) {
      assertEquals(r[0].hart.f[i], r[1].hart.f[i], "f" + i);
    }
    return r;
  }

  private static Jit lastJit;

  @Test
  void valuesThatStayInRangeRunCompiledWithoutMisses() {
    RawMachine.Result[] r = loop(1.0, 1.0000001, 5000, 0);
    assertEquals(1, r[1].hart.fflags, "NX only");
    assertEquals(0, lastJit.unitsWithoutRanges());
  }

  @Test
  void valuesThatUnderflowLeaveTheUnitAndItIsMadeAgainWithoutRanges() {
    // f1 halves down to subnormals and zero: UF, then OF and DZ in the quotient.
    RawMachine.Result[] r = loop(1.0, 0.5, 3000, 0);
    assertEquals(0xf, r[1].hart.fflags, "DZ, OF, UF and NX");
    assertTrue(lastJit.unitsWithoutRanges() > 0, "the unit kept missing and was made again");
  }

  /**
   * Products of loaded values (not known, so each result is checked): a product that underflows
   * to zero must leave the unit (UF is raised by the interpreter), one with a zero factor is exact.
   * Runs the loop {@code n} times over the pairs in memory; fflags and stores must match.
   */
  private static void loadedProducts(double a, double b, double c, double d, int n) {
    int[] code = {
      Asm.i(Opcode.FLD, 1, 10, 0), //                                 4 (0): f1 = x
      Asm.i(Opcode.FLD, 2, 10, 8), //                                     f2 = y
      Asm.encode(Opcode.FMUL_D, 3, 1, 2, 0, DYN, 0), //                  f3 = x * y
      Asm.store(Opcode.FSD, 3, 10, 16),
      Asm.i(Opcode.FLD, 4, 10, 24), //                                    f4 = z
      Asm.i(Opcode.FLD, 5, 10, 32), //                                    f5 = w
      Asm.encode(Opcode.FMUL_D, 6, 4, 5, 0, DYN, 0), //                  f6 = z * w
      Asm.store(Opcode.FSD, 6, 10, 40),
      Asm.i(Opcode.ADDI, 14, 14, -1),
      Asm.bne(14, 0, -36),
    };
    long[] got = new long[4];
    for (int t = 0; t < 2; t++) {
      // Threshold 1: compiled before it first runs, so the compiled code meets the first
      // underflow (flags are sticky: once the interpreter raised UF, a lost UF would not show).
      RawMachine m = new RawMachine(t == 0 ? RawMachine.Tier.INTERP : RawMachine.Tier.JIT, 1);
      m.reg(10, RawMachine.DATA).reg(14, n);
      m.mem.sd(RawMachine.DATA, Double.doubleToRawLongBits(a));
      m.mem.sd(RawMachine.DATA + 8, Double.doubleToRawLongBits(b));
      m.mem.sd(RawMachine.DATA + 24, Double.doubleToRawLongBits(c));
      m.mem.sd(RawMachine.DATA + 32, Double.doubleToRawLongBits(d));
      m.hart.fflags = 1; // NX set: the inline fast paths run from the start
      m.code(code);
      RawMachine.Result r = m.runToExit();
      got[2 * t] = r.hart.fflags;
      got[2 * t + 1] = m.mem.ld(RawMachine.DATA + 16) ^ 31 * m.mem.ld(RawMachine.DATA + 40);
      assertTrue(r.outcome.startsWith("exit"), r.outcome);
    }
    assertEquals(got[0], got[2], "fflags");
    assertEquals(got[1], got[3], "stored products");
  }

  /**
   * An entry block with no FP code before a loop that both reads f8 and writes it: the value the
   * dispatcher brings in f8 (here tiny) reaches the loop's first product unchecked, so the loop
   * may not assume only what its own back edge leaves in f8 (moderate). Found by the tier fuzzer
   * (seed 6007578), where the translator's consistency check stopped the unit.
   */
  @Test
  void aValueBroughtToAnEntryWithoutFpCodeIsNotAssumedFromTheLoopAfterIt() {
    int[] code = {
      Asm.i(Opcode.ADDI, 14, 14, -1), //                        0: a loop without FP code
      Asm.bne(14, 0, -4),
      Asm.encode(Opcode.FMUL_D, 16, 7, 8, 0, DYN, 0), //         8: f16 = f7 * f8
      Asm.r(Opcode.FSGNJX_D, 8, 30, 30), //                        f8 = |f30| (moderate)
      Asm.i(Opcode.ADDI, 15, 15, -1),
      Asm.bne(15, 0, -12),
    };
    long[][] got = new long[2][];
    for (int t = 0; t < 2; t++) {
      RawMachine m = new RawMachine(t == 0 ? RawMachine.Tier.INTERP : RawMachine.Tier.JIT, 1);
      m.reg(14, 3).reg(15, 4);
      m.hart.f[7] = Double.doubleToRawLongBits(1.0000001);
      m.hart.f[8] = Double.doubleToRawLongBits(0x1p-1060); // f7 * f8: subnormal, inexact: UF
      m.hart.f[30] = Double.doubleToRawLongBits(1.0);
      m.hart.fflags = 1; // NX set: the inline fast paths run from the start
      m.code(code);
      RawMachine.Result r = m.runToExit();
      assertTrue(r.outcome.startsWith("exit"), r.outcome);
      got[t] = new long[] {r.hart.fflags, r.hart.f[16], r.hart.f[8], r.hart.instret};
    }
    assertEquals(3, got[0][0], "the interpreter raises UF (and NX)");
    assertEquals(java.util.Arrays.toString(got[0]), java.util.Arrays.toString(got[1]),
        "fflags, f16, f8, instret");
  }

  @Test
  void aProductThatUnderflowsToZeroIsNotTakenForAnExactZero() {
    loadedProducts(0x1p-600, 0x1p-600, 0.0, 5.0, 10); // 2^-1200 rounds to 0: UF
    loadedProducts(0.0, 5.0, -0.0, 3.0, 10); // exact zeros: no flag
    loadedProducts(0x1p-540, 0x1p-540, 1e300, 1e300, 10); // UF, and OF
  }

  /**
   * Random loops of double arithmetic over values drawn around the analysis' limits (moderate
   * values, the edges of 2^±300, products reaching 2^±600 and 2^±900, zeros of both signs, small
   * integers, a few values far outside and subnormals), compiled before their first run: f
   * registers, fflags and instret must match the interpreter's. Seeded; {@code
   * -Drvjit.fpranges.programs=N} runs more.
   */
  @Test
  void randomLoopsAroundTheLimitsAgreeWithTheInterpreter() {
    int programs = Integer.getInteger("rvjit.fpranges.programs", 300);
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(
        Long.getLong("rvjit.fpranges.seed", 20261206L));
    Opcode[] ops = {Opcode.FADD_D, Opcode.FSUB_D, Opcode.FMUL_D, Opcode.FMUL_D, Opcode.FDIV_D,
      Opcode.FSQRT_D, Opcode.FSGNJ_D, Opcode.FSGNJN_D, Opcode.FSGNJX_D, Opcode.FMV_D_X,
      Opcode.FCVT_D_L, Opcode.FMADD_D};
    for (int p = 0; p < programs; p++) {
      int len = 3 + rnd.nextInt(12);
      int[] code = new int[len + 2];
      for (int k = 0; k < len; k++) {
        Opcode op = ops[rnd.nextInt(ops.length)];
        int rd = 1 + rnd.nextInt(8);
        int rs1 = 1 + rnd.nextInt(8);
        int rs2 = rnd.nextInt(4) == 0 ? rs1 : 1 + rnd.nextInt(8);
        int rm = rnd.nextInt(8) == 0 ? 1 : rnd.nextBoolean() ? RNE : DYN;
        switch (op) {
          case FSGNJ_D: case FSGNJN_D: case FSGNJX_D:
            code[k] = Asm.encode(op, rd, rs1, rs2, 0, 0, 0);
            break;
          case FMV_D_X:
            code[k] = Asm.encode(op, rd, 0, 0, 0, 0, 0);
            break;
          case FCVT_D_L:
            code[k] = Asm.encode(op, rd, 14, 0, 0, rm, 0); // the loop counter
            break;
          case FSQRT_D:
            code[k] = Asm.encode(op, rd, rs1, 0, 0, rm, 0);
            break;
          case FMADD_D:
            code[k] = Asm.encode(op, rd, rs1, rs2, 1 + rnd.nextInt(8), rm, 0);
            break;
          default:
            code[k] = Asm.encode(op, rd, rs1, rs2, 0, rm, 0);
        }
      }
      code[len] = Asm.i(Opcode.ADDI, 14, 14, -1);
      code[len + 1] = Asm.bne(14, 0, -4L * (len + 1));
      long[] init = new long[9];
      for (int r = 1; r <= 8; r++) {
        init[r] = Double.doubleToRawLongBits(operand(rnd));
      }
      int n = 1 + rnd.nextInt(40);
      int fflags = rnd.nextInt(3) == 0 ? 0 : 1;
      RawMachine.Result[] r = new RawMachine.Result[2];
      for (int t = 0; t < 2; t++) {
        RawMachine m = new RawMachine(t == 0 ? RawMachine.Tier.INTERP : RawMachine.Tier.JIT, 1);
        for (int f = 1; f <= 8; f++) {
          m.freg(f, init[f]);
        }
        m.reg(14, n);
        m.hart.fflags = fflags;
        m.code(code);
        r[t] = m.runToExit();
      }
      String what = "program " + p + " (" + len + " ops, " + n + " iterations)";
      assertEquals(r[0].outcome, r[1].outcome, what);
      assertEquals(r[0].hart.instret, r[1].hart.instret, what + ": instret");
      assertEquals(r[0].hart.fflags, r[1].hart.fflags, what + ": fflags");
      for (int f = 1; f <= 8; f++) {
        assertEquals(r[0].hart.f[f], r[1].hart.f[f], what + ": f" + f);
      }
    }
  }

  private static double operand(java.util.SplittableRandom rnd) {
    double sign = rnd.nextBoolean() ? 1 : -1;
    switch (rnd.nextInt(10)) {
      case 0: return sign * 0.0;
      case 1: return sign * (1 + rnd.nextInt(100));
      case 2: return sign * Math.scalb(1.0 + rnd.nextDouble(), 299 + rnd.nextInt(3) - 1);
      case 3: return sign * Math.scalb(1.0 + rnd.nextDouble(), -300 + rnd.nextInt(3) - 1);
      case 4: return sign * Math.scalb(1.0 + rnd.nextDouble(), rnd.nextInt(1200) - 600);
      case 5: return sign * Double.MIN_VALUE * (1 + rnd.nextInt(1000));
      case 6: return sign * Math.scalb(1.0, rnd.nextInt(2) == 0 ? 511 : -511);
      default: return sign * Math.scalb(1.0 + rnd.nextDouble(), rnd.nextInt(80) - 40);
    }
  }

  @Test
  void valuesThatOverflowAreExactToo() {
    loop(1.0, 3.0, 2000, 0);
    loop(-1e-300, 7.0, 1000, 1); // starts below the moderate range, NX already set
  }
}
