package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import dev.rvjit.testing.RawMachine;
import org.junit.jupiter.api.Test;

/**
 * Compiled code computes and/or/xor on the low 32 bits where it has proved both operands
 * sign-extended 32-bit values ({@code Translator.planSext}). Where that is true along one path
 * only, it must use the 64-bit operation: each program here runs under both tiers, with a
 * threshold that lets the whole loop be decoded before it is compiled.
 */
class Sext32Test {
  private static final long WIDE = 0x1234_5678_9abc_def0L;

  /**
   * In a loop, the odd arm of an if leaves a0 a W-form result and the even arm a 64-bit sum; the
   * block where the arms join ors into a0, so it must not count a0 as sign-extended.
   */
  @Test
  void joinOfASext32PathAndAWidePathIsWide() {
    int[] code = {
      Asm.i(Opcode.ADDI, 14, 0, 6), //      a4 = 6
      Asm.jal(0, 4), //                    to 8 (so that 8, not 32, becomes hot first)
      Asm.i(Opcode.ANDI, 5, 14, 1), // 8:  t0 = a4 & 1
      Asm.beq(5, 0, 12), //                even: to 24
      Asm.i(Opcode.ADDIW, 10, 10, 7), //   odd: a0 = sext32(a0 + 7)
      Asm.jal(0, 12), //                   to 32
      Asm.r(Opcode.ADD, 10, 10, 13), // 24: even: a0 += a3 (64 bits)
      Asm.jal(0, 4), //                    to 32 (a block of its own: two ways into 32)
      Asm.i(Opcode.ORI, 15, 10, 3), // 32: a5 = a0 | 3
      Asm.r(Opcode.ADD, 12, 12, 15), //    a2 += a5
      Asm.i(Opcode.ADDI, 14, 14, -1),
      Asm.bne(14, 0, -36), //              to 8
    };
    RawMachine.Result[] r = TwoTiers.run(code, m -> m.reg(10, WIDE).reg(13, 0x1_0000_0001L), 3);
    assertEquals(expectedA2(), r[1].x(12));
  }

  /** A loop-carried value that stays sign-extended on every path: the 32-bit forms are used. */
  @Test
  void sext32ValuesAroundALoopStayExact() {
    int[] code = {
      Asm.i(Opcode.ADDI, 14, 0, 40), //    a4 = 40
      Asm.i(Opcode.ADDIW, 10, 10, 0), //   a0 = sext32(a0)
      Asm.i(Opcode.SLLIW, 5, 10, 7), // 8: t0 = a0 <<w 7
      Asm.i(Opcode.SRLIW, 6, 10, 25), //   t1 = a0 >>>w 25
      Asm.r(Opcode.OR, 10, 5, 6), //       a0 = rotl32(a0, 7), sign-extended
      Asm.r(Opcode.XOR, 10, 10, 14), //    a0 ^= a4 (a small count)
      Asm.i(Opcode.XORI, 10, 10, -1), //   a0 = ~a0
      Asm.r(Opcode.AND, 12, 10, 11), //    a2 = a0 & a1 (a1 is wide: 64 bits)
      Asm.i(Opcode.ADDI, 14, 14, -1),
      Asm.bne(14, 0, -28), //              to 8
    };
    RawMachine.Result[] r = TwoTiers.run(code, m -> m.reg(10, WIDE).reg(11, WIDE), 3);
    int a = (int) WIDE;
    for (int n = 40; n > 0; n--) {
      a = ~(Integer.rotateLeft(a, 7) ^ n);
    }
    assertEquals(a, r[1].x(10));
    assertEquals(a & WIDE, r[1].x(12));
  }

  private static long expectedA2() {
    long a0 = WIDE;
    long a2 = 0;
    for (long a4 = 6; a4 > 0; a4--) {
      a0 = (a4 & 1) != 0 ? (int) (a0 + 7) : a0 + 0x1_0000_0001L;
      a2 += a0 | 3;
    }
    return a2;
  }
}
