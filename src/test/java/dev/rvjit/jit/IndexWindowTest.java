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
 * Loops whose loads and stores index memory with a register the loop keeps in bounds, range-tested
 * once where the loop is entered ({@code IndexWindows}, {@code Memory.rangeFast}). When the test
 * says no (the index starts out of bounds, the limit is negative, the range runs into a read-only
 * page), the unit leaves at the loop's head and the interpreter runs on, so the access faults
 * where the interpreter's does. Each program runs under both tiers ({@link TwoTiers}), the JIT
 * compiling the loop after two entries.
 */
class IndexWindowTest {
  private static final long DATA = RawMachine.DATA;
  private static final long PAGE = Memory.PAGE_SIZE;

  /**
   * A random walk over a table of words, like an interpreter's stack pointer: s0 is the table, a1
   * the index, t0 the limit. Each pass reads {@code s0[a1]}, adds it to a2, stores it back plus
   * one, and moves a1 up if the word was odd, else down; the loop goes on while a1 is unsigned at
   * most t0 and a3 (counting down) is not zero. The accesses' index is bounded only by the
   * compare on the way back, so {@code LoopWindows} cannot cover them.
   */
  private static final int[] WALK = {
    Asm.i(Opcode.SLLI, 6, 11, 3), //      0: t1 = a1 * 8
    Asm.r(Opcode.ADD, 6, 6, 8), //        4: t1 += s0
    Asm.ld(7, 6, 0), //                   8: t2 = s0[a1]
    Asm.r(Opcode.ADD, 12, 12, 7), //     12: a2 += t2
    Asm.i(Opcode.ADDI, 28, 7, 1), //     16: t3 = t2 + 1
    Asm.store(Opcode.SD, 28, 6, 0), //   20: s0[a1] = t3
    Asm.i(Opcode.ANDI, 29, 7, 1), //     24: t4 = t2 & 1
    Asm.beq(29, 0, 12), //               28: even: down
    Asm.i(Opcode.ADDIW, 11, 11, 1), //   32: a1 += 1
    Asm.jal(0, 8), //                    36: -> 44
    Asm.i(Opcode.ADDIW, 11, 11, -1), //  40: a1 -= 1
    Asm.i(Opcode.ADDI, 13, 13, -1), //   44: a3 -= 1
    Asm.beq(13, 0, 8), //                48: a3 == 0: leave
    Asm.bgeu(5, 11, -52), //             52: a1 <=u t0: again
  };

  /**
   * Table at {@code table}, index {@code a1}, limit {@code t0}, {@code passes} at most; the words
   * alternate odd and even, or ({@code up}) are all odd, so that the first walk climbs.
   */
  private static Consumer<RawMachine> walk(long table, long a1, long t0, long passes,
      boolean up) {
    return m -> {
      m.reg(8, table).reg(11, a1).reg(5, t0).reg(13, passes);
      for (int i = 0; i < 64; i++) {
        long a = table + 8L * i;
        if (a + 8 <= DATA + PAGE) { // (only below the page the tests make read-only)
          byte[] w = new byte[8];
          w[0] = (byte) (up ? 2 * i + 1 : i * 37 + 11);
          m.mem.poke(a, w, 0, 8);
        }
      }
    };
  }

  @Test
  void walkTestsItsRangeOnceAndAgreesWithTheInterpreter() {
    RawMachine.Result[] r = TwoTiers.run(WALK, walk(DATA + 0x200, 5, 40, 5000, false), 2);
    assertTrue(r[1].outcome.startsWith("exit"), r[1].outcome);
    // The unit made for the loop asks Memory.rangeFast where the loop is entered.
    assertTrue(TwoTiers.anyUnitMentions(WALK, walk(DATA + 0x200, 5, 40, 5000, false),
        "rangeFast"), "a unit tests the loop's index range at its entry");
  }

  /**
   * The table's top words lie on a read-only page: the range test says no, and the store that
   * reaches that page faults exactly where the interpreter's does.
   */
  @Test
  void walkIntoReadOnlyPageFaultsAtTheFirstStoreThere() {
    long table = DATA + PAGE - 8 * 20; // words 20.. are on the read-only page
    Consumer<RawMachine> setup = walk(table, 5, 40, 5000, true)
        .andThen(m -> m.mem.protect(DATA + PAGE, PAGE, Memory.PROT_READ));
    RawMachine.Result[] r = TwoTiers.run(WALK, setup, 2);
    assertTrue(r[1].outcome.contains("invalid write at address 0x201000"), r[1].outcome);
  }

