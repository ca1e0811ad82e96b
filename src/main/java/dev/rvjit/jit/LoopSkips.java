package dev.rvjit.jit;

import dev.rvjit.interp.Block;
import dev.rvjit.isa.Insn;
import dev.rvjit.isa.Kind;
import dev.rvjit.isa.Opcode;
import dev.rvjit.memory.LoopRuns;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small loops whose passes compiled code may skip in bulk where the loop is entered
 * ({@link LoopRuns}): the byte loops of a C library's {@code memcmp}, {@code memcpy},
 * {@code strlen} or {@code memset} and their like. Such a loop runs a handful of guest
 * instructions per element, and each pass costs compiled code its budget count, a safepoint
 * poll and a range test per access; walking the elements in Java costs a few machine
 * instructions each, or a word at a time.
 *
 * <p>A loop qualifies when it is a simple cycle of the region (each block's one way on stays in
 * the cycle, its other way leaves it; no calls) whose pass, read symbolically from the head's
 * state, is:
 *
 * <ul>
 *   <li>pointers: registers that end each pass moved by a constant ({@code addi p, p, c});
 *       registers the pass reads before it writes are pointers or unchanged;
 *   <li>addresses of integer loads and stores: sums of a constant and multiples of registers at
 *       the head (so each access walks a stream with a fixed step);
 *   <li>branches: {@code beq} or {@code bne} between two such sums (a pointer meeting an end:
 *       the pass it leaves in is worked out), or one data test: two loaded elements of the same
 *       kind compared (compare), or a loaded element against an unchanged value (scan);
 *   <li>stores: none with a data test; else one, of the element loaded earlier in the pass
 *       (copy) or of an unchanged value (fill).
 * </ul>
 *
 * Other integer arithmetic may fill registers that the pass writes before reading (such as
 * {@code sub a1, a3, a4}, read only after the loop). The loop's own code runs the pass that
 * leaves, and the whole pass before it too unless every such register is set before the pass's
 * first test, so they are exact when the loop leaves.
 * {@code -Drvjit.jit.skips=false} turns the skips off (for side-by-side measurements).
 */
final class LoopSkips {
  private LoopSkips() {}

  static final boolean ENABLED = !"false".equals(System.getProperty("rvjit.jit.skips"));

  /** Most blocks in a loop considered. */
  private static final int MAX_BLOCKS = 4;

  /** What the data part of a qualifying loop does. */
  enum Shape {
    COMPARE,
    SCAN,
    COPY,
    FILL
  }

  /** A sum {@code c + sum(k[r] * x[r])} over the registers' values at the head. */
  static final class Lin {
    long c;
    final long[] k = new long[32];

    static Lin reg(int r) {
      Lin l = new Lin();
      if (r != 0) {
        l.k[r] = 1;
      }
      return l;
    }

    Lin plus(Lin o, long sign) {
      Lin l = new Lin();
      l.c = c + sign * o.c;
      for (int r = 1; r < 32; r++) {
        l.k[r] = k[r] + sign * o.k[r];
      }
      return l;
    }

    Lin plus(long d) {
      Lin l = plus(new Lin(), 1);
      l.c += d;
      return l;
    }

    /** Its change per pass, given each register's step. */
    long stride(long[] step) {
      long s = 0;
      for (int r = 1; r < 32; r++) {
        s += k[r] * step[r];
      }
      return s;
    }

    boolean isReg(int r, long[] constant) {
      for (int q = 1; q < 32; q++) {
        if (k[q] != (q == r ? 1 : 0)) {
          return false;
        }
      }
      constant[0] = c;
      return true;
    }
  }

  /** A load or store of the pass, in order. */
  static final class Access {
    final Opcode op;
    final Lin addr;
    long stride;

    Access(Opcode op, Lin addr) {
      this.op = op;
      this.addr = addr;
    }

    int size() {
      return Translator.accessSize(op);
    }
  }

  /** A pointer test: leaves in the pass where {@code d} is zero ({@code whenEqual}) or not. */
  static final class PtrExit {
    final Lin d;
    final boolean whenEqual;
    long step;

