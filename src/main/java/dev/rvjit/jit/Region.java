package dev.rvjit.jit;

import dev.rvjit.interp.Block;
import dev.rvjit.interp.BlockCache;
import dev.rvjit.interp.CompiledCode;
import dev.rvjit.isa.Insn;
import dev.rvjit.isa.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guest blocks one compiled unit covers: the hot entry block plus the successors the profile
 * shows were run, loops included, up to a size cap. Control inside a region moves by direct jumps
 * in one JVM method; anything else leaves through an exit.
 */
final class Region {
  /** The entry block (the one that became hot). */
  final Block entry;
  /** Blocks by start pc, in the order they are emitted (entry first). */
  final Map<Long, Block> blocks;

  private Region(Block entry, Map<Long, Block> blocks) {
    this.entry = entry;
    this.blocks = blocks;
  }

  /** True if an instruction of the region reads or writes an f register. */
  boolean usesFp() {
    for (Block b : blocks.values()) {
      for (Insn in : b.insns) {
        if (in.op.writesFpr() || in.op.readsFprRs1() || in.op.readsFprRs2()) {
          return true;
        }
      }
    }
    return false;
  }

  /** Guest instructions in the region. */
  int insnCount() {
    int n = 0;
    for (Block b : blocks.values()) {
      n += b.insns.length;
    }
    return n;
  }

  /** Lowest guest address covered. */
  long start() {
    long s = Long.MAX_VALUE;
    for (Block b : blocks.values()) {
      s = Math.min(s, b.pc);
    }
    return s;
  }

  /** One past the highest guest address covered. */
  long end() {
    long e = 0;
    for (Block b : blocks.values()) {
      e = Math.max(e, b.endPc);
    }
    return e;
  }

  /** True if a block starting at {@code pc} belongs to the region. */
  boolean contains(long pc) {
    return blocks.containsKey(pc);
  }

