package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import dev.rvjit.testing.RawMachine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs of double adds and subtracts that the JIT checks as one ({@code Translator.sumRun}, {@code
 * FpInline.emitSumRun}): whatever one of them makes (an overflow, an invalid operation, a NaN
 * operand, an exact tiny result), and in any rounding mode or with NX clear, registers, fflags
 * and instret are the interpreter's; sums that read or rewrite an earlier one's result are not
 * taken into a run.
 */
class FpSumRunTest {
  private static final int DYN = 7;
  private static final long SNAN = 0x7ff0000000000001L;
  private static final double MAX = Double.MAX_VALUE;

  private static int fp(Opcode op, int rd, int rs1, int rs2, int rm) {
    return Asm.encode(op, rd, rs1, rs2, 0, rm, 0);
  }

  /** Three independent sums: f10 = f1 - f2, f11 = f3 + f4, f12 = f5 - f6. */
  private static final int[] INDEPENDENT = {
    fp(Opcode.FSUB_D, 10, 1, 2, DYN), fp(Opcode.FADD_D, 11, 3, 4, DYN),
    fp(Opcode.FSUB_D, 12, 5, 6, 0),
  };
  /** The second reads the first's result; the third rewrites the first's register. */
  private static final int[] DEPENDENT = {
    fp(Opcode.FADD_D, 10, 1, 2, DYN), fp(Opcode.FADD_D, 11, 10, 3, DYN),
    fp(Opcode.FSUB_D, 10, 5, 6, DYN),
  };

  @Test
  void runsAgreeWithTheInterpreter() {
    long[][] operands = {
      bits(1.5, 0.25, 3.0, -7.0, 1e10, 3.0), // the common case: every sum in the run's fast path
      bits(1.5, 0.25, MAX, MAX, 1e10, 3.0), // the second overflows
      bits(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1.0, 2.0, 1.0, 2.0), // inf - inf
      {Double.doubleToRawLongBits(1.0), 2, 3, 4, SNAN, 5}, // subnormals; a signalling NaN
      bits(1e-308, 0.5e-308, -MAX, MAX, 1.0, 1.0), // an exact tiny result; a cancellation
      bits(MAX, -MAX, MAX / 2, MAX / 2, -MAX, MAX / 2), // each finite, their sum overflows
    };
    int cases = 0;
    for (int[] code : new int[][] {INDEPENDENT, DEPENDENT}) {
      for (long[] ops : operands) {
        for (int fflags : new int[] {0, 1}) { // NX clear: the runs' fast path does not apply
          for (int frm : new int[] {0, 1}) { // round towards zero: nor does it
            List<String> got = new ArrayList<>();
            for (RawMachine.Tier tier : RawMachine.Tier.values()) {
              got.add(run(tier, code, ops, fflags, frm));
            }
            assertEquals(got.get(0), got.get(1), "case " + cases);
            cases++;
          }
        }
      }
    }
    assertEquals(2 * 6 * 4, cases);
  }

  /**
   * Without the range analysis every sum is LEGACY, so a run could take in a sum that reads an
   * earlier one's result (with it, that read makes the earlier one a CHECK): here the unit's
   * {@code f1 * f1} overflows on every pass, so after 64 range misses it is made again without
   * the analysis, and {@code f11 = f10 + f3} must still see this pass's {@code f10}. f1 changes
   * on every pass, so last pass's f10 would give another f11.
   */
  @Test
  void withoutTheAnalysisASumThatReadsAnEarlierOneIsNotInItsRun() {
    int[] code = {
      Asm.encode(Opcode.FMV_D_X, 1, 15, 0, 0, 0, 0), //       f1 = x15
      Asm.encode(Opcode.FMV_D_X, 2, 16, 0, 0, 0, 0),
      Asm.encode(Opcode.FMV_D_X, 3, 17, 0, 0, 0, 0),
      fp(Opcode.FADD_D, 10, 1, 2, DYN), //                     f10 = f1 + f2
      fp(Opcode.FADD_D, 11, 10, 3, DYN), //                    f11 = f10 + f3
      fp(Opcode.FSUB_D, 12, 2, 3, DYN), //                     f12 = f2 - f3
      fp(Opcode.FMUL_D, 13, 1, 1, DYN), //                     f13 = f1 * f1 (overflows)
      fp(Opcode.FADD_D, 14, 13, 13, DYN), //                   f14 = f13 + f13
      Asm.i(Opcode.ADDI, 15, 15, 1), //                        x15 += 1 (f1 one ulp up)
      Asm.i(Opcode.ADDI, 14, 14, -1),
      Asm.bne(14, 0, -40),
    };
    List<String> got = new ArrayList<>();
    for (RawMachine.Tier tier : RawMachine.Tier.values()) {
      RawMachine m = new RawMachine(tier, 1);
      m.reg(14, 200).reg(15, Double.doubleToRawLongBits(1e200))
          .reg(16, Double.doubleToRawLongBits(1.0)).reg(17, Double.doubleToRawLongBits(3.0));
      m.hart.fflags = 1;
      m.code(code);
      RawMachine.Result r = m.runToExit();
      assertTrue(r.outcome.startsWith("exit"), r.outcome);
      got.add(String.format("f10=%x f11=%x f12=%x f14=%x fflags=%d instret=%d", r.hart.f[10],
          r.hart.f[11], r.hart.f[12], r.hart.f[14], r.hart.fflags, r.hart.instret));
    }
    assertEquals(got.get(0), got.get(1));
  }

  private static long[] bits(double... v) {
    long[] b = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Double.doubleToRawLongBits(v[i]);
    }
    return b;
  }

  /**
   * The sums in a loop of 3, compiled before their first run. Their operands come from x15..x20
   * through fmv.d.x in the loop, so that the range analysis knows nothing of them (registers the
   * region only reads would be assumed moderate, and their sums need no guard at all).
   */
  private static String run(RawMachine.Tier tier, int[] sums, long[] ops, int fflags, int frm) {
    RawMachine m = new RawMachine(tier, 1);
    m.reg(14, 3);
    for (int r = 1; r <= 6; r++) {
      m.reg(14 + r, ops[r - 1]);
    }
    m.hart.fflags = fflags;
    m.hart.frm = frm;
    int[] code = new int[6 + sums.length + 2];
    for (int r = 1; r <= 6; r++) {
      code[r - 1] = Asm.encode(Opcode.FMV_D_X, r, 14 + r, 0, 0, 0, 0);
    }
    System.arraycopy(sums, 0, code, 6, sums.length);
    code[6 + sums.length] = Asm.i(Opcode.ADDI, 14, 14, -1);
    code[6 + sums.length + 1] = Asm.bne(14, 0, -4 * (6 + sums.length + 1));
    m.code(code);
    RawMachine.Result r = m.runToExit();
    assertTrue(r.outcome.startsWith("exit"), r.outcome);
    return String.format("f10=%x f11=%x f12=%x fflags=%d instret=%d", r.hart.f[10],
        r.hart.f[11], r.hart.f[12], r.hart.fflags, r.hart.instret);
  }
}
