package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import dev.rvjit.testing.RawMachine;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A block that is nothing but a system instruction (here an ecall that a branch jumps to) has no
 * code a unit could run: compiled code leaves just before it, so it must never be published as a
 * unit entry, or the dispatcher would enter the unit there, leave at once at the same pc, and go
 * round for ever without retiring an instruction.
 */
class SystemBlockEntryTest {
  @Test
  void branchToALoneEcallRunsTheEcall() {
    int[] code = {
      Asm.i(Opcode.ADDI, 17, 0, 1000), //  0: a7 = an unknown system call (returns -ENOSYS)
      Asm.i(Opcode.ADDI, 6, 0, 8), //      4: t1 = 8 rounds
      Asm.i(Opcode.ADDI, 5, 0, 20), //     8: t0 = 20
      Asm.i(Opcode.ADDI, 5, 5, -1), //    12: inner loop
      Asm.bne(5, 0, -4), //               16: to 12
      Asm.beq(0, 0, 4), //                20: to 24, so the ecall is a block of its own
      0x00000073, //                      24: ecall
      Asm.i(Opcode.ADDI, 6, 6, -1), //    28:
      Asm.bne(6, 0, -24), //              32: to 8
    };
    RawMachine.Result[] r = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> TwoTiers.run(code, m -> { }, 3));
    assertEquals(-38, r[1].x(10));
  }
}
