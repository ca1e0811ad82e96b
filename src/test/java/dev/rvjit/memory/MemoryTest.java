package dev.rvjit.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.cpu.MemoryFault;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Guest memory: the fast path is in use, both access implementations agree, permissions hold. */
class MemoryTest {
  @Test
  void rawAccessIsActiveUnderTheTestSetUp() {
    // surefire passes --add-exports java.base/jdk.internal.misc=ALL-UNNAMED, as the jar does.
    assertTrue(new Memory().rawAccess(), "the fast memory path is not in use");
  }

  @Test
  void rawAndPortableAccessAgree() {
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
    RawOps raw = RawOps.create(buf);
    RawOps portable = new RawOps.Portable(buf);
    assertFalse(raw instanceof RawOps.Portable);
    Random r = new Random(5);
    for (int i = 0; i < 20000; i++) {
      int off = r.nextInt((1 << 16) - 8);
      long v = r.nextLong();
      RawOps writer = r.nextBoolean() ? raw : portable;
      RawOps wBase = writer;
      switch (r.nextInt(4)) {
        case 0:
          writer.putLong(wBase.base() + off, v);
          break;
        case 1:
          writer.putInt(wBase.base() + off, v);
          break;
        case 2:
          writer.putShort(wBase.base() + off, v);
          break;
        default:
          writer.putByte(wBase.base() + off, v);
          break;
      }
      int q = r.nextInt((1 << 16) - 8);
      long rb = raw.base();
      long pb = portable.base();
      assertEquals(portable.getLong(pb + q), raw.getLong(rb + q));
      assertEquals(portable.getInt(pb + q), raw.getInt(rb + q));
      assertEquals(portable.getIntU(pb + q), raw.getIntU(rb + q));
      assertEquals(portable.getShort(pb + q), raw.getShort(rb + q));
      assertEquals(portable.getShortU(pb + q), raw.getShortU(rb + q));
      assertEquals(portable.getByte(pb + q), raw.getByte(rb + q));
      assertEquals(portable.getByteU(pb + q), raw.getByteU(rb + q));
    }
  }

  @Test
  void permissionsAndFaults() {
    Memory m = new Memory();
    long rw = 0x100000;
    long ro = 0x200000;
    m.map(rw, Memory.PAGE_SIZE, Memory.PROT_READ | Memory.PROT_WRITE);
    m.map(ro, Memory.PAGE_SIZE, Memory.PROT_READ);
    m.sd(rw + 8, -2);
    assertEquals(-2L, m.ld(rw + 8));
    assertEquals(0xfffffffeL, m.lwu(rw + 8));
    assertThrows(MemoryFault.class, () -> m.sw(ro, 1), "store to a read-only page");
    assertThrows(MemoryFault.class, () -> m.ld(0x100), "load below the lowest mappable address");
    assertThrows(MemoryFault.class, () -> m.sb(rw + Memory.PAGE_SIZE, 1), "store past the mapping");
    long high = Memory.FLAT_END + 0x10000;
    m.map(high, Memory.PAGE_SIZE, Memory.PROT_READ | Memory.PROT_WRITE);
    m.sd(high + 8, 0x1122334455667788L); // pages beyond the flat region work too
    assertEquals(0x1122334455667788L, m.ld(high + 8));
    assertThrows(MemoryFault.class, () -> m.sd(high + Memory.PAGE_SIZE - 4, 1),
        "a store straddling into an unmapped page");
  }

