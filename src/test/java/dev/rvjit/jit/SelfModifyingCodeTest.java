package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import org.junit.jupiter.api.Test;

/**
 * A guest that rewrites the body of its own hot loop (then runs fence.i) must see the new code in
 * every tier: the store into a page of translated code drops the stale translation.
 */
class SelfModifyingCodeTest {
  /**
   * Pass 1 runs "addi a0,a0,1" 4 x 1250 times; then the program stores "addi a0,a0,2" over the
   * four body instructions, runs fence.i and makes pass 2. Expected a0 = 5000 + 10000.
   */
  static byte[] program() {
    int patched = Asm.i(Opcode.ADDI, 10, 10, 2);
    int[] words = {
      Asm.i(Opcode.ADDI, 10, 0, 0), //        0: a0 = 0
      Asm.i(Opcode.ADDI, 12, 0, 2), //        4: a2 = 2 passes
      Asm.i(Opcode.ADDI, 11, 0, 1250), //     8: pass: a1 = 1250
      Asm.i(Opcode.ADDI, 10, 10, 1), //      12: body (patched later)
      Asm.i(Opcode.ADDI, 10, 10, 1), //      16
      Asm.i(Opcode.ADDI, 10, 10, 1), //      20
      Asm.i(Opcode.ADDI, 10, 10, 1), //      24
      Asm.i(Opcode.ADDI, 11, 11, -1), //     28
      Asm.branch(Opcode.BNE, 11, 0, 12 - 32), // 32: loop
      Asm.i(Opcode.ADDI, 12, 12, -1), //     36
      Asm.branch(Opcode.BEQ, 12, 0, 84 - 40), // 40: both passes done: exit
      Asm.auipc(5, 0), //                    44: t0 = address 44
      Asm.i(Opcode.ADDI, 5, 5, 12 - 44), //  48: t0 = body
      Asm.lui(6, (patched + 0x800) & 0xfffff000L), // 52
      Asm.i(Opcode.ADDIW, 6, 6, ((patched & 0xfff) << 20) >> 20), // 56: t1 = new word
      Asm.store(Opcode.SW, 6, 5, 0), //      60
      Asm.store(Opcode.SW, 6, 5, 4), //      64
      Asm.store(Opcode.SW, 6, 5, 8), //      68
      Asm.store(Opcode.SW, 6, 5, 12), //     72
      Asm.encode(Opcode.FENCE_I, 0, 0, 0, 0, 0, 0), // 76
      Asm.jal(0, 8 - 80), //                 80: pass 2
      Asm.i(Opcode.ADDI, 17, 0, 93), //      84: exit(a0)
      Asm.encode(Opcode.ECALL, 0, 0, 0, 0, 0, 0), // 88
    };
    return bytes(words);
  }

  @Test
  void rewrittenHotLoopRunsNewCode() {
    byte[] code = program();
    for (TierHarness.Setup s : setups(50)) {
      TierHarness.State st = runExpecting(code, s, 15000);
      if (s.jit) {
        assertTrue(st.compiledUnits >= 2, s + ": the loop was compiled before and after the patch");
      }
    }
  }

  /**
   * A function reached through an indirect call is its own unit, which the caller's unit (and the
   * dispatcher's jump cache) link to. The program then rewrites the function ("addi a0,a0,1"
   * becomes "addi a0,a0,2") and calls it again: no link may lead to the stale unit. Expected a0 =
   * 100 + 200.
   */
  static byte[] linkedCalleeProgram() {
    int patched = Asm.i(Opcode.ADDI, 10, 10, 2);
    int[] words = {
      Asm.i(Opcode.ADDI, 10, 0, 0), //        0: a0 = 0
      Asm.i(Opcode.ADDI, 12, 0, 2), //        4: a2 = 2 passes
      Asm.i(Opcode.ADDI, 11, 0, 100), //      8: pass: a1 = 100 calls
      Asm.auipc(7, 0), //                    12: loop: t2 = 12
      Asm.i(Opcode.ADDI, 7, 7, 76 - 12), //  16: t2 = f
      Asm.i(Opcode.JALR, 1, 7, 0), //        20: call f
      Asm.i(Opcode.ADDI, 11, 11, -1), //     24
      Asm.branch(Opcode.BNE, 11, 0, 12 - 28), // 28: loop
      Asm.i(Opcode.ADDI, 12, 12, -1), //     32
      Asm.branch(Opcode.BEQ, 12, 0, 68 - 36), // 36: both passes done: exit
      Asm.auipc(5, 0), //                    40: t0 = 40
      Asm.i(Opcode.ADDI, 5, 5, 76 - 40), //  44: t0 = f
      Asm.lui(6, (patched + 0x800) & 0xfffff000L), // 48
      Asm.i(Opcode.ADDIW, 6, 6, ((patched & 0xfff) << 20) >> 20), // 52: t1 = new word
      Asm.store(Opcode.SW, 6, 5, 0), //      56
      Asm.encode(Opcode.FENCE_I, 0, 0, 0, 0, 0, 0), // 60
      Asm.jal(0, 8 - 64), //                 64: pass 2
      Asm.i(Opcode.ADDI, 17, 0, 93), //      68: exit(a0)
      Asm.encode(Opcode.ECALL, 0, 0, 0, 0, 0, 0), // 72
      Asm.i(Opcode.ADDI, 10, 10, 1), //      76: f (patched later)
      Asm.i(Opcode.JALR, 0, 1, 0), //        80: ret
    };
    return bytes(words);
  }

  @Test
  void rewrittenLinkedCalleeRunsNewCode() {
    byte[] code = linkedCalleeProgram();
    for (TierHarness.Setup s : setups(20)) {
      runExpecting(code, s, 300);
    }
  }

  /** The interpreter alone, the JIT compiling at once, and the JIT at {@code threshold}. */
  private static TierHarness.Setup[] setups(int threshold) {
    return new TierHarness.Setup[] {
      new TierHarness.Setup(false, 0, Long.MAX_VALUE),
      new TierHarness.Setup(true, 1, Long.MAX_VALUE),
      new TierHarness.Setup(true, threshold, Long.MAX_VALUE)
    };
  }

  /** Runs {@code code} and checks that it exits with {@code a0} = {@code a0}. */
  private static TierHarness.State runExpecting(byte[] code, TierHarness.Setup s, long a0) {
    TierHarness.State st = TierHarness.run(code, 1, s, true);
    assertEquals(a0, st.x[10], s + ": a0");
    assertEquals("exit " + (a0 & 0xff), st.outcome, s.toString());
    return st;
  }

  /** Instruction words as little-endian bytes. */
  private static byte[] bytes(int[] words) {
    byte[] code = new byte[words.length * 4];
    for (int k = 0; k < words.length; k++) {
      for (int i = 0; i < 4; i++) {
        code[4 * k + i] = (byte) (words[k] >>> (8 * i));
      }
    }
    return code;
  }
}