  /** True if any block overlaps {@code [start, end)} (unsigned). */
  boolean overlaps(long start, long end) {
    for (Block b : blocks.values()) {
      if (Long.compareUnsigned(b.endPc, start) > 0 && Long.compareUnsigned(b.pc, end) < 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Grows a region from {@code entry} over static successors (branch targets, fall-throughs,
   * direct jump targets and the return sites of calls), always taking the most-executed block on
   * the frontier next, so that hot loops come in before cold paths. Only blocks that are decoded,
   * still valid and whose counter is running are taken, until {@code maxInsns} guest
   * instructions. A block the JIT re-armed (one already inside a live unit) counts only its
   * entries since: counting its earlier ones too drew such blocks into every later region and
   * made mandelbrot 1.3x slower (measured, in-run medians).
   *
   * <p>A block where another live unit is entered ({@code mine}, the unit a grown region replaces,
   * aside) is left to that unit, so control leaves towards it, unless the block lies on a cycle of
   * the region (a loop through it stays in one method): copying other units' code into every
   * region that reaches it cost more compile time and split loops between units (qsort's merge
   * loop ping-ponged between two units that each held one arm: 155 million unit entries, 35
   * million now). Measured against copying (in-run medians of 5, runs alternating): cxx 0.91x
   * time (541 units and 508 KB of bytecode, 469 and 369 KB now), qsort 0.89x (7 runs), nbody
   * 0.89x, sieve 0.92x, mandelbrot 0.93x; strings, bytecode and sha256 within 2%. Leaving even
   * cyclic blocks to their units did better on qsort (0.84x) but made bytecode 1.36x slower: its
   * interpreter's dispatch block then left every handler's unit, 3.6 times the unit entries.
   *
   * <p>{@code keep}: the blocks of the region {@code mine} covers, when it is grown. They are taken
   * like hot blocks, by their whole count: while the unit ran them, the interpreter did not, so a
   * block re-armed when the unit took it in would otherwise look cold (count 0), and the grown
   * unit lost it and everything after it (a block of straight-line code became a unit entry of its
   * own: strings' printf path was split into units of 1 to 4 blocks).
   */
  static Region select(Block entry, BlockCache cache, int maxInsns, CompiledCode mine,
      Set<Long> keep) {
    Region r = grow(entry, cache, maxInsns, Set.of(), keep);
    if (!SHARE_ENTRIES) {
      return r;
    }
    Set<Long> cyclic = r.cyclicBlocks();
    Set<Long> others = new HashSet<>();
    for (Block b : r.blocks.values()) {
      CompiledCode c = b.compiled;
      if (b != entry && c != null && c != mine && c.valid && !cyclic.contains(b.pc)) {
        others.add(b.pc);
      }
    }
    return others.isEmpty() ? r : grow(entry, cache, maxInsns, others, keep);
  }

  /**
   * {@code -Drvjit.jit.copyEntries=true} lets regions copy other units' entry blocks again (see
   * {@link #select}), for side-by-side measurements. For diagnosis only.
   */
  private static final boolean SHARE_ENTRIES = !Boolean.getBoolean("rvjit.jit.copyEntries");
  /**
   * {@code -Drvjit.jit.followReturns=false}: a region grows through a return only to the return
   * site of a call it holds, never out into the callers' code (see {@link #grow}). For
   * side-by-side measurements (README, eighteenth session: whole runs faster, strings' steady
   * rate 0.89–0.91x). For diagnosis only.
   */
  static final boolean FOLLOW_RETURNS =
      !"false".equals(System.getProperty("rvjit.jit.followReturns"));

  /** A return: {@code jalr x0, 0(ra)} or through t0 (the alternate link register). */
  private static boolean isReturn(Insn in) {
    return in.op.kind == Kind.JALR && in.rd == 0 && (in.rs1 == 1 || in.rs1 == 5) && in.imm == 0;
  }

  /** True if a block of {@code blocks} ends with a call whose return site is {@code pc}. */
  private static boolean callSiteIn(Map<Long, Block> blocks, long pc) {
    for (Block c : blocks.values()) {
      Insn in = c.last();
      if ((in.op.kind == Kind.JAL || in.op.kind == Kind.JALR) && (in.rd == 1 || in.rd == 5)
          && in.pc + in.len == pc) {
        return true;
      }
    }
    return false;
  }

  /** {@link #select}'s growth, never taking the blocks in {@code leave}. */
  private static Region grow(Block entry, BlockCache cache, int maxInsns, Set<Long> leave,
      Set<Long> keep) {
    Map<Long, Block> blocks = new LinkedHashMap<>();
    java.util.function.ToLongFunction<Block> weight =
        x -> keep.contains(x.pc) ? x.entries() : x.count;
    java.util.PriorityQueue<Block> frontier = new java.util.PriorityQueue<>(
        (a, b) -> Long.compare(weight.applyAsLong(b), weight.applyAsLong(a)));
    java.util.Set<Long> seen = new java.util.HashSet<>();
    blocks.put(entry.pc, entry);
    seen.add(entry.pc);
    int size = entry.insns.length;
    Block b = entry;
    while (b != null) {
      boolean ret = !FOLLOW_RETURNS && isReturn(b.last());
      for (long s : successors(b)) {
        if (ret && !callSiteIn(blocks, s)) {
          continue; // a return leads out of the region's code, not back into it
        }
        if (!seen.add(s)) {
          continue;
        }
        Block nb = cache.get(s);
        if (nb != null && nb.valid && (nb.count != 0 || keep.contains(s))
            && !leave.contains(s)) {
          frontier.add(nb);
        }
      }
      b = null;
      while (!frontier.isEmpty()) {
        Block c = frontier.poll();
        if (size + c.insns.length <= maxInsns) {
          blocks.put(c.pc, c);
          size += c.insns.length;
          b = c;
          break;
        }
      }
    }
    return new Region(entry, blocks);
  }

  /** The region cut down to its first {@code n} blocks (in selection order). */
  Region firstBlocks(int n) {
    Map<Long, Block> m = new LinkedHashMap<>();
    for (Block b : blocks.values()) {
      if (m.size() == n) {
        break;
      }
      m.put(b.pc, b);
    }
    return new Region(entry, m);
  }

  /** Statically known successors of a block, most likely first, return sites of calls included. */
  static List<Long> successors(Block b) {
    return successors(b, true);
  }

  /**
   * Statically known successors of a block, most likely first; with {@code returnSites}, also
   * where a call's callee returns to (a block control reaches later, not from this one).
   */
  private static List<Long> successors(Block b, boolean returnSites) {
    List<Long> out = new ArrayList<>(2);
    Insn last = b.last();
    switch (last.op.kind) {
      case BRANCH:
        out.add(last.pc + last.imm);
        out.add(last.pc + last.len);
        break;
      case JAL:
        out.add(last.pc + last.imm);
        if (returnSites && last.rd != 0) {
          out.add(last.pc + last.len); // where the callee's return lands
        }
        break;
      case JALR: {
        // The target the interpreter saw last (a function pointer, a switch table entry):
        // compiled code checks it and stays in the region when it matches.
        long[] seen = b.indirectTargets;
        if (seen != null) {
          for (long t : seen) {
            out.add(t);
          }
        }
        if (returnSites && last.rd != 0) {
          out.add(last.pc + last.len);
        }
        break;
      }
      case ECALL:
      case EBREAK:
      case ILLEGAL:
      case FENCE_I:
        break;
      default:
        out.add(b.endPc);
        break;
    }
    return out;
  }

  /**
   * Where control may go from {@code b} without leaving the unit: the successors that are blocks
   * of the region. Calls lead to their callee only (the return site is reached through the
   * callee's return, or from outside); an indirect jump leads to the targets the interpreter saw.
   */
  List<Long> internalSuccessors(Block b) {
    // Memoized: the interpreter may record another indirect target of a block while the unit is
    // translated, and every analysis of the translator and its emission must see the same edges.
    return internal.computeIfAbsent(b.pc, pc -> internalSuccessorsNow(b));
  }

  private final Map<Long, List<Long>> internal = new HashMap<>();

  private List<Long> internalSuccessorsNow(Block b) {
    List<Long> out = new ArrayList<>(2);
    for (long pc : successors(b, false)) {
      if (blocks.containsKey(pc) && !out.contains(pc)) {
        out.add(pc);
      }
    }
    return out;
  }

  /** For each block of the region reached inside it: the blocks that go there (internal edges). */
  Map<Long, List<Long>> internalPredecessors() {
    Map<Long, List<Long>> preds = new HashMap<>();
    for (Block b : blocks.values()) {
      for (long s : internalSuccessors(b)) {
        preds.computeIfAbsent(s, k -> new ArrayList<>()).add(b.pc);
      }
    }
    return preds;
  }

  /**
   * The one block of cycle {@code c} that control enters from outside it (a unit entry, the
   * region entry, or a block with a predecessor outside the cycle), or -1 if there is none or
   * more than one. With {@code leadIn}, a region entry that has lead-in copies ({@code shadow})
   * counts as entered only through its predecessors (the dispatcher runs the copy instead), and
   * a copy that jumps into the cycle anywhere but the head or another copy makes it -1; without,
   * any block with a copy counts as a way in.
   */
  long wayIn(Set<Long> c, Set<Long> entries, List<Long> shadow, Map<Long, List<Long>> preds,
      boolean leadIn) {
    long head = -1;
    for (long pc : c) {
      boolean viaCopy = leadIn && !shadow.isEmpty() && pc == entry.pc;
      boolean outside = !viaCopy
          && (entries.contains(pc) || pc == entry.pc || !leadIn && shadow.contains(pc));
      for (long q : preds.getOrDefault(pc, List.of())) {
        outside |= !c.contains(q);
      }
      if (outside) {
        if (head != -1) {
          return -1;
        }
        head = pc;
      }
    }
    if (head != -1 && leadIn) {
      for (long pc : shadow) {
        for (long t : internalSuccessors(blocks.get(pc))) {
          if (c.contains(t) && t != head && !shadow.contains(t)) {
            return -1;
          }
        }
      }
    }
    return head;
  }

  /** Most guest instructions copied to lead the region entry to the head of its loop. */
  static final int MAX_SHADOW_INSNS = 32;

  /** Where a unit may be entered, and how its entry reaches the head of its loop. */
  static final class EntryPlan {
    /** Blocks the dispatcher may enter the unit at. */
    final Set<Long> entries;
    /**
     * Blocks copied (in this order, region entry first) to lead from the region entry to the head
     * of the loop it lies in; empty when the entry is that head or lies in no loop.
     */
    final List<Long> shadow;

    EntryPlan(Set<Long> entries, List<Long> shadow) {
      this.entries = entries;
      this.shadow = shadow;
    }
  }

  /**
   * Plans the unit's entries so that every guest loop in it has one way in and stays reducible
   * for C2 (a loop entered in the middle is irreducible, and C2 then optimizes nothing in it: no
   * hoisting, no range-check elimination). The entries are the region entry, every block outside
   * the region's cycles, and for each cycle (strongly connected component) one head: the block
   * where a depth-first walk from the region entry first reaches it, except for the region
   * entry's own cycle, whose head is its most-executed block (the hot inner loop; the region entry
   * may be a rarely taken path that merely became hot first). The region entry then runs a copy
   * of the blocks that lead to that head, at most {@link #MAX_SHADOW_INSNS} instructions, else it
   * heads its cycle itself. A block left out is run by the interpreter when entered from outside,
   * and if that keeps happening it becomes the entry of a unit of its own.
   */
  EntryPlan entryPlan() {
    Set<Long> out = new HashSet<>();
    List<Set<Long>> components = components(out);
    List<Long> shadow = List.of();
    for (Set<Long> c : components) {
      if (!c.contains(entry.pc) || !cyclic(c)) {
        continue;
      }
      long head = entry.pc;
      for (long pc : c) {
        if (blocks.get(pc).entries() > blocks.get(head).entries()) {
          head = pc;
        }
      }
      if (head != entry.pc) {
        List<Long> path = leadIn(c, head);
        if (path != null) {
          out.add(head);
          shadow = path;
        }
      }
    }
    return new EntryPlan(out, shadow);
  }

  /** The blocks that lie on a cycle of the region's internal edges (a guest loop in the unit). */
  Set<Long> cyclicBlocks() {
    Set<Long> out = new HashSet<>();
    for (Set<Long> c : components(new HashSet<>())) {
      if (cyclic(c)) {
        out.addAll(c);
      }
    }
    return out;
  }

  /** The cycles of the region's internal edges: its strongly connected components that loop. */
  List<Set<Long>> cycles() {
    List<Set<Long>> out = new ArrayList<>();
    for (Set<Long> c : components(new HashSet<>())) {
      if (cyclic(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The strongly connected components of the region's internal edges (Tarjan), walking from the
   * blocks in region order (entry first, so its walk names the cycles' heads); adds to
   * {@code heads} each component's first block reached.
   */
  private List<Set<Long>> components(Set<Long> heads) {
    Map<Long, Integer> index = new HashMap<>();
    Map<Long, Integer> low = new HashMap<>();
    ArrayDeque<Long> stack = new ArrayDeque<>();
    Set<Long> onStack = new HashSet<>();
    List<Set<Long>> components = new ArrayList<>();
    int[] counter = {0};
    for (Long pc : blocks.keySet()) {
      if (!index.containsKey(pc)) {
        strongConnect(pc, index, low, stack, onStack, heads, components, counter);
      }
    }
    return components;
  }

  private boolean cyclic(Set<Long> c) {
    if (c.size() > 1) {
      return true;
    }
    long v = c.iterator().next();
    return internalSuccessors(blocks.get(v)).contains(v);
  }

  /**
   * The blocks of component {@code c} reachable from the region entry without passing
   * {@code head} (entry first), or null if they hold more than {@link #MAX_SHADOW_INSNS}.
   */
  private List<Long> leadIn(Set<Long> c, long head) {
    List<Long> order = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    ArrayDeque<Long> work = new ArrayDeque<>();
    work.add(entry.pc);
    seen.add(entry.pc);
    int insns = 0;
    while (!work.isEmpty()) {
      long v = work.poll();
      order.add(v);
      insns += blocks.get(v).insns.length;
      if (insns > MAX_SHADOW_INSNS) {
        return null;
      }
      for (long w : internalSuccessors(blocks.get(v))) {
        if (w != head && c.contains(w) && seen.add(w)) {
          work.add(w);
        }
      }
    }
    return order;
  }

  private void strongConnect(long v, Map<Long, Integer> index, Map<Long, Integer> low,
      ArrayDeque<Long> stack, Set<Long> onStack, Set<Long> out, List<Set<Long>> components,
      int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (long w : internalSuccessors(blocks.get(v))) {
      if (!index.containsKey(w)) {
        strongConnect(w, index, low, stack, onStack, out, components, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      // v is the first block of its component the walk reached: the component's head.
      Set<Long> c = new HashSet<>();
      long w;
      do {
        w = stack.pop();
        onStack.remove(w);
        c.add(w);
      } while (w != v);
      components.add(c);
      out.add(v); // a block outside any cycle, or the one way into its cycle

    }
  }

  /** True if the block's last instruction is one compiled code hands back to the interpreter. */
  static boolean endsInInterpreter(Block b) {
    Kind k = b.last().op.kind;
    return k == Kind.ECALL || k == Kind.EBREAK || k == Kind.ILLEGAL || k == Kind.FENCE_I;
  }
}
