package dev.rvjit.interp;

import dev.rvjit.isa.Insn;

/**
 * A guest basic block, decoded once: straight-line instructions ending at a control transfer, a
 * system instruction, a page boundary or a length cap. Carries the execution counter that the JIT
 * tier reads as its profile, and links to recently taken successors so the interpreter rarely
 * looks blocks up.
 */
public final class Block {
  /** Longest block the decoder builds, in instructions. */
  public static final int MAX_INSNS = 64;

  /** Guest address of the first instruction. */
  public final long pc;
  /** The decoded instructions, in order. */
  public final Insn[] insns;
  /** Guest address just past the last instruction (the fall-through successor). */
  public final long endPc;
  /** Times the block was entered in the interpreter since the JIT last (re-)armed it. */
  public long count;
  /** Entries counted before the JIT re-armed {@link #count} (see {@link #entries}). */
  public long earlierCount;
  /** False once the code under the block changed; a stale block is never entered again. */
  public volatile boolean valid = true;
  /** Cached fall-through successor, or null. */
  Block fall;
  /** Cached last taken (or indirect) successor, or null. */
  Block taken;
  /**
   * Distinct targets an indirect jump ending this block was seen to reach (the interpreter records
   * up to {@link #MAX_TARGETS} on the path where its one-entry successor cache misses), or null.
   */
  public volatile long[] indirectTargets;
  /**
   * How many indirect targets a block remembers. Sixteen rather than four: bytecode's interpreter
   * switch then keeps most of its handlers in the unit of its dispatch loop (half the unit
   * entries; 1.27x its steady guest rate, same-core paired runs), strings and cxx unchanged.
   */
  public static final int MAX_TARGETS = 16;
  /** Compiled code for this entry point, published by the JIT tier, or null. */
  public volatile CompiledCode compiled;
  /** Set when the JIT tier has queued or rejected this block, so it is asked only once. */
  public volatile int jitState;
  /**
   * Set when a unit holding this block kept leaving because values fell outside the ranges it was
   * compiled for (floating-point values, jit.FpRanges; registers where an index window's loop is
   * entered, jit.IndexWindows): units made from now on compile it without those ranges.
   */
  public volatile boolean noRanges;

  Block(long pc, Insn[] insns) {
    this.pc = pc;
    this.insns = insns;
    Insn last = insns[insns.length - 1];
    this.endPc = last.pc + last.len;
  }

  /** Remembers {@code target} as an indirect-jump target of this block (bounded, racy-safe). */
  void recordIndirectTarget(long target) {
    long[] t = indirectTargets;
    if (t == null) {
      indirectTargets = new long[] {target};
      return;
    }
    if (t.length >= MAX_TARGETS) {
      return;
    }
    for (long v : t) {
      if (v == target) {
        return;
      }
    }
    long[] n = java.util.Arrays.copyOf(t, t.length + 1);
    n[t.length] = target;
    indirectTargets = n;
  }

  /** Times the block was entered in the interpreter in all: the profile. */
  public long entries() {
    return count + earlierCount;
  }

  /** The last instruction (the one that decides where control goes). */
  public Insn last() {
    return insns[insns.length - 1];
  }
}
