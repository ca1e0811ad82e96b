package dev.rvjit.linux;

import dev.rvjit.memory.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Checked access to guest memory for the syscall layer: little-endian words, C strings and
 * timespecs. A bad guest pointer surfaces as a {@link dev.rvjit.cpu.MemoryFault}, which
 * {@link LinuxSyscalls#ecall} answers with EFAULT; writes are checked before a call has effects.
 */
final class GuestData {
  private GuestData() {}

  /** Linux PATH_MAX, including the terminating NUL. */
  static final int PATH_MAX = 4096;

  static long readLong(Memory mem, long addr) {
    return ByteBuffer.wrap(mem.read(addr, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  static int readInt(Memory mem, long addr) {
    return ByteBuffer.wrap(mem.read(addr, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  static void writeLong(Memory mem, long addr, long v) {
    mem.write(addr, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v).array(),
        0, 8);
  }

  static void writeInt(Memory mem, long addr, int v) {
    mem.write(addr, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, v).array(),
        0, 4);
  }

  /** Writes consecutive 64-bit words starting at {@code addr}. */
  static void writeLongs(Memory mem, long addr, long... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < v.length; i++) {
      b.putLong(8 * i, v[i]);
    }
    mem.write(addr, b.array(), 0, b.capacity());
  }

  /** A little-endian buffer for building a guest struct. */
  static ByteBuffer struct(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  static void write(Memory mem, long addr, ByteBuffer b) {
    mem.write(addr, b.array(), 0, b.capacity());
  }

  /** Faults (EFAULT) unless every page of {@code [addr, addr+len)} is mapped writable. */
  static void checkWritable(Memory mem, long addr, long len) {
    if (len <= 0) {
      return;
    }
    for (long pg = addr & ~Memory.PAGE_MASK; Long.compareUnsigned(pg, addr + len) < 0;
        pg += Memory.PAGE_SIZE) {
      int prot = mem.protectionOf(pg);
      if (prot < 0 || (prot & Memory.PROT_WRITE) == 0) {
        throw new SyscallError(Errno.EFAULT);
      }
    }
  }

  /** How many bytes from {@code addr} on (at most {@code len}) lie in writable pages. */
  static long writablePrefix(Memory mem, long addr, long len) {
    long end = addr + len;
    for (long pg = addr & ~Memory.PAGE_MASK; Long.compareUnsigned(pg, end) < 0;
        pg += Memory.PAGE_SIZE) {
      int prot = mem.protectionOf(pg);
      if (prot < 0 || (prot & Memory.PROT_WRITE) == 0) {
        return Math.max(0, pg - addr);
      }
    }
    return len;
  }

  /** A NUL-terminated path; ENAMETOOLONG past PATH_MAX. Bytes are decoded as UTF-8. */
  static String path(Memory mem, long addr) {
    byte[] b = mem.readCStringBytes(addr, PATH_MAX);
    if (b == null) {
      throw new SyscallError(Errno.ENAMETOOLONG);
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Reads a {@code struct timespec} as nanoseconds; EINVAL if it is out of range. */
  static long readTimespecNanos(Memory mem, long addr) {
    ByteBuffer b = ByteBuffer.wrap(mem.read(addr, 16)).order(ByteOrder.LITTLE_ENDIAN);
    long sec = b.getLong(0);
    long nsec = b.getLong(8);
    if (sec < 0 || nsec < 0 || nsec > 999_999_999L) {
      throw new SyscallError(Errno.EINVAL);
    }
    if (sec > Long.MAX_VALUE / 1_000_000_000L - 1) {
      return Long.MAX_VALUE;
    }
    return sec * 1_000_000_000L + nsec;
  }

  /** Writes a {@code struct timespec} (or a timeval when {@code micros}) from nanoseconds. */
  static void writeTimespec(Memory mem, long addr, long nanos, boolean micros) {
    long sec = Math.floorDiv(nanos, 1_000_000_000L);
    long frac = Math.floorMod(nanos, 1_000_000_000L);
    writeLongs(mem, addr, sec, micros ? frac / 1000 : frac);
  }
}
