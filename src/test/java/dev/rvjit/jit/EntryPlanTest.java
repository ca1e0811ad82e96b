package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.interp.Block;
import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import dev.rvjit.testing.RawMachine;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Integer loops in a unit have one way in (so C2 sees reducible loops), yet the program still
 * runs right however the dispatcher enters; floating-point regions keep every block an entry.
 */
class EntryPlanTest {
  private static final long OUTER = RawMachine.CODE; // addi x7,x0,50 ... (falls into the body)
  private static final long INNER = RawMachine.CODE + 4; // addi x8; addi x7; bne x7 -> INNER
  private static final long LATCH = RawMachine.CODE + 16; // addi x6; bne x6 -> OUTER

  private static RawMachine nest(boolean withFp) {
    RawMachine m = new RawMachine(RawMachine.Tier.JIT, 2);
    m.reg(6, 300);
    m.code(Asm.encode(Opcode.ADDI, 7, 0, 0, 0, 0, 50));
    m.code(withFp ? Asm.encode(Opcode.FADD_D, 1, 1, 2, 0, 0, 0)
        : Asm.encode(Opcode.ADDI, 8, 8, 0, 0, 0, 1));
    m.code(Asm.encode(Opcode.ADDI, 7, 7, 0, 0, 0, -1));
    m.code(Asm.encode(Opcode.BNE, 0, 7, 0, 0, 0, -8));
    m.code(Asm.encode(Opcode.ADDI, 6, 6, 0, 0, 0, -1));
    m.code(Asm.encode(Opcode.BNE, 0, 6, 0, 0, 0, -20));
    return m;
  }

  @Test
  void aLoopNestHasOneEntryPerCycle() {
    RawMachine m = nest(false);
    RawMachine.Result r = m.runToExit();
    assertTrue(r.outcome.startsWith("exit"), r.outcome);
    assertEquals(300 * 50, r.x(8));
    Set<Long> cycle = Set.of(OUTER, INNER, LATCH);
    int checked = 0;
    for (Jit.Unit u : m.jit.units()) {
      List<Long> inUnit = u.regionBlocks.stream().map(b -> b.pc).filter(cycle::contains)
          .collect(Collectors.toList());
      if (inUnit.size() < 2) {
        continue;
      }
      checked++;
      long ways = u.entries.stream().filter(cycle::contains).count();
      assertEquals(1, ways, "unit at " + Long.toHexString(u.entryPc) + " has " + ways
          + " entries into one loop nest: " + hex(u.entries));
    }
    assertTrue(checked > 0, "no unit held the loop nest, so this test shows nothing");
  }

  @Test
  void floatingPointRegionsKeepEveryBlockAnEntry() {
    RawMachine m = nest(true);
    RawMachine.Result r = m.runToExit();
    assertTrue(r.outcome.startsWith("exit"), r.outcome);
    int checked = 0;
    for (Jit.Unit u : m.jit.units()) {
      if (u.regionBlocks.size() > 1) {
        checked++;
        for (Block b : u.regionBlocks) {
          assertTrue(u.entries.contains(b.pc), "block " + Long.toHexString(b.pc)
              + " is not an entry of unit " + Long.toHexString(u.entryPc));
        }
      }
    }
    assertTrue(checked > 0, "no unit with several blocks, so this test shows nothing");
  }

  /**
   * A loop that calls a function puts the function on a cycle of the unit (call, return, back
   * edge); it is an entry all the same, so a call from elsewhere runs the unit's code instead of
   * starting another unit there.
   */
  @Test
  void aFunctionTheLoopCallsIsAnEntry() {
    // The loop runs 50 passes before it starts calling, so that its unit starts at its head and
    // takes the call in when it grows (the function is then no unit's first block).
    long c = RawMachine.CODE;
    long function = c + 36;
    RawMachine m = new RawMachine(RawMachine.Tier.JIT, 2);
    m.code(Asm.encode(Opcode.ADDI, 6, 0, 0, 0, 0, 300));
    m.code(Asm.encode(Opcode.ADDI, 5, 0, 0, 0, 0, 250)); // loop
    m.code(Asm.encode(Opcode.BGE, 0, 6, 5, 0, 0, 8));
    m.code(Asm.jal(1, function - (c + 12))); // call
    m.code(Asm.encode(Opcode.ADDI, 6, 6, 0, 0, 0, -1));
    m.code(Asm.encode(Opcode.BNE, 0, 6, 0, 0, 0, -16));
    m.code(Asm.jal(1, function - (c + 24))); // once more, from outside the loop
    m.code(Asm.encode(Opcode.ADDI, 17, 0, 0, 0, 0, 93));
    m.code(Asm.encode(Opcode.ECALL, 0, 0, 0, 0, 0, 0));
    m.code(Asm.encode(Opcode.ADDI, 8, 8, 0, 0, 0, 1)); // the function
    m.code(Asm.jalr(0, 1, 0));
    RawMachine.Result r = m.run(Long.MAX_VALUE);
    assertEquals("exit 0", r.outcome);
    assertEquals(250, r.x(8));
    int checked = 0;
    for (Jit.Unit u : m.jit.units()) {
      Set<Long> pcs = u.regionBlocks.stream().map(b -> b.pc).collect(Collectors.toSet());
      if (pcs.contains(function) && pcs.contains(c + 12) && u.entryPc != function) {
        checked++;
        assertTrue(u.entries.contains(function), "the called function is not an entry of unit "
            + Long.toHexString(u.entryPc) + ": " + hex(u.entries));
      }
    }
    assertTrue(checked > 0, "no unit held the loop and the function, so this test shows nothing");
  }

  private static String hex(Set<Long> pcs) {
    return pcs.stream().map(Long::toHexString).sorted().collect(Collectors.joining(","));
  }
}
