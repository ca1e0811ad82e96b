package dev.rvjit.jit;

import static dev.rvjit.jit.Regs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.isa.Asm;
import dev.rvjit.memory.LoopRuns;
import dev.rvjit.memory.Memory;
import dev.rvjit.testing.RawMachine;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Loops whose passes compiled code skips in bulk where the loop is entered ({@code LoopSkips},
 * {@link LoopRuns}): the byte loops of glibc's generic memcmp and memcpy, a strlen, a memchr and
 * a memset, each run many times from an outer loop over seeded random cases (lengths, mismatch
 * positions, overlapping copies). Each program runs under both tiers ({@link TwoTiers}: the same
 * registers, instret, pc and data), and a unit must call the helper, so a planner that stopped
 * recognizing the loop fails here too.
 */
class LoopSkipTest {
  private static final long DATA = RawMachine.DATA;
  private static final long PAGE = Memory.PAGE_SIZE;

  /**
   * glibc's byte loop of memcmp (bcmp+0xa2 in the cxx sample), entered past its end test, 256
   * times: a0 walks string k of A, a5 is the distance to B, a2 the end; a mismatch leaves with
   * a1 = the bytes' difference, the end with a1 = 0; s1 accumulates them and the last bytes
   * loaded (a3, a4: stale from the pass before if the end test leaves).
   */
  private static final int[] MEMCMP = {
    Asm.addi(S2, 0, 256),
    Asm.addi(A0, S4, 0), // outer
    Asm.sub(A5, S5, S4),
    Asm.addi(A2, A0, 16),
    Asm.jal(0, 8),
    Asm.beq(A0, A2, 32), // head: the end
    Asm.add(A4, A5, A0),
    Asm.lbu(A3, A0, 0),
    Asm.lbu(A4, A4, 0),
    Asm.addi(A0, A0, 1),
    Asm.sub(A1, A3, A4),
    Asm.beq(A3, A4, -24),
    Asm.jal(0, 8),
    Asm.addi(A1, 0, 0),
    Asm.xor(S1, S1, A1),
    Asm.add(S1, S1, A0),
    Asm.xor(S1, S1, A3), // what the last pass loaded, too
    Asm.add(S1, S1, A4),
    Asm.addi(S4, S4, 16),
    Asm.addi(S5, S5, 16),
    Asm.addi(S2, S2, -1),
    Asm.bne(S2, 0, -80),
  };

  private static Consumer<RawMachine> memcmpData(long seed) {
    return m -> {
      Random rnd = new Random(seed);
      byte[] a = new byte[256 * 16];
      rnd.nextBytes(a);
      byte[] b = a.clone();
      for (int k = 0; k < 256; k++) {
        int at = rnd.nextInt(18); // 16 and 17: no mismatch
        if (at < 16) {
          b[16 * k + at] ^= (byte) (1 + rnd.nextInt(255));
        }
      }
      m.mem.poke(DATA, a, 0, a.length);
      m.mem.poke(DATA + 0x2000, b, 0, b.length);
      m.reg(S4, DATA).reg(S5, DATA + 0x2000);
    };
  }

  @Test
  void memcmpByteLoopSkipsToTheMismatch() {
    for (long seed = 1; seed <= 3; seed++) {
      RawMachine.Result[] r = TwoTiers.run(MEMCMP, memcmpData(seed), 2);
      assertTrue(r[1].outcome.startsWith("exit"), r[1].outcome);
    }
    assertTrue(TwoTiers.anyUnitMentions(MEMCMP, memcmpData(1), "LoopRuns"),
        "a unit skips passes of the compare loop");
  }

  /** The memcmp program stopped by --max-insns at many points: both tiers stop alike. */
  @Test
  void instructionLimitInsideSkippableLoopIsExact() {
    for (long limit = 50; limit < 12_000; limit += 997) {
      RawMachine.Result[] r = new RawMachine.Result[2];
      for (int t = 0; t < 2; t++) {
        RawMachine m =
            new RawMachine(t == 0 ? RawMachine.Tier.INTERP : RawMachine.Tier.JIT, 2);
        memcmpData(7).accept(m);
        m.code(MEMCMP);
        r[t] = m.run(limit);
      }
      assertEquals(r[0].outcome, r[1].outcome, "limit " + limit);
      assertEquals(r[0].hart.instret, r[1].hart.instret, "instret at limit " + limit);
      assertEquals(r[0].hart.pc, r[1].hart.pc, "pc at limit " + limit);
      for (int i = 0; i < 32; i++) {
        assertEquals(r[0].x(i), r[1].x(i), "x" + i + " at limit " + limit);
      }
    }
  }