  /**
   * The index starts above the limit: the first pass reads and writes beyond what the head
   * assumes (a1 in [0, t0]), here on a read-only page. The head test says no, and the store
   * faults as in the interpreter (a window that trusted the head would write the page).
   */
  @Test
  void indexOutOfBoundsAtEntryIsNotTrusted() {
    long table = DATA + PAGE - 8 * 40; // word 40 is on the read-only page
    Consumer<RawMachine> setup = walk(table, 5, 30, 5000, true)
        .andThen(m -> m.mem.protect(DATA + PAGE, PAGE, Memory.PROT_READ));
    // Three runs of the loop from index 5 (the JIT compiles it meanwhile), then one from 50.
    int[] code = withDriver(WALK);
    RawMachine.Result[] r = TwoTiers.run(code, setup.andThen(m -> m.reg(18, 4).reg(19, 50)), 2);
    assertTrue(r[1].outcome.contains("invalid write at address 0x201050"), r[1].outcome);
    assertEquals(50, r[1].x(11));
  }

  /**
   * {@code bgeu t0, a1} bounds a1 by t0 only when t0 is not negative: with t0 = -1 every a1
   * passes, the walk climbs out of the table, and the store into the read-only page faults.
   */
  @Test
  void negativeLimitBoundsNothing() {
    long table = DATA + PAGE - 8 * 30;
    Consumer<RawMachine> setup = m -> {
      m.reg(8, table).reg(11, 0).reg(5, -1).reg(13, 5000);
      for (int i = 0; i < 30; i++) {
        byte[] w = {1, 0, 0, 0, 0, 0, 0, 0}; // odd: always up
        m.mem.poke(table + 8L * i, w, 0, 8);
      }
      m.mem.protect(DATA + PAGE, PAGE, Memory.PROT_READ);
    };
    RawMachine.Result[] r = TwoTiers.run(WALK, setup, 2);
    assertTrue(r[1].outcome.contains("invalid write at address 0x201000"), r[1].outcome);
    assertEquals(30, r[1].x(11), "30 words passed, the 31st store faulted");
  }

  /**
   * Runs {@code loop} (which leaves by falling off its end) x18 times, each time with a3 = 5000;
   * the last run starts with a1 = x19 instead of the a1 the setup gave (kept in x20), chosen
   * without a branch so that every run enters the loop the same way (a jump to its head). A
   * system call between the runs keeps the runs from being one cycle of the region with the loop.
   */
  private static int[] withDriver(int[] loop) {
    int n = loop.length;
    int[] code = new int[n + 15];
    code[0] = Asm.i(Opcode.ADDI, 20, 11, 0); //           keep the first a1
    code[1] = Asm.i(Opcode.ADDI, 21, 0, 1); //            runs, counting this one
    code[2] = Asm.i(Opcode.ADDI, 13, 0, 2000); //  top:   a3 = 2000
    code[3] = Asm.i(Opcode.ADDI, 13, 13, 2000); //        a3 = 4000
    code[4] = Asm.i(Opcode.ADDI, 13, 13, 1000); //        a3 = 5000
    code[5] = Asm.r(Opcode.SUB, 23, 18, 21); //           x23 = x18 - runs
    code[6] = Asm.i(Opcode.SLTIU, 23, 23, 1); //          x23 = the last run
    code[7] = Asm.r(Opcode.SUB, 24, 19, 20); //           x24 = x19 - x20
    code[8] = Asm.r(Opcode.MUL, 24, 24, 23); //           0 unless the last run
    code[9] = Asm.r(Opcode.ADD, 11, 20, 24); //           a1 = x20, or x19 the last time
    code[10] = Asm.jal(0, 4); //                          into the loop
    System.arraycopy(loop, 0, code, 11, n);
    code[11 + n] = Asm.i(Opcode.ADDI, 17, 0, 0); //       a7 = 0: a call that fails
    code[12 + n] = 0x00000073; //                         ecall
    code[13 + n] = Asm.i(Opcode.ADDI, 21, 21, 1); //      runs += 1
    code[14 + n] = Asm.bge(18, 21, -4 * (n + 12)); //     runs <= x18: top
    return code;
  }

  /** Memory.rangeFast on its own. */
  @Test
  void rangeFastAnswersForTheWholeRange() {
    Memory mem = new Memory();
    mem.map(DATA, 4 * PAGE, Memory.PROT_READ | Memory.PROT_WRITE);
    mem.protect(DATA + 3 * PAGE, PAGE, Memory.PROT_READ);
    assertTrue(mem.rangeFast(DATA, DATA + 3 * PAGE, true));
    assertFalse(mem.rangeFast(DATA, DATA + 3 * PAGE + 1, true), "a store reaches read-only");
    assertTrue(mem.rangeFast(DATA, DATA + 4 * PAGE, false), "loads may read it");
    assertFalse(mem.rangeFast(DATA + 8, DATA + 8, false), "empty");
    assertFalse(mem.rangeFast(Memory.FLAT_BASE - 8, DATA, false), "below the flat region");
    assertFalse(mem.rangeFast(DATA, Memory.FLAT_END + 8, false), "past it");
  }
}
