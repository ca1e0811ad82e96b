package dev.rvjit.testing;

import dev.rvjit.cpu.GuestExit;
import dev.rvjit.cpu.GuestTrap;
import dev.rvjit.cpu.Hart;
import dev.rvjit.cpu.Syscalls;
import dev.rvjit.interp.BlockCache;
import dev.rvjit.interp.Interpreter;
import dev.rvjit.jit.Jit;
import dev.rvjit.memory.Memory;
import java.io.ByteArrayOutputStream;

/**
 * A guest machine without ELF or Linux, for instruction-level tests: code at {@link #CODE}, a
 * read-write scratch region at {@link #DATA}, registers set by hand. One class serves both tiers:
 * {@link Tier#JIT} compiles every block synchronously before its first execution, so each test
 * runs the same code as compiled code. System call 93 exits; others return -ENOSYS.
 */
public final class RawMachine {
  public static final long CODE = 0x10000;
  public static final long DATA = 0x200000;
  public static final int DATA_SIZE = 64 * 1024;

  /** How the machine executes. */
  public enum Tier {
    INTERP,
    JIT
  }

  public final Memory mem = new Memory();
  public final Hart hart = new Hart(mem);
  public final BlockCache cache = new BlockCache(mem);
  public final Interpreter interp;
  public final Jit jit;
  private final ByteArrayOutputStream code = new ByteArrayOutputStream();
  private boolean writableCode;

  public RawMachine(Tier tier) {
    this(tier, 1);
  }

  public RawMachine(Tier tier, long jitThreshold) {
    Syscalls sys = h -> {
      if (h.x[17] == 93) {
        throw new GuestExit((int) h.x[10]);
      }
      h.x[10] = -38;
    };
    interp = new Interpreter(hart, sys, cache);
    if (tier == Tier.JIT) {
      jit = new Jit(cache, jitThreshold, true);
      interp.setTier1(jit);
    } else {
      jit = null;
    }
    mem.map(DATA, DATA_SIZE, Memory.PROT_READ | Memory.PROT_WRITE);
    hart.pc = CODE;
  }

  /** Appends instructions; a word whose low two bits are not 11 is a 16-bit compressed one. */
  public RawMachine code(int... words) {
    for (int w : words) {
      int len = (w & 3) == 3 ? 4 : 2;
      for (int i = 0; i < len; i++) {
        code.write(w >>> (8 * i));
      }
    }
    return this;
  }

  /** Appends raw bytes of code. */
  public RawMachine codeBytes(byte[] b) {
    code.write(b, 0, b.length);
    return this;
  }

  /** Maps the code pages writable too (for self-modifying code). */
  public RawMachine writableCode() {
    writableCode = true;
    return this;
  }

  public RawMachine reg(int r, long v) {
    hart.x[r] = v;
    return this;
  }

  public RawMachine freg(int r, long bits) {
    hart.f[r] = bits;
    return this;
  }

  /** How a run ended. */
  public static final class Result {
    /** "exit N", or the trap's class and description, or "returned". */
    public final String outcome;
    /** The trap, or null. */
    public final GuestTrap trap;
    public final Hart hart;

    Result(String outcome, GuestTrap trap, Hart hart) {
      this.outcome = outcome;
      this.trap = trap;
      this.hart = hart;
    }

    public long x(int r) {
      return hart.x[r];
    }
  }

  /** Appends {@code li a7,93; ecall} and runs to the end. */
  public Result runToExit() {
    code(0x05d00893, 0x00000073); // addi a7,x0,93 ; ecall
    return run(Long.MAX_VALUE);
  }

  /** Runs what was assembled (which must end by itself) with an instruction limit. */
  public Result run(long limit) {
    byte[] bytes = code.toByteArray();
    long size = Math.max(Memory.PAGE_SIZE,
        (bytes.length + Memory.PAGE_SIZE - 1) & ~(Memory.PAGE_SIZE - 1));
    mem.map(CODE, size, Memory.PROT_READ | Memory.PROT_EXEC
        | (writableCode ? Memory.PROT_WRITE : 0));
    mem.poke(CODE, bytes, 0, bytes.length);
    try {
      interp.run(limit);
      return new Result("returned", null, hart);
    } catch (GuestExit e) {
      return new Result("exit " + e.status(), null, hart);
    } catch (GuestTrap t) {
      return new Result(t.getClass().getSimpleName() + ": " + t.describe(), t, hart);
    }
  }
}