  /**
   * glibc's byte loop of memcpy (memcpy+0x68): a5 walks the source to a1, a4 = dst - 1 - src; the
   * cases come from a table of (src, dst, end) at s3, 64 of them.
   */
  private static final int[] MEMCPY = {
    Asm.addi(S2, 0, 64),
    Asm.ld(A5, S3, 0), // outer
    Asm.ld(A4, S3, 8),
    Asm.ld(A1, S3, 16),
    Asm.addi(A4, A4, -1),
    Asm.sub(A4, A4, A5),
    Asm.lbu(A2, A5, 0), // loop
    Asm.addi(A5, A5, 1),
    Asm.add(A3, A4, A5),
    Asm.sb(A2, A3, 0),
    Asm.bne(A1, A5, -16),
    Asm.addi(S3, S3, 24),
    Asm.addi(S2, S2, -1),
    Asm.bne(S2, 0, -48),
  };

  private static Consumer<RawMachine> copies(long seed, long[][] cases) {
    return m -> {
      Random rnd = new Random(seed);
      byte[] buf = new byte[0x8000];
      rnd.nextBytes(buf);
      m.mem.poke(DATA, buf, 0, buf.length);
      long table = DATA + 0xf000;
      for (int k = 0; k < 64; k++) {
        long[] c = cases[k];
        for (int i = 0; i < 3; i++) {
          long v = c[i];
          byte[] le = new byte[8];
          for (int j = 0; j < 8; j++) {
            le[j] = (byte) (v >>> (8 * j));
          }
          m.mem.poke(table + 24 * k + 8 * i, le, 0, 8);
        }
      }
      m.reg(S3, table);
    };
  }

  /** Random copies: overlapping forwards (dst = src + 1..3), backwards, in place and apart. */
  private static long[][] randomCopies(long seed) {
    Random rnd = new Random(seed);
    long[][] cases = new long[64][];
    for (int k = 0; k < 64; k++) {
      long src = DATA + 0x100 + rnd.nextInt(0x3000);
      int len = 1 + rnd.nextInt(40);
      long dst;
      switch (k % 5) {
        case 0:
          dst = src + 1 + rnd.nextInt(3);
          break;
        case 1:
          dst = src - 1 - rnd.nextInt(9);
          break;
        case 2:
          dst = src;
          break;
        default:
          dst = DATA + 0x4000 + rnd.nextInt(0x3000);
          break;
      }
      cases[k] = new long[] {src, dst, src + len};
    }
    return cases;
  }

  @Test
  void memcpyByteLoopCopiesLikeTheLoopEvenWhenOverlapping() {
    for (long seed = 1; seed <= 3; seed++) {
      RawMachine.Result[] r = TwoTiers.run(MEMCPY, copies(seed, randomCopies(seed)), 2);
      assertTrue(r[1].outcome.startsWith("exit"), r[1].outcome);
    }
    assertTrue(TwoTiers.anyUnitMentions(MEMCPY, copies(1, randomCopies(1)), "LoopRuns"),
        "a unit skips passes of the copy loop");
  }

  /** The last copy runs into a read-only page: the store there faults in both tiers alike. */
  @Test
  void copyIntoReadOnlyPageFaultsAtTheSameStore() {
    long[][] cases = randomCopies(5);
    cases[63] = new long[] {DATA + 0x100, DATA + 12 * PAGE - 20, DATA + 0x100 + 300};
    Consumer<RawMachine> setup = copies(5, cases)
        .andThen(m -> m.mem.protect(DATA + 12 * PAGE, PAGE, Memory.PROT_READ));
    RawMachine.Result[] r = TwoTiers.run(MEMCPY, setup, 2);
    assertTrue(r[1].outcome.contains("invalid write at address 0x20c000"), r[1].outcome);
  }

