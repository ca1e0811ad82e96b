package dev.rvjit.cpu;

import dev.rvjit.memory.Memory;

/**
 * Architectural state of one RISC-V hart: integer and floating-point registers, pc, fcsr, the
 * retired-instruction count and the LR/SC reservation.
 *
 * <p>{@link #x} has 33 slots: slot 0 is x0 and always reads zero; slot 32 is a sink where the
 * interpreter writes results destined for x0 (see {@link dev.rvjit.isa.Insn#xd}). Floating-point
 * registers hold raw IEEE bits; a single is NaN-boxed (upper 32 bits all ones).
 */
public final class Hart {
  /** Integer registers x0..x31, plus the x0 write sink at index 32. */
  public final long[] x = new long[33];
  /** Floating-point registers f0..f31 as raw bits. */
  public final long[] f = new long[32];
  /** Program counter: the next instruction to execute when no engine is running. */
  public long pc;
  /** Accrued exception flags (NV=16, DZ=8, OF=4, UF=2, NX=1). */
  public int fflags;
  /** Dynamic rounding mode (0..4 valid). */
  public int frm;
  /** Instructions retired so far. Exact at every point where an engine hands over control. */
  public long instret;
  /** Address reserved by the last LR, or -1 for none. */
  public long reservation = -1;
  /** Value seen by the last LR (an SC succeeds only if memory still holds it). */
  public long reservationValue;
  /** The guest memory this hart executes against. */
  public final Memory mem;
  /**
   * A trap another thread asks the engines to raise (a timeout, a signal to the host process), or
   * null. The dispatcher checks it at every block it runs and every time compiled code hands back,
   * which compiled code does at least every {@code Interpreter.COMPILED_SLICE} instructions, so a
   * guest stuck in a loop stops quickly.
   */
  public volatile GuestTrap pending;
  /** Wall-clock origin for the {@code time} CSR, in host nanoseconds. */
  public final long timeOrigin = System.nanoTime();

  public Hart(Memory mem) {
    this.mem = mem;
  }

  /** Asks the running engine to stop the guest with {@code reason} (thread-safe). */
  public void interrupt(GuestTrap reason) {
    pending = reason;
  }

  /** Reads an integer register by ABI-independent number (0..31). */
  public long reg(int i) {
    return i == 0 ? 0 : x[i];
  }

  /** Writes an integer register (writes to x0 are dropped). */
  public void setReg(int i, long v) {
    if (i != 0) {
      x[i] = v;
    }
  }

  /** ABI names of the integer registers, x0..x31. */
  public static final String[] ABI_NAMES = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"
  };

  /** ABI names of the floating-point registers, f0..f31. */
  public static final String[] FP_ABI_NAMES = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3",
    "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10",
    "fs11", "ft8", "ft9", "ft10", "ft11"
  };
}
