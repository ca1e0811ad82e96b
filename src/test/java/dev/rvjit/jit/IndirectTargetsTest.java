package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.interp.Block;
import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import dev.rvjit.testing.RawMachine;
import org.junit.jupiter.api.Test;

/**
 * An indirect jump with many targets (a bytecode interpreter's switch) stays inside its unit for
 * every target the interpreter saw, up to {@link Block#MAX_TARGETS}: the loop below runs through
 * twelve handlers and must not leave compiled code for them.
 */
class IndirectTargetsTest {
  private static final int HANDLERS = 12;
  private static final int ROUNDS = 3000;

  @Test
  void switchOverTwelveHandlersStaysInOneUnit() {
    assertTrue(Block.MAX_TARGETS >= HANDLERS, "the test needs the interpreter to keep 12");
    RawMachine m = new RawMachine(RawMachine.Tier.JIT, 50);
    m.reg(10, ROUNDS).reg(7, HANDLERS);
    m.code(
        Asm.auipc(8, 0), //                   0: s0 = this pc
        Asm.i(Opcode.ADDI, 8, 8, 36), //      4: s0 = the first handler
        Asm.r(Opcode.REMU, 5, 11, 7), //      8: t0 = a1 % 12
        Asm.i(Opcode.SLLI, 5, 5, 3), //      12: eight bytes a handler
        Asm.r(Opcode.ADD, 5, 5, 8), //       16:
        Asm.jalr(0, 5, 0), //                20: to handler t0
        Asm.i(Opcode.ADDI, 11, 11, 1), //    24: a1++
        Asm.blt(11, 10, -20), //             28: to 8 while a1 < a0
        Asm.jal(0, 4 + 8 * HANDLERS)); //    32: past the handlers
    for (int k = 0; k < HANDLERS; k++) { //  36 + 8k: a2 += k + 1, back to 24
      m.code(Asm.i(Opcode.ADDI, 12, 12, k + 1), Asm.jal(0, -(16 + 8 * k)));
    }
    RawMachine.Result r = m.runToExit();
    long sum = 0;
    for (int i = 0; i < ROUNDS; i++) {
      sum += i % HANDLERS + 1;
    }
    assertEquals("exit 0", r.outcome.replaceAll("exit \\d+", "exit 0"));
    assertEquals(sum, r.x(12));
    // Compiled once the loop is hot, the unit holds the loop and all twelve handlers: it is
    // entered a few times, not once for most of the 3,000 rounds.
    assertTrue(m.jit.unitEntries() < 20, m.jit.unitEntries() + " unit entries");
  }
}