  /**
   * The group checks of compiled code ({@link Memory#storesFast}, {@link Memory#loadsFast}), one
   * store-limit look-up for up to two pages: never true for a range that touches a page plain
   * stores may not write, or that leaves the flat region; true where the pages allow it (short
   * ranges that end within 7 bytes of a page whose successor is read-only excepted).
   */
  @Test
  void groupChecksCoverBothPagesWithOneLookUp() {
    Memory m = new Memory();
    long p = 0x500000;
    long page = Memory.PAGE_SIZE;
    // p: rw, p+1: read-only, p+2: rw, p+3: rw, p+4: unmapped
    m.map(p, page, Memory.PROT_READ | Memory.PROT_WRITE);
    m.map(p + page, page, Memory.PROT_READ);
    m.map(p + 2 * page, 2 * page, Memory.PROT_READ | Memory.PROT_WRITE);
    java.util.function.LongPredicate writable = a -> a >= p && a < p + page
        || a >= p + 2 * page && a < p + 4 * page;
    int[] reaches = {0, 1, 6, 7, 8, 15, 31, 100, 4088, 4095};
    int passed = 0;
    for (long first = p - 16; first < p + 5 * page; first++) {
      for (int reach : reaches) {
        boolean allowed = true;
        for (long a = first; a <= first + reach; a += Math.max(1, Math.min(reach, 8))) {
          allowed &= writable.test(a);
        }
        allowed &= writable.test(first + reach);
        boolean fast = m.storesFast(first, reach);
        if (fast) {
          passed++;
          assertTrue(allowed, "storesFast(" + Long.toHexString(first) + ", " + reach + ")");
        }
        long end = first + reach; // the last byte
        boolean inOnePage = (first >>> Memory.PAGE_BITS) == (end >>> Memory.PAGE_BITS);
        boolean bothWritablePages = writable.test(first) && writable.test(first + page);
        if (allowed && (bothWritablePages || inOnePage && (end & Memory.PAGE_MASK) < page - 7)) {
          assertTrue(fast, "storesFast(" + Long.toHexString(first) + ", " + reach + ") refused");
        }
      }
    }
    assertTrue(passed > 10000, "the fast path was taken " + passed + " times");
    long lastPage = Memory.FLAT_END - page;
    m.map(lastPage, page, Memory.PROT_READ | Memory.PROT_WRITE);
    assertTrue(m.storesFast(Memory.FLAT_END - 8, 7));
    assertFalse(m.storesFast(Memory.FLAT_END - 8, 8), "past the flat region");
    assertTrue(m.loadsFast(Memory.FLAT_END - 8, 7));
    assertFalse(m.loadsFast(Memory.FLAT_END - 8, 8), "past the flat region");
    assertTrue(m.loadsFast(Memory.FLAT_BASE, 4095));
    assertFalse(m.loadsFast(Memory.FLAT_BASE - 1, 0), "below the flat region");
    assertFalse(m.loadsFast(-8, 16), "a negative address");
  }

  @Test
  void storeStraddlingIntoAReadOnlyFlatPageFaults() {
    Memory m = new Memory();
    long rw = 0x400000;
    m.map(rw, Memory.PAGE_SIZE, Memory.PROT_READ | Memory.PROT_WRITE);
    m.map(rw + Memory.PAGE_SIZE, Memory.PAGE_SIZE, Memory.PROT_READ);
    long edge = rw + Memory.PAGE_SIZE - 4;
    assertThrows(MemoryFault.class, () -> m.sd(edge, -1L), "sd into the read-only page");
    assertThrows(MemoryFault.class, () -> m.sw(edge + 2, -1L), "sw into the read-only page");
    assertThrows(MemoryFault.class, () -> m.sh(edge + 3, -1L), "sh into the read-only page");
    assertEquals(0L, m.ld(rw + Memory.PAGE_SIZE), "the read-only page is unchanged");
    m.sd(edge - 4, -1L); // ends at the boundary: fine
    assertEquals(-1L, m.ld(edge - 4));
  }

  @Test
  void remappingZeroesAndUnmappingFaults() {
    Memory m = new Memory();
    long a = 0x300000;
    m.map(a, Memory.PAGE_SIZE, Memory.PROT_READ | Memory.PROT_WRITE);
    m.sd(a, 42);
    m.unmap(a, Memory.PAGE_SIZE);
    assertThrows(MemoryFault.class, () -> m.sd(a, 1));
    m.map(a, Memory.PAGE_SIZE, Memory.PROT_READ | Memory.PROT_WRITE);
    assertEquals(0L, m.ld(a), "a fresh mapping reads as zero");
  }
}