    PtrExit(Lin d, boolean whenEqual) {
      this.d = d;
      this.whenEqual = whenEqual;
    }
  }

  /** A loop whose passes may be skipped. */
  static final class Plan {
    final long head;
    /** Its blocks from the head round. */
    final List<Long> blocks;
    /** Guest instructions per pass. */
    int len;
    /** Pointers: registers with a non-zero step per pass. */
    final Map<Integer, Long> steps = new LinkedHashMap<>();
    final List<PtrExit> exits = new ArrayList<>();
    final List<Access> loads = new ArrayList<>();
    Shape shape;
    /** The loads the data test or the copy uses (indices into {@link #loads}); else -1. */
    int a = -1;
    int b = -1;
    Access store;
    /** The value a scan looks for or a fill writes. */
    Lin value;
    boolean whenEqual;
    /**
     * Every register the pass sets anew (not a pointer) is set before the pass's first test, so
     * the passes before the one that leaves may all be skipped (provided the first pass the
     * loop's own code runs cannot fault part way: its accesses are fast too); else one whole
     * pass is left to the loop's own code.
     */
    boolean freshBeforeTests;

    Plan(long head, List<Long> blocks) {
      this.head = head;
      this.blocks = blocks;
    }
  }

  /** An abstract register value within a pass. */
  private static final class Val {
    final Lin lin; // a sum, or null
    final int load; // the load it came from, or -1

    Val(Lin lin, int load) {
      this.lin = lin;
      this.load = load;
    }
  }

  private static final Val OTHER = new Val(null, -1);

  /** The qualifying simple loops of the region, by head (at most one per block). */
  static Map<Long, Plan> plan(Region region) {
    Map<Long, Plan> out = new LinkedHashMap<>();
    if (!ENABLED) {
      return out;
    }
    Set<Long> taken = new HashSet<>();
    Map<Long, List<Long>> preds = region.internalPredecessors();
    for (Block b : region.blocks.values()) {
      List<Long> cycle = cycleFrom(region, b.pc);
      if (cycle == null || cycle.stream().anyMatch(taken::contains)) {
        continue;
      }
      // The head: the block round the cycle that control enters from outside it most often, by
      // the interpreter's profile of the blocks that lead there (the region's entry counts as a
      // way in too, the least one: the dispatcher rarely enters a unit compared with its jumps).
      // Entered elsewhere, the loop still runs, only without the skip.
      Set<Long> set = new HashSet<>(cycle);
      int headAt = -1;
      long best = 0;
      for (int i = 0; i < cycle.size(); i++) {
        long pc = cycle.get(i);
        long weight = pc == region.entry.pc ? 1 : 0;
        for (long q : preds.getOrDefault(pc, List.of())) {
          if (!set.contains(q)) {
            weight += 1 + region.blocks.get(q).entries();
          }
        }
        if (weight > best) {
          best = weight;
          headAt = i;
        }
      }
      if (headAt < 0) {
        continue;
      }
      List<Long> round = new ArrayList<>(cycle.subList(headAt, cycle.size()));
      round.addAll(cycle.subList(0, headAt));
      Plan p = analyse(region, round);
      if (p != null) {
        out.put(p.head, p);
        taken.addAll(round);
      }
    }
    return out;
  }

  /** Where control may go on from {@code b} (null: a block a skippable loop cannot hold). */
  private static long[] ways(Block b) {
    Insn last = b.last();
    switch (last.op.kind) {
      case BRANCH:
        return new long[] {last.pc + last.imm, b.endPc};
      case JAL:
        return last.rd == 0 ? new long[] {last.pc + last.imm} : null;
      case ALU_RR:
      case ALU_RI:
      case LUI:
      case AUIPC:
      case LOAD:
      case STORE:
        return new long[] {b.endPc};
      default:
        return null;
    }
  }

  /**
   * The shortest simple cycle of at most {@link #MAX_BLOCKS} blocks through {@code start} in
   * which every block has exactly one way on inside the cycle; null if none.
   */
  private static List<Long> cycleFrom(Region region, long start) {
    for (int depth = 1; depth <= MAX_BLOCKS; depth++) {
      List<Long> path = new ArrayList<>();
      if (walk(region, start, start, path, depth)) {
        return path;
      }
    }
    return null;
  }