  /** strlen's loop over 200 strings laid end to end: lbu a5; addi a0; bnez a5. */
  private static final int[] STRLEN = {
    Asm.addi(S2, 0, 200),
    Asm.lbu(A5, A0, 0), // loop
    Asm.addi(A0, A0, 1),
    Asm.bne(A5, 0, -8),
    Asm.add(S1, S1, A0),
    Asm.addi(S2, S2, -1),
    Asm.bne(S2, 0, -20),
  };

  private static Consumer<RawMachine> strings(long seed) {
    return m -> {
      Random rnd = new Random(seed);
      byte[] b = new byte[0x8000];
      int at = 0;
      for (int k = 0; k < 200; k++) {
        int len = rnd.nextInt(k % 7 == 0 ? 120 : 20);
        for (int i = 0; i < len; i++) {
          b[at++] = (byte) (1 + rnd.nextInt(255));
        }
        b[at++] = 0;
      }
      m.mem.poke(DATA, b, 0, b.length);
      m.reg(A0, DATA);
    };
  }

  @Test
  void strlenLoopFindsEachTerminator() {
    for (long seed = 1; seed <= 3; seed++) {
      RawMachine.Result[] r = TwoTiers.run(STRLEN, strings(seed), 2);
      assertTrue(r[1].outcome.startsWith("exit"), r[1].outcome);
    }
    assertTrue(TwoTiers.anyUnitMentions(STRLEN, strings(1), "LoopRuns"),
        "a unit skips passes of the scan loop");
  }

  /**
   * memchr with a bound: a0 walks to a2 looking for the (signed) byte in a1; 100 searches from
   * s4, 64 bytes each, for values that are sometimes there, sometimes not, sometimes negative.
   */
  private static final int[] MEMCHR = {
    Asm.addi(S2, 0, 100),
    Asm.addi(A0, S4, 0), // outer
    Asm.addi(A2, A0, 64),
    Asm.andi(A1, S2, 0xff),
    Asm.addi(A1, A1, -50),
    Asm.beq(A0, A2, 20), // head: the end
    Asm.lb(A5, A0, 0),
    Asm.beq(A5, A1, 12),
    Asm.addi(A0, A0, 1),
    Asm.jal(0, -16),
    Asm.add(S1, S1, A0),
    Asm.add(S1, S1, A5),
    Asm.addi(S4, S4, 13),
    Asm.addi(S2, S2, -1),
    Asm.bne(S2, 0, -52),
  };

  @Test
  void memchrLoopWithBoundAndSignedBytes() {
    for (long seed = 1; seed <= 3; seed++) {
      final long s = seed;
      Consumer<RawMachine> setup = m -> {
        byte[] b = new byte[0x2000];
        new Random(s).nextBytes(b);
        m.mem.poke(DATA, b, 0, b.length);
        m.reg(S4, DATA);
      };
      RawMachine.Result[] r = TwoTiers.run(MEMCHR, setup, 2);
      assertTrue(r[1].outcome.startsWith("exit"), r[1].outcome);
      if (seed == 1) {
        assertTrue(TwoTiers.anyUnitMentions(MEMCHR, setup, "LoopRuns"),
            "a unit skips passes of the bounded scan");
      }
    }
  }

  /** memset by bytes and by words (sd, step 8), 50 times each at growing lengths. */
  private static final int[] MEMSET = {
    Asm.addi(S2, 0, 50),
    Asm.addi(A0, S4, 0), // outer
    Asm.add(A2, A0, S2),
    Asm.sb(A1, A0, 0), // bytes
    Asm.addi(A0, A0, 1),
    Asm.bne(A0, A2, -8),
    Asm.addi(A0, S5, 0),
    Asm.slli(A3, S2, 3),
    Asm.add(A2, A0, A3),
    Asm.sd(A1, A0, 0), // words
    Asm.addi(A0, A0, 8),
    Asm.bne(A0, A2, -8),
    Asm.addi(A1, A1, 7),
    Asm.addi(S4, S4, 64),
    Asm.addi(S5, S5, 512),
    Asm.addi(S2, S2, -1),
    Asm.bne(S2, 0, -60),
  };

