package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import dev.rvjit.memory.Memory;
import dev.rvjit.testing.RawMachine;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Loops whose accesses off a counter or an unchanged register are range-tested once where the
 * loop is entered ({@code LoopWindows}, {@code Memory.loopFast}). When the test says
 * no (a page that takes no stores ahead, an end the counter never meets), every access is tested
 * as before and faults exactly where the interpreter faults. Each program runs under both tiers
 * ({@link TwoTiers}), the JIT compiling the loop after two entries.
 */
class LoopWindowTest {
  private static final long DATA = RawMachine.DATA;
  private static final long PAGE = Memory.PAGE_SIZE;
  private static final int NE = Memory.LOOP_NE;
  private static final int BEFORE = Memory.LOOP_BEFORE;
  private static final int UP_TO = Memory.LOOP_UP_TO;
  private static final int UNSIGNED = Memory.LOOP_UNSIGNED;

  /** Copies 8-byte words from a0 to a1 until a0 reaches a3 (a0 is the counter, a1 steps too). */
  private static final int[] COPY = {
    Asm.ld(5, 10, 0),
    Asm.store(Opcode.SD, 5, 11, 0),
    Asm.i(Opcode.ADDI, 10, 10, 8),
    Asm.i(Opcode.ADDI, 11, 11, 8),
    Asm.bne(10, 13, -16),
  };

  private static Consumer<RawMachine> copy(long src, long dst, long end) {
    return m -> {
      m.reg(10, src).reg(11, dst).reg(13, end);
      byte[] b = new byte[(int) (end - src)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (i * 7 + 3);
      }
      m.mem.poke(src, b, 0, b.length);
    };
  }

  @Test
  void copyLoopTestsItsRangesOnceAndCopies() {
    RawMachine.Result[] r = TwoTiers.run(COPY, copy(DATA, DATA + 0x4000, DATA + 8 * 512), 2);
    assertTrue(r[1].outcome.startsWith("exit"), r[1].outcome);
    for (int i = 0; i < 8 * 512; i += 97) {
      assertEquals((byte) (i * 7 + 3), r[1].hart.mem.peek(DATA + 0x4000 + i), "byte " + i);
    }
    // The unit made for the loop asks Memory.loopFast where the loop is entered.
    assertTrue(TwoTiers.anyUnitMentions(COPY, copy(DATA, DATA + 0x4000, DATA + 8 * 512),
        "loopFast"), "a unit tests the loop's ranges at its entry");
  }

  /** The destination runs into a read-only page: the stores are tested one by one. */
  @Test
  void copyIntoReadOnlyPageFaultsAtTheFirstStoreThere() {
    long dst = DATA + 2 * PAGE - 8 * 100;
    Consumer<RawMachine> setup = copy(DATA, dst, DATA + 8 * 512).andThen(
        m -> m.mem.protect(DATA + 2 * PAGE, PAGE, Memory.PROT_READ));
    RawMachine.Result[] r = TwoTiers.run(COPY, setup, 2);
    assertTrue(r[1].outcome.contains("invalid write at address 0x202000"), r[1].outcome);
    assertEquals(DATA + 8 * 100, r[1].x(10), "100 words copied, the 101st store faulted");
  }

  /**
   * The end is not a whole number of steps away, so the counter passes it: the loop runs until a
   * store leaves the mapped data and faults there, in both tiers after the same instructions.
   */
  @Test
  void counterThatMissesItsEndRunsUntilTheFault() {
    long dst = DATA + 0x8000;
    RawMachine.Result[] r = TwoTiers.run(COPY, copy(DATA, dst, DATA + 8 * 64 + 4), 2);
    assertTrue(r[1].outcome.contains("invalid write at address 0x210000"), r[1].outcome);
    assertEquals(5 * 4096 + 1, r[1].hart.instret, "4096 passes, then the faulting store");
  }

  /**
   * A counter going down by 8 while unsigned-at-least 0 (always: it wraps around below zero)
   * while a1 walks up: the loop is not vouched for, and the store that leaves the data faults.
   */
  @Test
  void unsignedCounterThatWrapsIsNotVouchedFor() {
    int[] code = {
      Asm.store(Opcode.SD, 5, 11, 0),
      Asm.i(Opcode.ADDI, 11, 11, 8),
      Asm.i(Opcode.ADDI, 10, 10, -8),
      Asm.bgeu(10, 0, -12),
    };
    Consumer<RawMachine> setup = m -> m.reg(10, 85).reg(11, DATA + 0xf000).reg(5, 0x77);
    RawMachine.Result[] r = TwoTiers.run(code, setup, 2);
    assertTrue(r[1].outcome.contains("invalid write at address 0x210000"), r[1].outcome);
    assertEquals(512 * 4, r[1].hart.instret, "512 passes, then the store (first) faults");
  }

