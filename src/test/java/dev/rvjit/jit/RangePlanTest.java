package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.interp.Block;
import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import dev.rvjit.jit.FpRanges.Decision;
import dev.rvjit.testing.RawMachine;
import java.util.BitSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A region's range plan ({@link RangePlan}) on a one-block loop: what the loop's head may assume
 * where the dispatcher enters it, and the decisions the emitter then steps through.
 */
class RangePlanTest {
  private static final long LOOP = RawMachine.CODE;

  /**
   * {@code loop: fmul.d f3,f1,f2; fadd.d f4,f4,f3; addi x7,x7,-1; bnez x7,loop}, run three times
   * in the interpreter so that its blocks have counts, as a region from the loop's block (the
   * exit after it comes in too).
   */
  private static Region loop() {
    RawMachine m = new RawMachine(RawMachine.Tier.INTERP);
    m.reg(7, 3);
    m.code(Asm.encode(Opcode.FMUL_D, 3, 1, 2, 0, 0, 0));
    m.code(Asm.encode(Opcode.FADD_D, 4, 4, 3, 0, 0, 0));
    m.code(Asm.encode(Opcode.ADDI, 7, 7, 0, 0, 0, -1));
    m.code(Asm.encode(Opcode.BNE, 0, 7, 0, 0, 0, -12));
    RawMachine.Result r = m.runToExit();
    assertTrue(r.outcome.startsWith("exit"), r.outcome);
    Block head = m.cache.get(LOOP);
    Region region = Region.select(head, m.cache, 96, null, Set.of());
    assertTrue(region.internalSuccessors(head).contains(LOOP), "the loop's back edge");
    return region;
  }

  @Test
  void theLoopAssumesItsInvariantsModerateAndItsRunningValueNothing() {
    Region region = loop();
    BitSet written = new BitSet(32);
    written.set(3);
    written.set(4);
    RangePlan plan = RangePlan.of(region, Set.of(LOOP), written);

    BitSet relied = new BitSet(32);
    relied.set(1);
    relied.set(2);
    relied.set(4); // f3 is written before the add reads it
    assertEquals(relied, plan.relied(LOOP));

    FpRanges.State in = plan.in(LOOP);
    for (int r : new int[] {1, 2}) {
      assertTrue(in.known(r), "f" + r);
      assertEquals(-FpRanges.MODERATE, in.lo[r]);
      assertEquals(FpRanges.MODERATE, in.hi[r]);
    }
    // The back edge brings a checked f4, but the dispatcher may bring anything.
    assertFalse(in.known(4));

    Block b = region.blocks.get(LOOP);
    FpRanges.State s = in.copy();
    BitSet checks = new BitSet(32);
    assertEquals(Decision.SAFE, plan.step(s, b, 0, checks)); // moderate x moderate
    assertEquals(-2 * FpRanges.MODERATE, s.lo[3]);
    assertEquals(2 * FpRanges.MODERATE, s.hi[3]);
    // The next pass's add relies on f4's range: the sum is checked rather than guarded.
    assertEquals(Decision.CHECK, plan.step(s, b, 1, checks));
    assertTrue(s.known(4));
    assertTrue(checks.isEmpty());
  }

  @Test
  void aRegisterTheRegionWritesIsNotAssumedAtTheEntry() {
    Region region = loop();
    BitSet written = new BitSet(32);
    written.set(1); // as if another block of the region wrote f1
    written.set(3);
    written.set(4);
    RangePlan plan = RangePlan.of(region, Set.of(LOOP), written);
    FpRanges.State in = plan.in(LOOP);
    assertFalse(in.known(1));
    assertTrue(in.known(2));
    FpRanges.State s = in.copy();
    assertEquals(Decision.CHECK, plan.step(s, region.blocks.get(LOOP), 0, new BitSet(32)));
  }
}