  @Test
  void memsetLoopsFillBytesAndWords() {
    Consumer<RawMachine> setup =
        m -> m.reg(S4, DATA).reg(S5, DATA + 0x4000).reg(A1, 0x1122334455667788L);
    RawMachine.Result[] r = TwoTiers.run(MEMSET, setup, 2);
    assertTrue(r[1].outcome.startsWith("exit"), r[1].outcome);
    assertEquals((byte) 0x88, r[1].hart.mem.peek(DATA), "the first byte written");
    assertTrue(TwoTiers.anyUnitMentions(MEMSET, setup, "LoopRuns"), "a unit skips fill passes");
  }

  /**
   * A fill whose pass also loads a byte it never uses (the load may still fault, so its range is
   * tested): skipped as a fill, and the bytes it read are the ones it overwrote.
   */
  @Test
  void fillWithAnUnusedLoadIsSkippedToo() {
    int[] code = {
      Asm.addi(S2, 0, 40),
      Asm.addi(A0, S4, 0), // outer
      Asm.addi(A2, A0, 100),
      Asm.lbu(A3, A0, 3), // loop: the unused load, three bytes ahead
      Asm.sb(A1, A0, 0),
      Asm.addi(A0, A0, 1),
      Asm.bne(A0, A2, -12),
      Asm.add(S1, S1, A3),
      Asm.addi(S4, S4, 150),
      Asm.addi(S2, S2, -1),
      Asm.bne(S2, 0, -36),
    };
    Consumer<RawMachine> setup = m -> {
      byte[] b = new byte[0x2000];
      new Random(5).nextBytes(b);
      m.mem.poke(DATA, b, 0, b.length);
      m.reg(S4, DATA).reg(A1, 0x5a);
    };
    TwoTiers.run(code, setup, 2);
    assertTrue(TwoTiers.anyUnitMentions(code, setup, "LoopRuns"), "a unit skips fill passes");
  }

  /** A sum carried from pass to pass: not a loop whose passes may be skipped. */
  @Test
  void loopCarryingASumIsNotSkipped() {
    int[] code = {
      Asm.lbu(A3, A0, 0),
      Asm.add(A1, A1, A3),
      Asm.addi(A0, A0, 1),
      Asm.bne(A0, A2, -12),
    };
    Consumer<RawMachine> setup = m -> {
      byte[] b = new byte[4000];
      new Random(3).nextBytes(b);
      m.mem.poke(DATA, b, 0, b.length);
      m.reg(A0, DATA).reg(A2, DATA + 4000);
    };
    TwoTiers.run(code, setup, 2);
    assertFalse(TwoTiers.anyUnitMentions(code, setup, "LoopRuns"));
  }

  @Test
  void untilFireFindsThePassThatLeaves() {
    assertEquals(9, LoopRuns.untilFire(9, -1, true)); // an end 9 steps ahead
    assertEquals(3, LoopRuns.untilFire(-24, 8, true));
    assertEquals(LoopRuns.MAX_PASSES, LoopRuns.untilFire(-20, 8, true)); // not a whole step
    assertEquals(LoopRuns.MAX_PASSES, LoopRuns.untilFire(5, 1, true)); // moving away
    assertEquals(0, LoopRuns.untilFire(0, 1, true));
    assertEquals(0, LoopRuns.untilFire(4, 1, false)); // leaves while they differ
    assertEquals(1, LoopRuns.untilFire(0, 1, false));
    assertEquals(LoopRuns.MAX_PASSES, LoopRuns.untilFire(0, 0, false));
    assertEquals(LoopRuns.MAX_PASSES, LoopRuns.untilFire(Long.MIN_VALUE, -1, true));
  }

