package dev.rvjit.jmh;

import dev.rvjit.cpu.GuestExit;
import dev.rvjit.cpu.Hart;
import dev.rvjit.cpu.Syscalls;
import dev.rvjit.interp.BlockCache;
import dev.rvjit.interp.Interpreter;
import dev.rvjit.jit.Jit;
import dev.rvjit.memory.Memory;
import java.io.ByteArrayOutputStream;

/**
 * A bare guest for micro-benchmarks: hand-encoded RV64 code at {@link #CODE}, scratch data at
 * {@link #DATA}, no ELF and no Linux (system call 93 exits). The JIT tier, when present, compiles
 * synchronously after {@code threshold} block entries.
 */
final class Guest {
  static final long CODE = 0x10000;
  static final long DATA = 0x200000;
  static final int DATA_SIZE = 64 * 1024;

  // Register numbers (ABI names).
  static final int ZERO = 0;
  static final int T0 = 5;
  static final int A0 = 10;
  static final int A1 = 11;
  static final int A2 = 12;
  static final int A3 = 13;
  static final int A7 = 17;

  final Memory mem = new Memory();
  final Hart hart = new Hart(mem);
  final BlockCache cache = new BlockCache(mem);
  final Interpreter interp;
  private final ByteArrayOutputStream code = new ByteArrayOutputStream();

  Guest(boolean jit, long threshold) {
    Syscalls sys = h -> {
      if (h.x[A7] == 93) {
        throw new GuestExit((int) h.x[A0]);
      }
      h.x[A0] = -38;
    };
    interp = new Interpreter(hart, sys, cache);
    if (jit) {
      interp.setTier1(new Jit(cache, threshold, true));
    }
    mem.map(DATA, DATA_SIZE, Memory.PROT_READ | Memory.PROT_WRITE);
  }

  /** Address of the next instruction appended. */
  long here() {
    return CODE + code.size();
  }

  Guest emit(int word) {
    for (int i = 0; i < 4; i++) {
      code.write(word >>> (8 * i));
    }
    return this;
  }

  static int addi(int rd, int rs1, int imm) {
    return (imm & 0xfff) << 20 | rs1 << 15 | rd << 7 | 0x13;
  }

  static int ld(int rd, int rs1, int imm) {
    return (imm & 0xfff) << 20 | rs1 << 15 | 3 << 12 | rd << 7 | 0x03;
  }

  static int sd(int rs2, int rs1, int imm) {
    return (imm >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | 3 << 12 | (imm & 0x1f) << 7 | 0x23;
  }

  /** bne rs1, rs2, target (a branch at {@code at}). */
  static int bne(int rs1, int rs2, long at, long target) {
    int off = (int) (target - at);
    return (off >> 12 & 1) << 31 | (off >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | 1 << 12
        | (off >> 1 & 0xf) << 8 | (off >> 11 & 1) << 7 | 0x63;
  }

  /** jal x0, target (an unconditional jump at {@code at}). */
  static int j(long at, long target) {
    int off = (int) (target - at);
    return (off >> 20 & 1) << 31 | (off >> 1 & 0x3ff) << 21 | (off >> 11 & 1) << 20
        | (off >> 12 & 0xff) << 12 | 0x6f;
  }

  /** Appends {@code li a7,93; ecall} and maps the code. */
  Guest finish() {
    emit(addi(A7, ZERO, 93)).emit(0x00000073);
    byte[] bytes = code.toByteArray();
    long size = (bytes.length + Memory.PAGE_SIZE - 1) & ~(Memory.PAGE_SIZE - 1);
    mem.map(CODE, size, Memory.PROT_READ | Memory.PROT_EXEC);
    mem.poke(CODE, bytes, 0, bytes.length);
    return this;
  }

  /** Runs from {@link #CODE} with a0 = {@code a0} until the guest exits; returns instret. */
  long run(long a0) {
    hart.pc = CODE;
    hart.x[A0] = a0;
    hart.instret = 0;
    try {
      interp.run(Long.MAX_VALUE);
    } catch (GuestExit e) {
      return hart.instret;
    }
    throw new IllegalStateException("guest did not exit");
  }
}
