package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.interp.Block;
import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import dev.rvjit.testing.RawMachine;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A region's internal edges stay what they were when the translator first asked, although the
 * interpreter keeps recording indirect-jump targets while the unit is translated in the
 * background: the range and entry analyses and the emitted code must agree on them.
 */
class RegionEdgesTest {
  private static final long E = RawMachine.CODE; // jalr x0,0(x5)
  private static final long X = RawMachine.CODE + 4; // addi x10,x10,1 ; jal x0,Y
  private static final long Y = RawMachine.CODE + 12; // addi x11,x11,1 ; ecall

  @Test
  void aTargetRecordedDuringTranslationAddsNoEdge() {
    RawMachine m = new RawMachine(RawMachine.Tier.INTERP);
    m.code(Asm.jalr(0, 5, 0), Asm.i(Opcode.ADDI, 10, 10, 1), Asm.jal(0, 4),
        Asm.i(Opcode.ADDI, 11, 11, 1), 0x00000073);
    m.run(0); // installs the code, runs nothing
    Block e = m.cache.lookup(E);
    Block x = m.cache.lookup(X);
    Block y = m.cache.lookup(Y);
    e.count = 1000;
    x.count = 1000;
    y.count = 1000;
    e.indirectTargets = new long[] {X};
    Region r = Region.select(e, m.cache, Jit.INT_REGION_INSNS, null, java.util.Set.of());
    assertTrue(r.contains(X) && r.contains(Y), "the region holds E, X and Y");
    assertEquals(List.of(X), r.internalSuccessors(e));
    e.indirectTargets = new long[] {X, Y}; // the interpreter saw E jump to Y meanwhile
    assertEquals(List.of(X), r.internalSuccessors(e));
  }
}