  /** How many passes touch only memory the fast paths reach. */
  @Test
  void fastPassesStopAtTheFlatRegionAndAtPagesThatTakeNoStores() {
    assertEquals(10, LoopRuns.loads(DATA, 1, 1, 10));
    assertEquals(0, LoopRuns.loads(Memory.FLAT_END - 4, 1, 8, 10));
    assertEquals(3, LoopRuns.loads(Memory.FLAT_END - 24, 8, 8, 10)); // three whole words left
    assertEquals(3, LoopRuns.loads(Memory.FLAT_BASE + 16, -8, 8, 10)); // going down
    Memory mem = new Memory();
    mem.map(DATA, 4 * PAGE, Memory.PROT_READ | Memory.PROT_WRITE);
    mem.protect(DATA + 2 * PAGE, PAGE, Memory.PROT_READ);
    assertEquals(100, LoopRuns.stores(mem, DATA, 1, 1, 100));
    assertEquals(0, LoopRuns.stores(mem, DATA + 2 * PAGE - 50, 1, 1, 100), "reaches read-only");
    assertEquals(40, LoopRuns.stores(mem, DATA + 2 * PAGE - 50, 1, 1, 40));
    assertEquals(0, LoopRuns.stores(mem, DATA + 4 * PAGE - 8, 8, 8, 2), "reaches unmapped");
  }

  /**
   * loads and the store span cap against their definitions, for random starts (near both edges
   * of the flat region too), strides of either sign (up to twice MAX_STEP) and pass counts (up
   * to twice MAX_PASSES).
   */
  @Test
  void fastPassCountsMatchTheirDefinitions() {
    Random r = new Random(23);
    long lo = Memory.FLAT_BASE;
    long hi = Memory.FLAT_END;
    for (int i = 0; i < 200_000; i++) {
      int size = 1 << r.nextInt(4);
      long a = r.nextInt(4) == 0 ? lo - 64 + r.nextInt(128)
          : r.nextInt(4) == 0 ? hi - 64 + r.nextInt(128) : lo + (r.nextLong() & (hi - lo - 1));
      long sa = r.nextInt(8) == 0 ? 0 : (r.nextBoolean() ? 1 : -1)
          * (r.nextInt(3) == 0 ? r.nextInt(64) : 1L + (r.nextLong() & (2 * LoopRuns.MAX_STEP - 1)));
      long n = r.nextInt(3) == 0 ? 1 + r.nextInt(40)
          : 1 + (r.nextLong() & (2 * LoopRuns.MAX_PASSES - 1));
      long want = 0;
      if (a >= lo && a <= hi - size) {
        // the first pass whose element leaves the region, if it comes before n
        want = n;
        if (sa > 0) {
          want = Math.min(n, (hi - size - a) / sa + 1);
        } else if (sa < 0) {
          want = Math.min(n, (a - lo) / -sa + 1);
        }
        long last = a + (want - 1) * sa;
        assertTrue(last >= lo && last <= hi - size, "last element in");
        if (want < n) {
          long next = a + want * sa;
          assertTrue(next < lo || next > hi - size, "the next element is out");
        }
      }
      assertEquals(want, LoopRuns.loads(a, sa, size, n),
          () -> "loads(" + a + ", " + sa + ", " + size + ", " + n + ")");
    }
    // The store span cap: no more passes than fit in LOOP_STORE_SPAN bytes, on pages that all
    // take plain stores (a mapping of 2^18 bytes and two pages more, so that the cap binds before
    // the pages do).
    Memory mem = new Memory();
    long base = 0x100000;
    mem.map(base, (1L << 18) + 2 * PAGE, Memory.PROT_READ | Memory.PROT_WRITE);
    for (int i = 0; i < 20_000; i++) {
      int size = 1 << r.nextInt(4);
      long sa = 1 + r.nextInt(r.nextBoolean() ? 16 : 70_000);
      long n = 1 + r.nextInt(r.nextBoolean() ? 100 : 1 << 20);
      long span = (1L << 18) - size;
      long want = Math.min(n, span / sa + 1);
      assertEquals(want, LoopRuns.stores(mem, base, sa, size, n),
          () -> "stores(" + sa + ", " + size + ", " + n + ")");
      long top = base + (want - 1) * sa;
      assertEquals(want, LoopRuns.stores(mem, top, -sa, size, n), "stores going down");
    }
  }
}
