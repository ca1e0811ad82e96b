package dev.rvjit.interp;

import dev.rvjit.cpu.GuestTrap;
import dev.rvjit.cpu.Hart;
import dev.rvjit.cpu.IllegalInstruction;
import dev.rvjit.isa.Insn;

/**
 * Code for a guest region, made by the JIT tier as a hidden class extending this one. An abstract
 * class rather than an interface because HotSpot dispatches a class call more cheaply (measured in
 * shared/DESIGN.md).
 *
 * <p>Control leaves a unit only through numbered exits. {@link #linkPc} and {@link #linkCode}
 * cache where each exit led and the unit that ran there, so going from one unit to the next
 * costs no table lookup once linked.
 */
public abstract class CompiledCode {
  /**
   * For each exit: a guest pc it led to and the unit that ran there (trusted only while that unit
   * is {@link #valid}), so the dispatcher goes on without touching a block.
   */
  public final long[] linkPc;
  /** See {@link #linkPc}. */
  public final CompiledCode[] linkCode;
  /** For each instruction that may trap, by trap index: the instruction. */
  private final Insn[] trapInsns;
  /** For each trap index: instructions of its block at and after it (not retired on a trap). */
  private final int[] trapAdjust;
  /** Cleared when the guest code under the unit changes; the unit is never entered again. */
  public volatile boolean valid = true;
  /** Times the dispatcher entered the unit (its share of the profile). */
  public long entries;
  /**
   * Times the unit left at a floating-point value outside its compiled range, or declined an entry
   * for one (jit.FpRanges); counted by the dispatcher.
   */
  public long rangeMisses;
  /**
   * Entries of each block of the region (in region order), counted by the generated code when the
   * JIT was asked to profile; null otherwise.
   */
  public final long[] blockCounts;

  protected CompiledCode(int exits, Insn[] trapInsns, int[] trapAdjust, long[] blockCounts) {
    this.linkPc = new long[exits];
    this.linkCode = new CompiledCode[exits];
    this.trapInsns = trapInsns;
    this.trapAdjust = trapAdjust;
    this.blockCounts = blockCounts;
  }

  /**
   * Runs guest code from {@code h.pc} (the unit's entry, or any block of its region that the JIT
   * published as an entry) with the hart's state until control leaves the unit, or until the
   * instruction budget ({@code limit} - {@code h.instret}) may not cover another pass through the
   * unit. On return the hart is exact (registers, {@code instret}, {@code pc} = the next guest
   * pc) and the exit's number is returned; -1 means the unit declined to start (too little budget
   * for one pass) and changed nothing, -2 likewise because an f register held a value outside the
   * range the unit was compiled for at that entry. Traps propagate with the hart exact, as the
   * interpreter would leave it ({@link dev.rvjit.cpu.RangeMiss} too: a value outside its range
   * met inside the unit).
   */
  public abstract int run(Hart h, long limit);

  /**
   * Called by generated code when an instruction traps: makes pc and instret exact (registers were
   * written back already) and fills in what the semantics method could not know.
   *
   * @param retiredAtBlockEnd instret as it would be after the whole current block
   */
  protected final GuestTrap trapped(GuestTrap t, Hart h, int trapIndex, long retiredAtBlockEnd) {
    Insn in = trapInsns[trapIndex];
    h.pc = in.pc;
    h.instret = retiredAtBlockEnd - trapAdjust[trapIndex];
    if (t instanceof IllegalInstruction && ((IllegalInstruction) t).word() == 0) {
      t = new IllegalInstruction(in.raw, in.len);
    }
    return t.at(in.pc);
  }
}
