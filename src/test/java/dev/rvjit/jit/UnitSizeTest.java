package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import dev.rvjit.testing.RawMachine;
import org.junit.jupiter.api.Test;

/** Regions over the bytecode cap are cut down; a single block over it still gets compiled. */
class UnitSizeTest {
  @Test
  void aSingleBlockOverTheSoftCapIsCompiledNotLeftToTheInterpreter() {
    RawMachine m = new RawMachine(RawMachine.Tier.JIT, 2);
    m.reg(6, 50);
    // One loop block of 61 CSR reads (each stores instret first: long bytecode), an FP move
    // (so the region has the FP caps, the smaller ones) and 2 more.
    int n = 62;
    for (int i = 0; i < n - 1; i++) {
      m.code(Asm.encode(Opcode.CSRRS, 5, 0, 0, 0, 0, 0xc02)); // rdinstret x5
    }
    m.code(Asm.encode(Opcode.FSGNJ_D, 1, 1, 1, 0, 0, 0)); // fmv.d f1,f1
    m.code(Asm.encode(Opcode.ADDI, 6, 6, 0, 0, 0, -1));
    m.code(Asm.encode(Opcode.BNE, 0, 6, 0, 0, 0, -4L * (n + 1)));
    RawMachine.Result r = m.runToExit();
    assertTrue(r.outcome.startsWith("exit"), r.outcome);
    assertEquals(0, r.hart.x[6], "the loop did not finish");
    assertEquals(0, m.jit.unitsRejected(), "the block was rejected");
    assertTrue(m.jit.unitsCompiled() > 0, "nothing compiled");
    assertTrue(m.jit.bytecodeBytes() > Jit.FP_CODE_BYTES,
        "the block is not over the soft cap, so this test shows nothing: "
            + m.jit.bytecodeBytes() + " bytes");
  }
}
