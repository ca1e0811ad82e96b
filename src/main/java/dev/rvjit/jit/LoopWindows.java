package dev.rvjit.jit;

import dev.rvjit.interp.Block;
import dev.rvjit.isa.Insn;
import dev.rvjit.isa.Kind;
import dev.rvjit.isa.Opcode;
import dev.rvjit.memory.Memory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Label;

/**
 * Loops whose memory accesses are range-tested once, where the loop is entered, instead of at
 * each access. A loop qualifies when it is a cycle of the region with one way in (its head: no
 * other block of it is an entry or has a predecessor outside it), one way back (a {@code bne},
 * {@code blt}, {@code bge}, {@code bltu} or {@code bgeu} to the head at the end of one block), no
 * cycle that avoids the head, and a branch that compares a counter {@code p}, changed in the loop
 * only by one {@code addi p, p, c}, with an end {@code e} the loop does not change. Each pass then
 * moves {@code p} by at most {@code c} and the loop goes back only while {@code p} has not met
 * {@code e} ({@code bne}: only when {@code e - p0} is a whole number of steps; the compares: when
 * {@code p} moves towards {@code e}), so the passes back are bounded by the distance
 * ({@code Memory.loopFast} works the bound out at run time). A base register unchanged in the
 * loop, {@code p} itself, or (when {@code p}'s addi is in the head or the back-jumping block, so
 * that every pass back moves {@code p}) another register changed only by one
 * {@code addi q, q, s} stays within a range known at entry; {@code Memory.loopFast} tests it
 * once (flat region; for stores, pages that take plain stores), and the loop's accesses off that
 * register take the fast path on its answer. A loop that is not vouched for tests each access as
 * before, so faults stay exact.
 */
final class LoopWindows {
  private LoopWindows() {}

  /**
   * {@code -Drvjit.jit.windows=false}: loops test every access ({@link LoopWindows}). For
   * side-by-side measurements.
   */
  static final boolean ENABLED = !"false".equals(System.getProperty("rvjit.jit.windows"));

  /**
   * A guest loop whose loads and stores off some base registers are range-tested once, where the
   * loop is entered, instead of at each access ({@link LoopWindows}).
   */
  static final class Window {
    final long head;
    final Set<Long> blocks;
    /** The loop counter (changed only by one {@code addi p, p, c}) and its end (unchanged). */
    final int p;
    final int e;
    final long c;
    /** When the loop goes back ({@code Memory.LOOP_NE} and the others). */
    final int cond;
    final Label pre = new Label();
    final Map<Integer, WinBase> bases = new java.util.TreeMap<>();
    /**
     * The index window on the same cycle ({@link IndexWindows}), or null; a window made only for
     * one has no counter and no bases.
     */
    IndexWindows.Plan index;
    /**
     * The passes of the same cycle that may be skipped where it is entered ({@link LoopSkips}),
     * or null; a window made only for one has no counter and no bases.
     */
    LoopSkips.Plan skip;

    Window(long head, Set<Long> blocks, int p, int e, long c, int cond) {
      this.head = head;
      this.blocks = blocks;
      this.p = p;
      this.e = e;
      this.c = c;
      this.cond = cond;
    }
  }

  /** A base register of a {@link Window}: its step per pass (0: unchanged) and access range. */
  static final class WinBase extends Translator.Span {
    final int reg;
    final long step;
    /** Its int local, counted from {@code Translator.winSlot}. */
    int slot;

    WinBase(int reg, long step) {
      this.reg = reg;
      this.step = step;
    }
  }

