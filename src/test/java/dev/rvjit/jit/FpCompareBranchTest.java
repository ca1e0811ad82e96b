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
 * An FP compare followed by a beqz or bnez of its result, which the JIT emits as one decision
 * ({@code Translator.emitCompareBranch}): the branch goes the interpreter's way, the compare's
 * result register holds its 0 or 1 afterwards, and an unordered pair raises the interpreter's
 * flags, for feq, flt and fle in both precisions and both branch senses.
 */
class FpCompareBranchTest {
  private static final Opcode[] COMPARES = {
    Opcode.FEQ_D, Opcode.FLT_D, Opcode.FLE_D, Opcode.FEQ_S, Opcode.FLT_S, Opcode.FLE_S,
  };

  @Test
  void theFusedCompareAndBranchAgreeWithTheInterpreter() {
    double[][] pairs = {{1.0, 2.0}, {2.0, 1.0}, {1.5, 1.5}, {Double.NaN, 1.0}, {-0.0, 0.0}};
    int cases = 0;
    for (Opcode cmp : COMPARES) {
      boolean single = cmp.name().endsWith("_S");
      for (Opcode br : new Opcode[] {Opcode.BEQ, Opcode.BNE}) {
        for (boolean rdFirst : new boolean[] {true, false}) {
          for (double[] p : pairs) {
            List<String> got = new ArrayList<>();
            for (RawMachine.Tier tier : RawMachine.Tier.values()) {
              got.add(run(tier, cmp, br, rdFirst, bits(p[0], single), bits(p[1], single)));
            }
            assertEquals(got.get(0), got.get(1), cmp + " " + br + " " + p[0] + ", " + p[1]);
            cases++;
          }
        }
      }
    }
    assertEquals(COMPARES.length * 2 * 2 * pairs.length, cases);
  }

  private static long bits(double v, boolean single) {
    return single ? 0xffffffff00000000L | (Float.floatToRawIntBits((float) v) & 0xffffffffL)
        : Double.doubleToRawLongBits(v);
  }

  /** x5 = cmp(f1, f2); branch on x5 over "x6 = 7"; x7 = x5 + 100; run in a loop of 3. */
  private static String run(RawMachine.Tier tier, Opcode cmp, Opcode br, boolean rdFirst,
      long a, long b) {
    RawMachine m = new RawMachine(tier, 1); // compiled before its first run
    m.reg(14, 3).freg(1, a).freg(2, b);
    m.hart.fflags = 1; // NX set: the inline paths run from the start
    m.code(
        Asm.r(cmp, 5, 1, 2), //                                   0: x5 = f1 ? f2
        Asm.branch(br, rdFirst ? 5 : 0, rdFirst ? 0 : 5, 8), //    4: beqz/bnez x5, +8
        Asm.i(Opcode.ADDI, 6, 6, 7), //                            8: x6 += 7
        Asm.i(Opcode.ADDI, 7, 5, 100), //                         12: x7 = x5 + 100
        Asm.i(Opcode.ADDI, 14, 14, -1), //                        16
        Asm.bne(14, 0, -20)); //                                  20: back to 0
    RawMachine.Result r = m.runToExit();
    assertTrue(r.outcome.startsWith("exit"), r.outcome);
    return "x5=" + r.hart.x[5] + " x6=" + r.hart.x[6] + " x7=" + r.hart.x[7] + " fflags="
        + r.hart.fflags + " instret=" + r.hart.instret;
  }
}
