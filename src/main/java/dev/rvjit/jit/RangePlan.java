package dev.rvjit.jit;

import dev.rvjit.interp.Block;
import dev.rvjit.isa.Insn;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The range analysis ({@link FpRanges}) of one region with double-precision code, worked out
 * before the translator emits it: which f registers each block relies on (a backward liveness over
 * the region's internal edges, counting only the reads whose range matters), then what each block
 * may assume where it starts (a forward dataflow to its fixed point). A block with no internal
 * predecessor assumes nothing; any other entry block assumes "moderate" for the registers it
 * relies on that the region never writes (checked where the dispatcher enters), joined with what
 * its predecessors bring.
 *
 * <p>The emitter steps each instruction through {@link #step}, the same function the dataflow
 * used, so that the code and the plan agree.
 */
final class RangePlan {
  private final Region region;
  /** Range state where each block starts. */
  private final Map<Long, FpRanges.State> in = new HashMap<>();
  /** f registers whose value at each block's start may reach a product, quotient or sqrt. */
  private final Map<Long, BitSet> productLive = new HashMap<>();
  /** f registers whose range each block relies on before writing them. */
  private final Map<Long, BitSet> rangeLive = new HashMap<>();

  private RangePlan(Region region) {
    this.region = region;
  }

  /**
   * The plan for {@code region}, whose unit may be entered at {@code entries} (and its entry
   * block) and whose code writes the f registers in {@code fWritten}.
   */
  static RangePlan of(Region region, Set<Long> entries, BitSet fWritten) {
    RangePlan p = new RangePlan(region);
    p.plan(entries, fWritten);
    return p;
  }

  /** The state block {@code pc} may assume where it starts, or null if none was planned. */
  FpRanges.State in(long pc) {
    return in.get(pc);
  }

  /** The f registers whose range block {@code pc} relies on before writing them, or null. */
  BitSet relied(long pc) {
    return rangeLive.get(pc);
  }

  /**
   * {@link FpRanges#step} for instruction {@code i} of {@code b}: decides how it is compiled
   * given {@code s} and moves {@code s} past it; operands to check first go to {@code checks}.
   */
  FpRanges.Decision step(FpRanges.State s, Block b, int i, BitSet checks) {
    return FpRanges.step(s, b.insns, i, Translator.compiledLength(b), checks,
        r -> feedsProduct(b, i, r), r -> reliedOn(b, i, r));
  }

  private void plan(Set<Long> entries, BitSet fWritten) {
    Set<Long> reached = new HashSet<>(); // blocks with internal predecessors
    for (Block b : region.blocks.values()) {
      reached.addAll(region.internalSuccessors(b));
    }
    liveness(rangeLive, FpRanges::rangedReads);
    liveness(productLive, FpRanges::productReads);
    // Forward: in-states.
    Map<Long, Integer> updates = new HashMap<>();
    ArrayDeque<Block> work = new ArrayDeque<>();
    for (Block b : region.blocks.values()) {
      FpRanges.State s;
      if (!reached.contains(b.pc)) {
        s = FpRanges.State.unknown();
      } else if (entries.contains(b.pc) || b == region.entry) {
        // Registers the region never writes (a loop's invariants) are assumed moderate, and
        // checked at entry; the others start from nothing and get what the region's own code
        // leaves in them (a loop's running values, checked or derived inside the loop).
        s = FpRanges.State.top();
        BitSet live = rangeLive.get(b.pc);
        for (int r = live.nextSetBit(0); r >= 0; r = live.nextSetBit(r + 1)) {
          if (!fWritten.get(r)) {
            s.setModerate(r, false);
          }
        }
      } else {
        continue;
      }
      in.put(b.pc, s);
      work.add(b);
    }
    while (true) {
      fixedPoint(work, updates);
      for (Block b : region.blocks.values()) {
        FpRanges.State s = in.get(b.pc);
        if (s == null) {
          // No state reached it (emission starts such a block from nothing, so must this).
          in.put(b.pc, FpRanges.State.unknown());
          work.add(b);
        } else if ((entries.contains(b.pc) || b == region.entry) && s.topToUnknown()) {
          // A register no code of the region defines on the way to an entry holds whatever the
          // dispatcher brings: unknown, and so it flows on (it is not checked at entry). Left
          // as TOP, a successor assumed only what its other predecessors leave there (found by
          // the tier fuzzer: seed 6007578).
          work.add(b);
        }
      }
      if (work.isEmpty()) {
        break;
      }
    }
  }

  /** Runs the forward propagation until nothing on {@code work} changes. */
  private void fixedPoint(ArrayDeque<Block> work, Map<Long, Integer> updates) {
    while (!work.isEmpty()) {
      Block b = work.poll();
      FpRanges.State o = in.get(b.pc).copy();
      int n = Translator.compiledLength(b);
      for (int i = 0; i < n; i++) {
        step(o, b, i, new BitSet(32));
      }
      for (long t : region.internalSuccessors(b)) {
        FpRanges.State prev = in.get(t);
        if (prev == null) {
          FpRanges.State fresh = FpRanges.State.top();
          fresh.join(o);
          in.put(t, fresh);
          work.add(region.blocks.get(t));
          continue;
        }
        FpRanges.State before = prev.copy();
        if (prev.join(o)) {
          int k = updates.merge(t, 1, Integer::sum);
          if (k > 16) {
            prev.widen(before); // still moving: give those registers up
          }
          work.add(region.blocks.get(t));
        }
      }
    }
  }

  /**
   * A backward liveness over the region's internal edges: {@code live} gets, for each block, the f
   * registers that {@code reads} counts as read before the block (or a block after it) writes them.
   */
  private void liveness(Map<Long, BitSet> live, BiConsumer<Insn, BitSet> reads) {
    Map<Long, BitSet> use = new HashMap<>();
    Map<Long, BitSet> def = new HashMap<>();
    BitSet r = new BitSet(32);
    for (Block b : region.blocks.values()) {
      BitSet u = new BitSet(32);
      BitSet d = new BitSet(32);
      int n = Translator.compiledLength(b);
      for (int i = 0; i < n; i++) {
        Insn in = b.insns[i];
        r.clear();
        reads.accept(in, r);
        r.andNot(d);
        u.or(r);
        if (in.op.writesFpr()) {
          d.set(in.rd);
        }
      }
      use.put(b.pc, u);
      def.put(b.pc, d);
      live.put(b.pc, (BitSet) u.clone());
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Block b : region.blocks.values()) {
        BitSet out = new BitSet(32);
        for (long t : region.internalSuccessors(b)) {
          out.or(live.get(t));
        }
        out.andNot(def.get(b.pc));
        out.or(use.get(b.pc));
        if (!out.equals(live.get(b.pc))) {
          live.put(b.pc, out);
          changed = true;
        }
      }
    }
  }

  /**
   * Whether the value instruction {@code i} of {@code b} writes to f[r] may reach an operand of a
   * ranged product, quotient or square root, in the block or after it inside the region.
   */
  private boolean feedsProduct(Block b, int i, int r) {
    return reaches(b, i, r, FpRanges::productReads, productLive);
  }

  /**
   * Whether the value instruction {@code i} of {@code b} writes to f[r] may reach an instruction
   * that relies on its range ({@link FpRanges#rangedReads}), in the block or after it inside the
   * region.
   */
  private boolean reliedOn(Block b, int i, int r) {
    return reaches(b, i, r, FpRanges::rangedReads, rangeLive);
  }

  /**
   * Whether f[r] as instruction {@code i} of {@code b} leaves it is read as {@code reads} counts
   * reads before it is written again, in the block or (through {@code live}, the matching
   * {@link #liveness}) after it inside the region.
   */
  private boolean reaches(Block b, int i, int r, BiConsumer<Insn, BitSet> reads,
      Map<Long, BitSet> live) {
    int n = Translator.compiledLength(b);
    BitSet read = new BitSet(32);
    for (int k = i + 1; k < n; k++) {
      Insn in = b.insns[k];
      read.clear();
      reads.accept(in, read);
      if (read.get(r)) {
        return true;
      }
      if (in.op.writesFpr() && in.rd == r) {
        return false;
      }
    }
    for (long t : region.internalSuccessors(b)) {
      BitSet l = live.get(t);
      if (l != null && l.get(r)) {
        return true;
      }
    }
    return false;
  }
}