  /** The loops of {@code region} that qualify, with the base registers each one covers. */
  static List<Window> plan(Region region, Set<Long> entries, List<Long> shadow) {
    List<Window> out = new ArrayList<>();
    if (!ENABLED) {
      return out;
    }
    Map<Long, List<Long>> preds = region.internalPredecessors();
    for (Set<Long> c : region.cycles()) {
      Window w = window(region, entries, shadow, c, preds);
      if (w != null && !w.bases.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  private static Window window(Region region, Set<Long> entries, List<Long> shadow, Set<Long> c,
      Map<Long, List<Long>> preds) {
    // (A loop holding lead-in copies, the region entry first, is left alone: simpler.)
    long head = region.wayIn(c, entries, shadow, preds, false);
    if (head == -1) {
      return null;
    }
    Block latch = null;
    for (long q : preds.getOrDefault(head, List.of())) {
      if (c.contains(q)) {
        if (latch != null) {
          return null;
        }
        latch = region.blocks.get(q);
      }
    }
    if (latch == null || Translator.compiledLength(latch) != latch.insns.length) {
      return null;
    }
    Insn br = latch.last();
    if (br.op.kind != Kind.BRANCH || br.op == Opcode.BEQ || br.pc + br.imm != head
        || br.pc + br.len == head) {
      return null;
    }
    if (!acyclicWithout(region, c, head)) {
      return null;
    }
    // Writes of x registers in the loop: count, and the step of a lone addi r, r, s.
    int[] writes = new int[32];
    long[] step = new long[32];
    long[] stepAt = new long[32];
    for (long pc : c) {
      Block b = region.blocks.get(pc);
      int n = Translator.compiledLength(b);
      for (int i = 0; i < n; i++) {
        Insn in = b.insns[i];
        int r = Translator.writtenX(in);
        if (r > 0) {
          writes[r]++;
          if (in.op == Opcode.ADDI && in.rs1 == r && in.imm != 0) {
            step[r] = in.imm;
            stepAt[r] = pc;
          } else {
            step[r] = 0;
          }
        }
      }
    }
    int p;
    int e;
    boolean pFirst; // p is the branch's first operand
    if (br.rs1 != 0 && writes[br.rs1] == 1 && step[br.rs1] != 0 && writes[br.rs2] == 0) {
      p = br.rs1;
      e = br.rs2;
      pFirst = true;
    } else if (br.rs2 != 0 && writes[br.rs2] == 1 && step[br.rs2] != 0 && writes[br.rs1] == 0) {
      p = br.rs2;
      e = br.rs1;
      pFirst = false;
    } else {
      return null;
    }
    // blt a, b goes back while a < b: the counter must move towards the end (else it would run
    // until it wraps around, which loopFast does not vouch for).
    boolean up = step[p] > 0;
    int cond;
    switch (br.op) {
      case BNE:
        cond = Memory.LOOP_NE;
        break;
      case BLT:
      case BLTU:
        if (pFirst != up) {
          return null;
        }
        cond = Memory.LOOP_BEFORE;
        break;
      case BGE:
      case BGEU:
        if (pFirst == up) {
          return null;
        }
        cond = Memory.LOOP_UP_TO;
        break;
      default:
        return null;
    }
    if (br.op == Opcode.BLTU || br.op == Opcode.BGEU) {
      cond |= Memory.LOOP_UNSIGNED;
    }
    Window w = new Window(head, c, p, e, step[p], cond);
    boolean everyPass = stepAt[p] == head || stepAt[p] == latch.pc;
    for (long pc : c) {
      Block b = region.blocks.get(pc);
      int n = Translator.compiledLength(b);
      for (int i = 0; i < n; i++) {
        Insn in = b.insns[i];
        Kind k = in.op.kind;
        if (!(k == Kind.LOAD || k == Kind.STORE || k == Kind.FLOAD || k == Kind.FSTORE)
            || in.rs1 == 0) {
          continue;
        }
        int q = in.rs1;
        long s;
        if (writes[q] == 0) {
          s = 0;
        } else if (writes[q] == 1 && step[q] != 0 && (q == p || everyPass)) {
          s = step[q];
        } else {
          continue;
        }
        w.bases.computeIfAbsent(q, r -> new WinBase(r, s)).add(in);
      }
    }
    return w;
  }

  /** True if the blocks of {@code c} form no cycle once the edges into {@code head} are cut. */
  private static boolean acyclicWithout(Region region, Set<Long> c, long head) {
    Map<Long, Integer> state = new HashMap<>(); // 1: on the walk's path, 2: done
    ArrayDeque<long[]> stack = new ArrayDeque<>();
    stack.push(new long[] {head, 0});
    state.put(head, 1);
    while (!stack.isEmpty()) {
      long[] top = stack.peek();
      List<Long> succ = region.internalSuccessors(region.blocks.get(top[0]));
      if (top[1] < succ.size()) {
        long v = succ.get((int) top[1]++);
        if (v == head || !c.contains(v)) {
          continue;
        }
        Integer st = state.get(v);
        if (st == null) {
          state.put(v, 1);
          stack.push(new long[] {v, 0});
        } else if (st == 1) {
          return false;
        }
      } else {
        state.put(top[0], 2);
        stack.pop();
      }
    }
    return true;
  }
}