  /**
   * A loop counted down by blt x0, x30 (as the tier fuzzer's loops are) whose stores off a1 reach
   * a read-only page: not vouched for, the store there faults. And the same loop with room.
   */
  @Test
  void bltCountedLoopStoringIntoReadOnlyPageFaultsThere() {
    int[] code = {
      Asm.store(Opcode.SD, 5, 11, 0),
      Asm.i(Opcode.ADDI, 11, 11, 8),
      Asm.i(Opcode.ADDI, 30, 30, -1),
      Asm.blt(0, 30, -12),
    };
    Consumer<RawMachine> setup = m -> {
      m.reg(30, 600).reg(11, DATA + PAGE - 8 * 100).reg(5, 0x99);
      m.mem.protect(DATA + PAGE, PAGE, Memory.PROT_READ);
    };
    RawMachine.Result[] r = TwoTiers.run(code, setup, 2);
    assertTrue(r[1].outcome.contains("invalid write at address 0x201000"), r[1].outcome);
    assertEquals(100 * 4, r[1].hart.instret, "100 passes, then the store (first) faults");
    Consumer<RawMachine> room = m -> m.reg(30, 600).reg(11, DATA + PAGE).reg(5, 0x99);
    r = TwoTiers.run(code, room, 2);
    assertTrue(r[1].outcome.startsWith("exit"), r[1].outcome);
    assertEquals(DATA + PAGE + 8 * 600, r[1].x(11));
  }

  /** The arithmetic of Memory.loopFast on its own. */
  @Test
  void loopFastAnswersForEveryValueTheRegisterCanTake() {
    Memory mem = new Memory();
    mem.map(DATA, 4 * PAGE, Memory.PROT_READ | Memory.PROT_WRITE);
    mem.protect(DATA + 3 * PAGE, PAGE, Memory.PROT_READ);
    // 8 passes of 8 bytes from DATA: [DATA, DATA + 72) with one step of slack.
    assertTrue(mem.loopFast(DATA, 8, DATA, DATA + 64, 8, NE, 0, 8, true));
    // Stores reaching the read-only page: no; loads there: yes.
    assertFalse(mem.loopFast(DATA + 3 * PAGE - 64, 8, 0, 64, 8, NE, 0, 8, true));
    assertTrue(mem.loopFast(DATA + 3 * PAGE - 64, 8, 0, 64, 8, NE, 0, 8, false));
    // An end that is not a whole number of steps away, or behind the counter: no.
    assertFalse(mem.loopFast(DATA, 8, 0, 60, 8, NE, 0, 8, false));
    assertFalse(mem.loopFast(DATA, 8, 64, 0, 8, NE, 0, 8, false));
    // A step that is not a power of two.
    assertTrue(mem.loopFast(DATA, 12, 0, 120, 12, NE, 0, 8, true));
    assertFalse(mem.loopFast(DATA, 12, 0, 121, 12, NE, 0, 8, true));
    assertFalse(mem.loopFast(DATA, 12, 0, 12L * (1 << 25), 12, NE, 0, 8, false), "too many passes");
    // Counting down.
    assertTrue(mem.loopFast(DATA + 128, -8, 64, 0, -8, NE, 0, 8, true));
    assertFalse(mem.loopFast(DATA + 32, -8, 64, 0, -8, NE, 0, 8, true), "below DATA: unmapped");
    // An unchanged register needs no count; offsets below it count.
    assertTrue(mem.loopFast(DATA + 16, 0, 0, 1, 3, NE, -16, 8, true));
    assertFalse(mem.loopFast(DATA + 16, 0, 0, 1, 3, NE, -24, 8, true));
    // Below the flat region, past its end, and far out: no.
    assertFalse(mem.loopFast(Memory.FLAT_BASE - 8, 0, 0, 0, 1, NE, 0, 8, false));
    assertFalse(mem.loopFast(Memory.FLAT_END - 4, 0, 0, 0, 1, NE, 0, 8, false));
    assertFalse(mem.loopFast(Long.MAX_VALUE - 4, 8, 0, 64, 8, NE, 0, 8, false));
    assertFalse(mem.loopFast(Long.MIN_VALUE + 4, 0, 0, 0, 1, NE, -8, 8, false));
    // Going back while short of the end (blt), or up to it (bge): no whole number needed.
    assertTrue(mem.loopFast(DATA, 8, 0, 60, 8, BEFORE, 0, 8, true)); // [DATA, DATA + 72)
    // 8 or 9 passes back, from 80 bytes below the read-only page: up to it, or into it.
    assertTrue(mem.loopFast(DATA + 3 * PAGE - 80, 8, 0, 60, 8, BEFORE, 0, 8, true));
    assertFalse(mem.loopFast(DATA + 3 * PAGE - 80, 8, 0, 65, 8, BEFORE, 0, 8, true));
    assertTrue(mem.loopFast(DATA + 3 * PAGE - 80, 8, 0, 56, 8, UP_TO, 0, 8, true));
    assertFalse(mem.loopFast(DATA + 3 * PAGE - 80, 8, 0, 64, 8, UP_TO, 0, 8, true));
    assertTrue(mem.loopFast(DATA + 128, -8, 64, 8, -8, UP_TO, 0, 8, true), "down to DATA + 56");
    assertTrue(mem.loopFast(DATA, 8, 0, -5, 8, UP_TO, 0, 8, true), "no pass back");
    // Unsigned: counters and ends below zero, or a counter that could pass below zero, no.
    assertTrue(mem.loopFast(DATA, 8, 0, 64, 8, BEFORE | UNSIGNED, 0, 8, true));
    assertFalse(mem.loopFast(DATA, 8, -64, 0, 8, BEFORE | UNSIGNED, 0, 8, true));
    assertFalse(mem.loopFast(DATA, 8, 5, 0, -8, UP_TO | UNSIGNED, 0, 8, true));
    assertTrue(mem.loopFast(DATA, 8, 40, 8, -8, UP_TO | UNSIGNED, 0, 8, true));
    // Too many passes to vouch for.
    assertFalse(mem.loopFast(DATA, 1, 0, 1L << 30, 1, NE, 0, 1, false));
  }
}
