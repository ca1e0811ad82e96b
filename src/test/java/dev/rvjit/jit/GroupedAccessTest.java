package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import dev.rvjit.memory.Memory;
import dev.rvjit.testing.RawMachine;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Compiled code checks a run of accesses off one base register once ({@code Translator.Group});
 * when that check fails, every access must still fault exactly where the interpreter faults, with
 * the stores before it done and the state exact. Each program runs under the interpreter and
 * under the JIT compiling at the first entry, so its block runs as compiled code from the start.
 */
class GroupedAccessTest {
  private static final long DATA = RawMachine.DATA;
  private static final long PAGE = Memory.PAGE_SIZE;

  /** Four 8-byte stores off sp; the third reaches a read-only page. */
  @Test
  void storeRunIntoReadOnlyPageFaultsAtItsStore() {
    int[] code = {
      Asm.store(Opcode.SD, 10, 2, 0),
      Asm.store(Opcode.SD, 11, 2, 8),
      Asm.store(Opcode.SD, 12, 2, 16), // the first byte of the read-only page
      Asm.store(Opcode.SD, 13, 2, 24),
    };
    Consumer<RawMachine> setup = m -> {
      m.reg(2, DATA + PAGE - 16).reg(10, 0x1111).reg(11, 0x2222).reg(12, 0x3333)
          .reg(13, 0x4444);
      m.mem.protect(DATA + PAGE, PAGE, Memory.PROT_READ);
    };
    RawMachine.Result[] r = TwoTiers.run(code, setup, 1);
    assertTrue(r[0].outcome.contains("invalid write at address 0x201000"), r[0].outcome);
    assertEquals(2, r[0].hart.instret);
    for (RawMachine.Result x : r) {
      assertEquals(0x1111, peekLong(x, DATA + PAGE - 16), "the stores before the fault happen");
      assertEquals(0x2222, peekLong(x, DATA + PAGE - 8));
    }
  }

  /** A misaligned store at the end of a run crosses into an unmapped page. */
  @Test
  void misalignedStoreAtTheRunsEndIntoUnmappedPageFaults() {
    int[] code = {
      Asm.store(Opcode.SW, 10, 2, 0),
      Asm.store(Opcode.SD, 11, 2, 8), // [P-4, P+4): crosses into the unmapped page
    };
    Consumer<RawMachine> setup = m -> {
      m.reg(2, DATA + RawMachine.DATA_SIZE - 12).reg(10, 0x5555).reg(11, -1);
    };
    RawMachine.Result[] r = TwoTiers.run(code, setup, 1);
    assertTrue(r[0].outcome.contains("invalid write"), r[0].outcome);
    assertEquals(1, r[0].hart.instret);
  }

  /** Two loads off one register; the second is below the lowest mappable address. */
  @Test
  void loadRunBelowTheFlatRegionFaultsAtItsLoad() {
    int[] code = {
      Asm.i(Opcode.LD, 10, 11, 0),
      Asm.i(Opcode.LD, 12, 11, -16), // 0xfff8: a null-page read
    };
    Consumer<RawMachine> setup = m -> m.reg(11, Memory.FLAT_BASE + 8).reg(12, 77);
    RawMachine.Result[] r = TwoTiers.run(code, setup, 1);
    assertTrue(r[0].outcome.contains("invalid read at address 0xfff8"), r[0].outcome);
    assertEquals(1, r[0].hart.instret);
    assertEquals(77, r[0].x(12));
  }

  /**
   * A load that writes its own base register ends the run: the next access off that register is
   * checked for its new value (here a null-page address).
   */
  @Test
  void baseRegisterRewrittenInTheRunIsCheckedAgain() {
    int[] code = {
      Asm.i(Opcode.LD, 11, 11, 0), // a1 = 0x10 (stored below)
      Asm.i(Opcode.LD, 12, 11, 8), // address 0x18
    };
    Consumer<RawMachine> setup = m -> {
      m.reg(11, DATA + 8).reg(12, 77);
      m.mem.poke(DATA + 8, new byte[] {0x10, 0, 0, 0, 0, 0, 0, 0}, 0, 8);
    };
    RawMachine.Result[] r = TwoTiers.run(code, setup, 1);
    assertTrue(r[0].outcome.contains("invalid read at address 0x18"), r[0].outcome);
  }

  /** The common case: the run's pages take stores, everything takes the fast path. */
  @Test
  void storeRunOnWritablePagesCompletes() {
    int[] code = {
      Asm.store(Opcode.SD, 10, 2, -8),
      Asm.store(Opcode.SW, 11, 2, 4),
      Asm.store(Opcode.SB, 12, 2, 0),
      Asm.i(Opcode.LD, 13, 2, -8),
      Asm.i(Opcode.LBU, 14, 2, 0),
    };
    Consumer<RawMachine> setup = m -> m.reg(2, DATA + PAGE + 4).reg(10, -2).reg(11, 0x12345678)
        .reg(12, 0x1ff);
    RawMachine.Result[] r = TwoTiers.run(code, setup, 1);
    assertEquals("exit 0", r[0].outcome.replaceAll("exit \\d+", "exit 0"));
    assertEquals(-2, r[1].x(13));
    assertEquals(0xff, r[1].x(14));
  }

  private static long peekLong(RawMachine.Result r, long addr) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (r.hart.mem.peek(addr + i) & 0xffL) << (8 * i);
    }
    return v;
  }
}