  private static boolean walk(Region region, long start, long pc, List<Long> path, int depth) {
    Block b = region.blocks.get(pc);
    if (b == null || Translator.compiledLength(b) != b.insns.length || path.contains(pc)
        || path.size() >= depth) {
      return false;
    }
    long[] w = ways(b);
    if (w == null) {
      return false;
    }
    path.add(pc);
    for (long t : w) {
      if (t == start && valid(region, path)) {
        return true;
      }
    }
    for (long t : w) {
      if (walk(region, start, t, path, depth)) {
        return true;
      }
    }
    path.remove(path.size() - 1);
    return false;
  }

  /** True if every block of the cycle has exactly one way on inside it. */
  private static boolean valid(Region region, List<Long> path) {
    Set<Long> set = new HashSet<>(path);
    for (long pc : path) {
      long[] w = ways(region.blocks.get(pc));
      int inside = 0;
      for (int i = 0; i < w.length; i++) {
        if (set.contains(w[i]) && (i == 0 || w[i] != w[0])) {
          inside++;
        }
      }
      if (inside != 1) {
        return false;
      }
    }
    return true;
  }

  /** Reads one pass of the cycle {@code round} (head first); null if it does not qualify. */
  static Plan analyse(Region region, List<Long> round) {
    Plan p = new Plan(round.get(0), round);
    Val[] regs = new Val[32];
    for (int r = 0; r < 32; r++) {
      regs[r] = new Val(Lin.reg(r), -1);
    }
    BitSet written = new BitSet(32);
    BitSet readFirst = new BitSet(32);
    List<Val[]> tests = new ArrayList<>(); // {left, right} and whenEqual
    List<Boolean> testEq = new ArrayList<>();
    Val storeValue = null;
    int firstTest = -1; // position (1-based) in the pass of its first test
    int[] lastWrite = new int[32]; // position of each register's last write
    for (int bi = 0; bi < round.size(); bi++) {
      Block b = region.blocks.get(round.get(bi));
      long next = round.get((bi + 1) % round.size());
      for (Insn in : b.insns) {
        p.len++;
        Kind k = in.op.kind;
        int[] reads;
        switch (k) {
          case ALU_RR:
          case BRANCH:
          case STORE:
            reads = new int[] {in.rs1, in.rs2};
            break;
          case ALU_RI:
          case LOAD:
            reads = new int[] {in.rs1};
            break;
          case LUI:
          case AUIPC:
          case JAL:
            reads = new int[0];
            break;
          default:
            return null;
        }
        if (in.op.readsFprRs1() || in.op.writesFpr()) {
          return null;
        }
        for (int r : reads) {
          if (r != 0 && !written.get(r)) {
            readFirst.set(r);
          }
        }
        Val result = null;
        switch (k) {
          case ALU_RI:
            result = in.op == Opcode.ADDI && regs[in.rs1].lin != null
                ? new Val(regs[in.rs1].lin.plus(in.imm), -1) : OTHER;
            break;
          case ALU_RR: {
            Lin x = regs[in.rs1].lin;
            Lin y = regs[in.rs2].lin;
            if (x != null && y != null && (in.op == Opcode.ADD || in.op == Opcode.SUB)) {
              result = new Val(x.plus(y, in.op == Opcode.ADD ? 1 : -1), -1);
            } else {
              result = OTHER;
            }
            break;
          }
          case LUI:
          case AUIPC:
            result = OTHER;
            break;
          case LOAD: {
            Lin a = regs[in.rs1].lin;
            if (a == null) {
              return null;
            }
            p.loads.add(new Access(in.op, a.plus(in.imm)));
            result = new Val(null, p.loads.size() - 1);
            break;
          }
          case STORE: {
            Lin a = regs[in.rs1].lin;
            if (a == null || p.store != null) {
              return null;
            }
            p.store = new Access(in.op, a.plus(in.imm));
            storeValue = regs[in.rs2]; // (a loaded value: from a load earlier in the pass)
            break;
          }
          case JAL:
            break;
          case BRANCH: {
            long target = in.pc + in.imm;
            if (target == b.endPc) {
              break; // no test: both ways lead on
            }
            if (in.op != Opcode.BEQ && in.op != Opcode.BNE) {
              return null;
            }
            boolean leavesWhenTaken = target != next;
            if (firstTest < 0) {
              firstTest = p.len;
            }
            tests.add(new Val[] {regs[in.rs1], regs[in.rs2]});
            testEq.add((in.op == Opcode.BEQ) == leavesWhenTaken);
            break;
          }
          default:
            return null;
        }
        int rd = Translator.writtenX(in);
        if (result != null && rd != 0) {
          regs[rd] = result;
          written.set(rd);
          lastWrite[rd] = p.len;
        }
      }
    }
    // Each register read before it is written must end the pass moved by a constant.
    long[] step = new long[32];
    long[] c = new long[1];
    for (int r = written.nextSetBit(1); r >= 0; r = written.nextSetBit(r + 1)) {
      Lin l = regs[r].lin;
      if (l != null && l.isReg(r, c) && c[0] != 0) {
        step[r] = c[0];
        p.steps.put(r, c[0]);
      } else if (readFirst.get(r) || l != null && l.isReg(r, c)) {
        return null; // carried from pass to pass in some other way (or written back unchanged)
      }
    }
    // Whether every register the pass sets anew is set before its first test: then even the
    // pass that leaves finds them exact without the pass before it having run in the loop.
    p.freshBeforeTests = true;
    for (int r = written.nextSetBit(1); r >= 0; r = written.nextSetBit(r + 1)) {
      if (step[r] == 0 && firstTest >= 0 && lastWrite[r] > firstTest) {
        p.freshBeforeTests = false;
      }
    }
    for (Access a : p.loads) {
      a.stride = a.addr.stride(step);
    }
    if (p.store != null) {
      p.store.stride = p.store.addr.stride(step);
    }
    // The tests: pointer tests, and at most one data test.
    int dataTests = 0;
    for (int i = 0; i < tests.size(); i++) {
      Val x = tests.get(i)[0];
      Val y = tests.get(i)[1];
      boolean eq = testEq.get(i);
      if (x.lin != null && y.lin != null) {
        PtrExit e = new PtrExit(x.lin.plus(y.lin, -1), eq);
        e.step = e.d.stride(step);
        if (Math.abs(e.step) > LoopRuns.MAX_STEP) {
          return null;
        }
        p.exits.add(e);
        continue;
      }
      if (++dataTests > 1 || p.store != null) {
        return null;
      }
      p.whenEqual = eq;
      if (x.load >= 0 && y.load >= 0) {
        if (p.loads.get(x.load).op != p.loads.get(y.load).op || x.load == y.load) {
          return null;
        }
        p.shape = Shape.COMPARE;
        p.a = x.load;
        p.b = y.load;
      } else if (x.load >= 0 || y.load >= 0) {
        Val v = x.load >= 0 ? y : x;
        if (v.lin == null || v.lin.stride(step) != 0) {
          return null;
        }
        p.shape = Shape.SCAN;
        p.a = x.load >= 0 ? x.load : y.load;
        p.value = v.lin;
      } else {
        return null;
      }
    }
    if (p.store != null) {
      if (storeValue.load >= 0 && p.loads.get(storeValue.load).size() == p.store.size()) {
        p.shape = Shape.COPY;
        p.a = storeValue.load;
      } else if (storeValue.lin != null && storeValue.lin.stride(step) == 0) {
        p.shape = Shape.FILL;
        p.value = storeValue.lin;
      } else {
        return null;
      }
    }
    if (p.shape == null || p.steps.isEmpty()) {
      return null;
    }
    for (Access a : p.loads) {
      if (Math.abs(a.stride) > LoopRuns.MAX_STEP) {
        return null;
      }
    }
    if (p.store != null && Math.abs(p.store.stride) > LoopRuns.MAX_STEP) {
      return null;
    }
    return p;
  }
}
