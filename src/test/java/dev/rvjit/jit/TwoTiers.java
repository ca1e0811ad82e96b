package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.testing.RawMachine;
import java.util.function.Consumer;

/** Runs one hand-written program under both tiers and checks that they end the same way. */
final class TwoTiers {
  private TwoTiers() {}

  /**
   * Runs {@code code} (then exit) under the interpreter and under the JIT with {@code threshold};
   * both must end the same way with the same registers, instret, pc and data, and the JIT must
   * have compiled something. Returns {interpreter, JIT}.
   */
  static RawMachine.Result[] run(int[] code, Consumer<RawMachine> setup, long threshold) {
    return run(code, setup, threshold, true);
  }

  /**
   * {@link #run(int[], Consumer, long)}; {@code mustCompile} false lets a program end (or fault)
   * before the JIT compiled anything (generated programs).
   */
  static RawMachine.Result[] run(int[] code, Consumer<RawMachine> setup, long threshold,
      boolean mustCompile) {
    return run(code, setup, threshold, mustCompile, Long.MAX_VALUE);
  }

  /** {@link #run(int[], Consumer, long, boolean)}, stopping both tiers after {@code limit}. */
  static RawMachine.Result[] run(int[] code, Consumer<RawMachine> setup, long threshold,
      boolean mustCompile, long limit) {
    RawMachine.Result[] r = new RawMachine.Result[2];
    byte[][] data = new byte[2][];
    for (int t = 0; t < 2; t++) {
      RawMachine m =
          new RawMachine(t == 0 ? RawMachine.Tier.INTERP : RawMachine.Tier.JIT, threshold);
      setup.accept(m);
      m.code(code);
      m.code(0x05d00893, 0x00000073); // addi a7,x0,93 ; ecall (as runToExit)
      r[t] = m.run(limit);
      data[t] = new byte[RawMachine.DATA_SIZE];
      for (int i = 0; i < data[t].length; i++) {
        data[t][i] = m.mem.peek(RawMachine.DATA + i);
      }
      if (t == 1 && mustCompile) {
        assertTrue(m.jit.unitsCompiled() > 0, "the code ran as compiled code");
      }
    }
    assertEquals(r[0].outcome, r[1].outcome);
    assertEquals(r[0].hart.instret, r[1].hart.instret, "instret");
    assertEquals(r[0].hart.pc, r[1].hart.pc, "pc");
    for (int i = 0; i < 32; i++) {
      assertEquals(r[0].x(i), r[1].x(i), "x" + i);
    }
    assertArrayEquals(data[0], data[1], "data");
    return r;
  }

  /**
   * Runs {@code code} (then exit) under the JIT with threshold 2 and the class files kept; true if
   * one of the units made names {@code text} (a method it calls, such as a range test).
   */
  static boolean anyUnitMentions(int[] code, Consumer<RawMachine> setup, String text) {
    RawMachine m = new RawMachine(RawMachine.Tier.JIT, 2);
    m.jit.keepClassBytes(true);
    setup.accept(m);
    m.code(code);
    m.runToExit();
    for (Jit.Unit u : m.jit.units()) {
      if (new String(u.classBytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains(text)) {
        return true;
      }
    }
    return false;
  }
}
