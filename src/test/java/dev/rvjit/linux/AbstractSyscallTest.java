package dev.rvjit.linux;

import dev.rvjit.cpu.Hart;
import dev.rvjit.memory.Memory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;

/** A fresh guest (memory, hart, process, byte-array streams) for syscall tests. */
abstract class AbstractSyscallTest {
  /** A read-write scratch region for arguments and buffers. */
  static final long SCRATCH = 0x100000;
  static final long SCRATCH_SIZE = 0x40000;
  static final long BRK_START = 0x800000;
  static final long BRK_LIMIT = 0xa00000;
  static final long MMAP_BOTTOM = 0x1000000;
  static final long MMAP_TOP = 0x4000000;

  Memory mem;
  Hart h;
  GuestProcess p;
  ByteArrayOutputStream out;
  ByteArrayOutputStream err;
  LinuxSyscalls sys;
  private long cursor;

  /** The bytes the guest's stdin offers (override per test before {@link #setUp}). */
  byte[] stdinBytes() {
    return new byte[0];
  }

  @BeforeEach
  void setUp() {
    mem = new Memory();
    h = new Hart(mem);
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    p = new GuestProcess(mem, h, new ByteArrayInputStream(stdinBytes()), out, err);
    p.brkStart = BRK_START;
    p.brk = BRK_START;
    p.brkLimit = BRK_LIMIT;
    p.mmapBottom = MMAP_BOTTOM;
    p.mmapTop = MMAP_TOP;
    mem.map(SCRATCH, SCRATCH_SIZE, Memory.PROT_READ | Memory.PROT_WRITE);
    cursor = SCRATCH;
    sys = new LinuxSyscalls(p, false);
  }

  /** Performs system call {@code nr} with the given arguments and returns a0. */
  long call(int nr, long... args) {
    for (int i = 0; i < args.length; i++) {
      h.x[10 + i] = args[i];
    }
    for (int i = args.length; i < 6; i++) {
      h.x[10 + i] = 0;
    }
    h.x[17] = nr;
    sys.ecall(h);
    return h.x[10];
  }

  /** Reserves {@code n} bytes (8-aligned) of scratch memory. */
  long alloc(int n) {
    long a = cursor;
    cursor += (n + 7) & ~7;
    return a;
  }

  /** Puts a NUL-terminated string in scratch memory. */
  long str(String s) {
    byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_8);
    long a = alloc(b.length);
    mem.write(a, b, 0, b.length);
    return a;
  }

  /** Puts bytes in scratch memory. */
  long bytes(byte[] b) {
    long a = alloc(b.length);
    mem.write(a, b, 0, b.length);
    return a;
  }

  String string(long addr, int n) {
    return new String(mem.read(addr, n), StandardCharsets.UTF_8);
  }

  long i64(long addr) {
    return ByteBuffer.wrap(mem.read(addr, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  int i32(long addr) {
    return ByteBuffer.wrap(mem.read(addr, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  void put64(long addr, long v) {
    mem.write(addr, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v).array(),
        0, 8);
  }
}
