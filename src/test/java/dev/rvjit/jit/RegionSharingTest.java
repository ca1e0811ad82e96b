package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.cpu.Hart;
import dev.rvjit.interp.Block;
import dev.rvjit.interp.CompiledCode;
import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Insn;
import dev.rvjit.isa.Opcode;
import dev.rvjit.testing.RawMachine;
import org.junit.jupiter.api.Test;

/**
 * A region leaves a block where another live unit is entered to that unit, unless the block lies
 * on one of the region's cycles (then a loop through it stays in one method); a grown unit keeps
 * the blocks it had.
 */
class RegionSharingTest {
  private static final long E = RawMachine.CODE; // addi x9,x9,1 ; jal x0,X
  private static final long X = RawMachine.CODE + 8; // addi x10,x10,1 ; ecall, or jal x0,E

  /** E jumps to X; X ends the program, or with {@code loop} jumps back to E. */
  private static RawMachine machine(boolean loop) {
    RawMachine m = new RawMachine(RawMachine.Tier.INTERP);
    m.code(Asm.encode(Opcode.ADDI, 9, 9, 0, 0, 0, 1), Asm.encode(Opcode.JAL, 0, 0, 0, 0, 0, 4));
    m.code(Asm.encode(Opcode.ADDI, 10, 10, 0, 0, 0, 1),
        loop ? Asm.encode(Opcode.JAL, 0, 0, 0, 0, 0, -12) : 0x00000073);
    m.run(0); // installs the code, runs nothing
    return m;
  }

  /** Another unit, entered at X (it is never run). */
  private static CompiledCode unit(boolean valid) {
    CompiledCode c = new CompiledCode(0, new Insn[0], new int[0], null) {
      @Override
      public int run(Hart h, long limit) {
        return -1;
      }
    };
    c.valid = valid;
    return c;
  }

  /** Selects the region grown from E, with X entered by {@code atX} (null: no unit). */
  private static Region select(boolean loop, CompiledCode atX, CompiledCode mine) {
    RawMachine m = machine(loop);
    Block e = m.cache.lookup(E);
    Block x = m.cache.lookup(X);
    e.count = 1000;
    x.count = 1000;
    x.compiled = atX;
    return Region.select(e, m.cache, Jit.INT_REGION_INSNS, mine, java.util.Set.of());
  }

  @Test
  void anotherUnitsEntryIsLeftToIt() {
    assertFalse(select(false, unit(true), null).contains(X));
  }

  @Test
  void aBlockWithoutAUnitIsTaken() {
    assertTrue(select(false, null, null).contains(X));
  }

  @Test
  void anInvalidatedUnitsEntryIsTaken() {
    assertTrue(select(false, unit(false), null).contains(X));
  }

  @Test
  void theReplacedUnitsOwnEntryIsTaken() {
    CompiledCode replaced = unit(true);
    assertTrue(select(false, replaced, replaced).contains(X));
  }

  /**
   * A grown unit keeps its blocks: X was re-armed when the unit took it in (count 0, its entries
   * moved to earlierCount) and the interpreter has not run it since.
   */
  @Test
  void aGrownUnitKeepsABlockItsCounterLeftBehind() {
    RawMachine m = machine(false);
    Block e = m.cache.lookup(E);
    Block x = m.cache.lookup(X);
    e.count = 1000;
    x.earlierCount = 1000;
    x.count = 0;
    CompiledCode replaced = unit(true);
    assertFalse(Region.select(e, m.cache, Jit.INT_REGION_INSNS, replaced, java.util.Set.of())
        .contains(X), "a block that stopped counting looks cold to a new region");
    assertTrue(Region.select(e, m.cache, Jit.INT_REGION_INSNS, replaced, java.util.Set.of(E, X))
        .contains(X));
  }

  @Test
  void anEntryOnTheRegionsLoopIsTaken() {
    assertTrue(select(true, unit(true), null).contains(X));
  }
}
