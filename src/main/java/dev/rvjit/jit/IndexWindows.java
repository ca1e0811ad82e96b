package dev.rvjit.jit;

import dev.rvjit.interp.Block;
import dev.rvjit.isa.Insn;
import dev.rvjit.isa.Kind;
import dev.rvjit.isa.Opcode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loops whose loads and stores index memory with registers the loop keeps in bounds (an
 * interpreter's stack pointer tested against its limit before each pass back, a table index
 * tested before the table is read, an index masked with {@code andi}), range-tested once where
 * the loop is entered. A value analysis over the loop gives every x register an interval whose
 * ends are linear in the values of registers the loop never writes ("symbols": a base such as
 * {@code sp}, a limit kept in a register), tightened on the edges of compares. Where the loop is
 * entered, a test checks what the analysis assumed there: each symbol within {@link #WIDE} (or
 * {@link #SMALL} where 32-bit arithmetic relies on it, or not negative where an unsigned compare
 * does), each register the loop changes within its interval at the head (the fixed point's head
 * state, which every pass back keeps), and each access range, worked out from the symbols'
 * values, inside the flat region (stores: on pages that take plain stores). If all hold, every
 * pass of the loop keeps them, and the accesses the analysis bounded run with no test and no
 * slow path at all; if not, the unit leaves with the hart exact at the head (the translator
 * treats it as a floating-point range miss: the interpreter goes on, and a unit that keeps
 * missing is made again without its windows).
 *
 * <p>Applies to a cycle of the region with one way in, its head (no other block of it is an
 * entry or has a predecessor outside it; a lead-in copy of the region entry may jump only to the
 * head); on a cycle that has a {@link LoopWindows} window too, the two share its head and each
 * covers its own accesses. The analysis runs first with the registers the loop writes unknown at
 * the head only as far as the passes back make them (an optimistic start, which finds the bounds
 * a pass back leaves), then from those bounds as the head's assumption, to a fixed point (with
 * widening); that run's head state is what the entry test checks, less every assumption whose
 * loss covers as many accesses (each one costs a compare at every entry).
 */
final class IndexWindows {
  private IndexWindows() {}

  /**
   * {@code -Drvjit.jit.indexWindows=false}: no index windows ({@link IndexWindows}). For
   * side-by-side measurements.
   */
  static final boolean ENABLED = !"false".equals(System.getProperty("rvjit.jit.indexWindows"));

  /** Largest magnitude a symbol may have at entry (keeps every sum below {@link #LIMIT}). */
  static final long WIDE = 1L << 48;
  /** Largest magnitude of a symbol 32-bit arithmetic relies on. */
  static final long SMALL = 1L << 20;
  /** Largest magnitude an interval end may reach, for any allowed values of its symbols. */
  static final long LIMIT = 1L << 61;
  /** Most symbols in one interval end. */
  private static final int MAX_TERMS = 3;
  /** Changes of a block's input after which growing ends widen to infinity. */
  private static final int WIDEN_AFTER = 4;

  /** {@code c + sum(k[i] * x[reg[i]])}, registers sorted, coefficients not zero. */
  static final class Lin {
    final long c;
    final int[] regs;
    final long[] ks;

    Lin(long c, int[] regs, long[] ks) {
      this.c = c;
      this.regs = regs;
      this.ks = ks;
    }

    static Lin konst(long c) {
      return new Lin(c, new int[0], new long[0]);
    }

    static Lin sym(int r) {
      return new Lin(0, new int[] {r}, new long[] {1});
    }

    boolean constant() {
      return regs.length == 0;
    }

    boolean sameTerms(Lin o) {
      return Arrays.equals(regs, o.regs) && Arrays.equals(ks, o.ks);
    }

    /**
     * The sum, or null if it has too many terms, may grow too large, or cancels a symbol (every
     * symbol a value was computed from stays in it, so that the entry test bounds it: the
     * analysis' sums are exact only while no symbol is so large that they wrap around).
     */
    Lin plus(Lin o) {
      Map<Integer, Long> t = new java.util.TreeMap<>();
      for (int i = 0; i < regs.length; i++) {
        t.merge(regs[i], ks[i], Long::sum);
      }
      for (int i = 0; i < o.regs.length; i++) {
        t.merge(o.regs[i], o.ks[i], Long::sum);
      }
      if (t.containsValue(0L) || t.size() > MAX_TERMS) {
        return null;
      }
      int[] r = new int[t.size()];
      long[] k = new long[t.size()];
      int i = 0;
      for (Map.Entry<Integer, Long> e : t.entrySet()) {
        r[i] = e.getKey();
        k[i++] = e.getValue();
      }
      return bounded(new Lin(c + o.c, r, k));
    }

    Lin plus(long d) {
      return bounded(new Lin(c + d, regs, ks));
    }

    /** The product with {@code m} (|m| at most 2^20), or null if it may grow too large. */
    Lin times(long m) {
      try {
        long[] k = new long[ks.length];
        for (int i = 0; i < k.length; i++) {
          k[i] = Math.multiplyExact(ks[i], m);
        }
        return bounded(new Lin(Math.multiplyExact(c, m), regs, k));
      } catch (ArithmeticException e) {
        return null;
      }
    }

    /** Largest magnitude for symbols within {@code bound}, saturating. */
    long magnitude(long bound) {
      double m = Math.abs((double) c);
      for (long k : ks) {
        m += Math.abs((double) k) * bound;
      }
      return m >= 0x1p62 ? Long.MAX_VALUE : (long) m;
    }

    /**
     * {@code l} if it stays below {@link #LIMIT} in magnitude for all symbols within
     * {@link #WIDE} (then no sum or product the analysis makes of values in such intervals wraps
     * around), else null.
     */
    static Lin bounded(Lin l) {
      if (Math.abs((double) l.c) >= LIMIT) {
        return null;
      }
      for (long k : l.ks) {
        if (Math.abs((double) k) > SMALL) {
          return null;
        }
      }
      return l.magnitude(WIDE) >= LIMIT ? null : l;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Lin && ((Lin) o).c == c && sameTerms((Lin) o);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(c) * 31 + Arrays.hashCode(regs) * 7 + Arrays.hashCode(ks);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder().append(c);
      for (int i = 0; i < regs.length; i++) {
        sb.append(ks[i] < 0 ? " - " : " + ").append(Math.abs(ks[i])).append("*x").append(regs[i]);
      }
      return sb.toString();
    }
  }

  /** An interval of values; a null end is unbounded. */
  static final class Itv {
    static final Itv TOP = new Itv(null, null);
    final Lin lo;
    final Lin hi;

    Itv(Lin lo, Lin hi) {
      this.lo = lo;
      this.hi = hi;
    }

    /** {@code [lo, hi]}, an end beyond {@link #LIMIT} in magnitude left open. */
    static Itv of(long lo, long hi) {
      return new Itv(Lin.bounded(Lin.konst(lo)), Lin.bounded(Lin.konst(hi)));
    }

    boolean bounded() {
      return lo != null && hi != null;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Itv && java.util.Objects.equals(((Itv) o).lo, lo)
          && java.util.Objects.equals(((Itv) o).hi, hi);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(lo, hi);
    }

    @Override
    public String toString() {
      return "[" + (lo == null ? "-inf" : lo) + ", " + (hi == null ? "+inf" : hi) + "]";
    }
  }

  /** Accesses off ranges with the same symbols at both ends, merged into one test. */
  static final class Access {
    Lin lo;
    Lin end;
    boolean stores;
  }

  /** Widest range of one access group whose width is known statically (wider: not covered). */
  static final long MAX_WIDTH = 1L << 20;

  /** What an index window tests where its loop is entered, and the accesses it covers. */
  static final class Plan {
    /** Symbols and their bounds: {@code WIDE} or {@code SMALL}; not negative if in nonneg. */
    final Map<Integer, Long> symbols = new java.util.TreeMap<>();
    final BitSet nonneg = new BitSet(32);
    /** Registers the loop changes and the interval each must hold at the head. */
    final Map<Integer, Itv> head = new java.util.TreeMap<>();
    final List<Access> ranges = new ArrayList<>();
    /**
     * The loads and stores that take the fast path on their range's answer: by block, the range
     * of each instruction (null: not covered).
     */
    final Map<Long, Access[]> covered = new HashMap<>();

    /** The number of covered loads and stores. */
    int coveredCount() {
      int n = 0;
      for (Access[] as : covered.values()) {
        for (Access a : as) {
          n += a == null ? 0 : 1;
        }
      }
      return n;
    }

    /** The range of instruction {@code i} of block {@code pc}, or null if not covered. */
    Access of(long pc, int i) {
      Access[] a = covered.get(pc);
      return a == null || i >= a.length ? null : a[i];
    }

    /** Drops coverage by ranges no longer in {@link #ranges}, and ranges nothing uses. */
    void retain() {
      Set<Access> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      for (Access[] as : covered.values()) {
        for (int i = 0; i < as.length; i++) {
          if (as[i] != null && !ranges.contains(as[i])) {
            as[i] = null;
          }
          if (as[i] != null) {
            used.add(as[i]);
          }
        }
      }
      covered.values().removeIf(as -> Arrays.stream(as).allMatch(java.util.Objects::isNull));
      ranges.removeIf(a -> !used.contains(a));
    }
  }

  /** The analysis of one loop. */
  private static final class Analysis {
    final Region region;
    final Set<Long> c;
    final long head;
    final boolean[] written = new boolean[32];
    final Map<Long, Itv[]> in = new HashMap<>();
    final Map<Long, Integer> changes = new HashMap<>();
    final Map<Integer, Long> symbols = new java.util.TreeMap<>();
    final BitSet nonneg = new BitSet(32);

    Analysis(Region region, Set<Long> c, long head) {
      this.region = region;
      this.c = c;
      this.head = head;
      for (long pc : c) {
        Block b = region.blocks.get(pc);
        int n = Translator.compiledLength(b);
        for (int i = 0; i < n; i++) {
          int r = Translator.writtenX(b.insns[i]);
          if (r > 0) {
            written[r] = true;
          }
        }
      }
    }

    /** Runs to a fixed point from {@code start} at the head (null entries: not yet known). */
    void run(Itv[] start) {
      in.clear();
      changes.clear();
      in.put(head, start.clone());
      ArrayDeque<Long> work = new ArrayDeque<>();
      work.add(head);
      int steps = 0;
      while (!work.isEmpty()) {
        if (++steps > 20_000) {
          throw new IllegalStateException("index window analysis does not settle");
        }
        long pc = work.poll();
        Block b = region.blocks.get(pc);
        Itv[] s = in.get(pc).clone();
        int n = Translator.compiledLength(b);
        for (int i = 0; i < n; i++) {
          step(s, b.insns[i], null);
        }
        for (long t : region.internalSuccessors(b)) {
          if (!c.contains(t)) {
            continue;
          }
          Itv[] out = n == b.insns.length ? refine(s, b.last(), t) : s;
          if (merge(t, out) && !work.contains(t)) {
            work.add(t);
          }
        }
      }
    }

    /** Joins {@code s} into block {@code t}'s input; true if that changed. */
    private boolean merge(long t, Itv[] s) {
      Itv[] old = in.get(t);
      if (old == null) {
        in.put(t, s.clone());
        return true;
      }
      boolean changed = false;
      int k = changes.getOrDefault(t, 0);
      for (int r = 1; r < 32; r++) {
        Itv j = join(old[r], s[r]);
        if (!java.util.Objects.equals(j, old[r])) {
          if (k >= WIDEN_AFTER && old[r] != null && j != null) {
            j = new Itv(java.util.Objects.equals(j.lo, old[r].lo) ? j.lo : null,
                java.util.Objects.equals(j.hi, old[r].hi) ? j.hi : null);
          }
          old[r] = j;
          changed = true;
        }
      }
      if (changed) {
        changes.put(t, k + 1);
      }
      return changed;
    }

    /** Register r's interval in s: x0 is 0, symbols are themselves. */
    Itv get(Itv[] s, int r) {
      if (r == 0) {
        return Itv.of(0, 0);
      }
      if (!written[r]) {
        return new Itv(Lin.sym(r), Lin.sym(r));
      }
      return s[r];
    }

    /**
     * Applies {@code in} to {@code s}; if {@code at} is given, first records the range of a load or
     * store it makes ({@code at[0]} gets an {@link Itv} of the address, or null).
     */
    void step(Itv[] s, Insn in, Itv[] at) {
      Opcode op = in.op;
      Kind k = op.kind;
      if (at != null) {
        at[0] = null;
        if ((k == Kind.LOAD || k == Kind.STORE || k == Kind.FLOAD || k == Kind.FSTORE)) {
          Itv a = get(s, in.rs1);
          if (a != null && a.bounded()) {
            Lin lo = a.lo.plus(in.imm);
            Lin hi = a.hi.plus(in.imm);
            at[0] = lo == null || hi == null ? null : new Itv(lo, hi);
          }
        }
      }
      int rd = Translator.writtenX(in);
      if (rd <= 0) {
        return;
      }
      s[rd] = value(s, in);
    }

    private Itv value(Itv[] s, Insn in) {
      switch (in.op) {
        case LUI:
          return Itv.of(in.imm, in.imm);
        case AUIPC:
          return Itv.of(in.pc + in.imm, in.pc + in.imm);
        case JAL:
        case JALR:
          return Itv.of(in.pc + in.len, in.pc + in.len);
        case ADDI: {
          Itv a = get(s, in.rs1);
          return a == null ? null : map(a, l -> l.plus(in.imm));
        }
        default:
          return other(s, in);
      }
    }

    private Itv other(Itv[] s, Insn in) {
      switch (in.op) {
        case ADD:
        case SUB: {
          Itv a = get(s, in.rs1);
          Itv b = get(s, in.rs2);
          if (a == null || b == null) {
            return null;
          }
          return add(a, b, in.op == Opcode.SUB);
        }
        case SLLI: {
          Itv a = get(s, in.rs1);
          if (a == null) {
            return null;
          }
          if (in.imm < 0 || in.imm > 20) {
            return Itv.TOP;
          }
          long m = 1L << in.imm;
          return map(a, l -> l.times(m));
        }
        case ADDIW:
        case ADDW:
        case SUBW: {
          Itv a = get(s, in.rs1);
          Itv b = in.op == Opcode.ADDIW ? Itv.of(in.imm, in.imm) : get(s, in.rs2);
          if (a == null || b == null) {
            return null;
          }
          Itv r = add(a, b, in.op == Opcode.SUBW);
          // Exact when every value the operands can take adds up within 32 bits, which the
          // symbols of both ends vouch for if they are small (the entry test checks them).
          if (r.bounded() && fits32(r.lo) && fits32(r.hi)) {
            markSmall(r.lo);
            markSmall(r.hi);
            return r;
          }
          return Itv.of(Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        case ANDI:
          return in.imm >= 0 ? Itv.of(0, in.imm) : Itv.TOP;
        case SRLI:
          return in.imm >= 2 ? Itv.of(0, -1L >>> in.imm) : Itv.TOP;
        case SLTI:
        case SLTIU:
        case SLT:
        case SLTU:
          return Itv.of(0, 1);
        case LBU:
          return Itv.of(0, 0xff);
        case LHU:
          return Itv.of(0, 0xffff);
        case LWU:
          return Itv.of(0, 0xffffffffL);
        case LB:
          return Itv.of(Byte.MIN_VALUE, Byte.MAX_VALUE);
        case LH:
          return Itv.of(Short.MIN_VALUE, Short.MAX_VALUE);
        case LW:
        case SLLIW:
        case SRLIW:
        case SRAIW:
          return Itv.of(Integer.MIN_VALUE, Integer.MAX_VALUE);
        default:
          return Itv.TOP;
      }
    }

    private boolean fits32(Lin l) {
      return l.magnitude(SMALL) <= Integer.MAX_VALUE - 1;
    }

    private void markSmall(Lin l) {
      for (int r : l.regs) {
        symbols.put(r, SMALL);
      }
    }

    /**
     * The state on the edge from a block ending in {@code br} to {@code t}: a compare tightens
     * its operands' intervals where it can.
     */
    Itv[] refine(Itv[] s, Insn br, long t) {
      if (br.op.kind != Kind.BRANCH) {
        return s;
      }
      long taken = br.pc + br.imm;
      long fall = br.pc + br.len;
      if (taken == fall) {
        return s;
      }
      boolean isTaken = t == taken;
      Itv[] o = s.clone();
      int a = br.rs1;
      int b = br.rs2;
      switch (br.op) {
        case BLTU: // a <u b taken; b <=u a not taken
          if (isTaken) {
            below(o, a, b, 1);
          } else {
            below(o, b, a, 0);
          }
          break;
        case BGEU: // b <=u a taken; a <u b not taken
          if (isTaken) {
            below(o, b, a, 0);
          } else {
            below(o, a, b, 1);
          }
          break;
        case BLT:
          if (isTaken) {
            less(o, a, b, 1);
          } else {
            less(o, b, a, 0);
          }
          break;
        case BGE:
          if (isTaken) {
            less(o, b, a, 0);
          } else {
            less(o, a, b, 1);
          }
          break;
        default:
          break;
      }
      return o;
    }

    /**
     * {@code x <u y} (strict = 1) or {@code x <=u y} (strict = 0): when y is known not negative
     * (as a signed number) with an upper end, x lies in {@code [0, hi(y) - strict]}.
     */
    private void below(Itv[] s, int x, int y, int strict) {
      Itv yv = get(s, y);
      Itv xv = get(s, x);
      if (x == 0 || yv == null || yv.hi == null || !written[x] || !nonNeg(yv.lo)) {
        return;
      }
      if (xv == null) {
        xv = Itv.TOP; // (the first pass: whatever x was, the compare bounds it now)
      }
      Lin hi = yv.hi.plus(-strict);
      if (hi == null) {
        return;
      }
      Lin newHi = xv.hi != null && xv.hi.sameTerms(hi) && xv.hi.c < hi.c ? xv.hi : hi;
      Lin newLo = xv.lo != null && xv.lo.constant() && xv.lo.c > 0 ? xv.lo : Lin.konst(0);
      s[x] = new Itv(newLo, newHi);
    }

    /** {@code x < y} (strict = 1) or {@code x <= y} (signed): tightens x's upper end, y's lower. */
    private void less(Itv[] s, int x, int y, int strict) {
      Itv xv = get(s, x);
      Itv yv = get(s, y);
      if (xv == null || yv == null) {
        // (the first pass: bound a register not known yet by one that is)
        if (xv == null && yv != null) {
          xv = Itv.TOP;
        } else if (yv == null && xv != null) {
          yv = Itv.TOP;
        } else {
          return;
        }
      }
      if (x != 0 && written[x] && yv.hi != null) {
        Lin hi = yv.hi.plus(-strict);
        if (hi != null) {
          Lin newHi = xv.hi != null && xv.hi.sameTerms(hi) && xv.hi.c < hi.c ? xv.hi : hi;
          s[x] = new Itv(xv.lo, newHi);
        }
      }
      if (y != 0 && written[y] && xv.lo != null) {
        Lin lo = xv.lo.plus(strict);
        if (lo != null) {
          Lin newLo = yv.lo != null && yv.lo.sameTerms(lo) && yv.lo.c > lo.c ? yv.lo : lo;
          s[y] = new Itv(newLo, s[y] == null ? null : get(s, y).hi);
        }
      }
    }

    /** True if {@code l} is never negative: a constant that is not, or a symbol it makes so. */
    private boolean nonNeg(Lin l) {
      if (l == null) {
        return false;
      }
      if (l.constant()) {
        return l.c >= 0;
      }
      for (long k : l.ks) {
        if (k < 0) {
          return false;
        }
      }
      if (l.c < 0) {
        return false;
      }
      for (int r : l.regs) {
        nonneg.set(r); // the entry test checks it
      }
      return true;
    }
  }

  /**
   * {@code f} applied to both ends; an interval open at one end gives {@link Itv#TOP} (its values
   * may be near the wrap-around, where the arithmetic is no longer monotone).
   */
  private static Itv map(Itv a, java.util.function.UnaryOperator<Lin> f) {
    return a.bounded() ? new Itv(f.apply(a.lo), f.apply(a.hi)) : Itv.TOP;
  }

  /** {@code [a.lo + b.lo, a.hi + b.hi]} ({@code minus}: {@code a - b}); TOP unless both bounded. */
  private static Itv add(Itv a, Itv b, boolean minus) {
    if (!a.bounded() || !b.bounded()) {
      return Itv.TOP;
    }
    return minus ? new Itv(sum(a.lo, neg(b.hi)), sum(a.hi, neg(b.lo)))
        : new Itv(sum(a.lo, b.lo), sum(a.hi, b.hi));
  }

  private static Lin sum(Lin a, Lin b) {
    return a == null || b == null ? null : a.plus(b);
  }

  private static Lin neg(Lin a) {
    return a == null ? null : a.times(-1);
  }

  /** The join of two intervals (null: not known yet). */
  static Itv join(Itv a, Itv b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    Lin lo = a.lo != null && b.lo != null && a.lo.sameTerms(b.lo)
        ? (a.lo.c <= b.lo.c ? a.lo : b.lo) : null;
    Lin hi = a.hi != null && b.hi != null && a.hi.sameTerms(b.hi)
        ? (a.hi.c >= b.hi.c ? a.hi : b.hi) : null;
    return new Itv(lo, hi);
  }

  /**
   * Plans the index window of cycle {@code c} with head {@code head} (its one way in): null if no
   * access of the loop can be bounded.
   */
  static Plan plan(Region region, Set<Long> c, long head) {
    Analysis an = new Analysis(region, c, head);
    try {
      return plan(an, region, c, head);
    } catch (IllegalStateException e) {
      return null; // the analysis did not settle (it should, with widening): no window
    }
  }

  private static Plan plan(Analysis an, Region region, Set<Long> c, long head) {
    Itv[] start = new Itv[32];
    // First pass: the registers the loop writes start unknown-yet; what the passes back leave at
    // the head is the assumption to test.
    an.run(start);
    Itv[] found = an.in.get(head);
    Itv[] assume = new Itv[32];
    for (int r = 1; r < 32; r++) {
      assume[r] = an.written[r] ? (found[r] == null ? Itv.TOP : found[r]) : null;
    }
    Plan best = build(an, region, c, head, assume);
    if (best == null) {
      return null;
    }
    // Every assumption is tested each time the loop is entered: keep only those some covered
    // access needs (an assumption whose loss covers as many accesses goes).
    for (int r = 1; r < 32; r++) {
      if (assume[r] == null || assume[r] == Itv.TOP) {
        continue;
      }
      Itv kept = assume[r];
      assume[r] = Itv.TOP;
      Plan p = build(an, region, c, head, assume);
      if (p != null && p.coveredCount() >= best.coveredCount()) {
        best = p;
      } else {
        assume[r] = kept;
      }
    }
    return best;
  }

  /** Runs the analysis from {@code assume} at the head and plans what it covers (null: none). */
  private static Plan build(Analysis an, Region region, Set<Long> c, long head, Itv[] assume) {
    an.symbols.clear();
    an.nonneg.clear();
    an.run(assume);
    Itv[] h = an.in.get(head);
    Plan p = new Plan();
    for (int r = 1; r < 32; r++) {
      if (an.written[r] && h[r] != null && (h[r].lo != null || h[r].hi != null)) {
        p.head.put(r, h[r]);
      }
    }
    Map<String, Access> byTerms = new LinkedHashMap<>();
    Itv[] at = new Itv[1];
    for (long pc : c) {
      Block b = region.blocks.get(pc);
      Itv[] s = an.in.get(pc);
      if (s == null) {
        continue; // not reached from the head
      }
      s = s.clone();
      int n = Translator.compiledLength(b);
      for (int i = 0; i < n; i++) {
        Insn in = b.insns[i];
        an.step(s, in, at);
        if (at[0] != null) {
          Lin end = at[0].hi.plus(Translator.accessSize(in.op));
          if (end == null) {
            continue;
          }
          String key = Arrays.toString(at[0].lo.regs) + Arrays.toString(at[0].lo.ks) + "/"
              + Arrays.toString(end.regs) + Arrays.toString(end.ks);
          Access a = byTerms.get(key);
          if (a == null) {
            a = new Access();
            a.lo = at[0].lo;
            a.end = end;
            byTerms.put(key, a);
          } else {
            a.lo = a.lo.c <= at[0].lo.c ? a.lo : at[0].lo;
            a.end = a.end.c >= end.c ? a.end : end;
          }
          a.stores |= in.op.kind == Kind.STORE || in.op.kind == Kind.FSTORE;
          p.covered.computeIfAbsent(pc, k -> new Access[n])[i] = a;
        }
      }
    }
    // A range known to be wide (an index bounded only by 32 bits) would fail its test anyway.
    byTerms.values().removeIf(a -> a.lo.sameTerms(a.end) && a.end.c - a.lo.c > MAX_WIDTH);
    p.ranges.addAll(byTerms.values());
    p.retain();
    if (p.covered.isEmpty()) {
      return null;
    }
    // Every symbol any tested expression names gets a bound (WIDE unless SMALL was needed).
    List<Lin> all = new ArrayList<>();
    for (Itv v : p.head.values()) {
      all.add(v.lo);
      all.add(v.hi);
    }
    for (Access a : p.ranges) {
      all.add(a.lo);
      all.add(a.end);
    }
    for (Lin l : all) {
      if (l != null) {
        for (int r : l.regs) {
          p.symbols.putIfAbsent(r, WIDE);
        }
      }
    }
    for (Map.Entry<Integer, Long> e : an.symbols.entrySet()) {
      p.symbols.put(e.getKey(), e.getValue());
    }
    for (int r = an.nonneg.nextSetBit(0); r >= 0; r = an.nonneg.nextSetBit(r + 1)) {
      p.symbols.putIfAbsent(r, WIDE);
    }
    p.nonneg.or(an.nonneg);
    return p;
  }

  /**
   * The entry test's check of one symbol: within {@code bound} in magnitude, and not negative if
   * {@code nonneg}.
   */
  public static boolean symbolOk(long v, long bound, boolean nonneg) {
    return v >= (nonneg ? 0 : -bound) && v <= bound;
  }

  /** The entry test's check of a register the loop changes: within {@code [lo, hi]}. */
  public static boolean within(long v, long lo, long hi) {
    return v >= lo && v <= hi;
  }

  /** The cycles of the region an index window may cover, with their heads. */
  static Map<Set<Long>, Long> candidates(Region region, Set<Long> entries, List<Long> shadow) {
    Map<Set<Long>, Long> out = new LinkedHashMap<>();
    if (!ENABLED) {
      return out;
    }
    Map<Long, List<Long>> preds = region.internalPredecessors();
    for (Set<Long> c : region.cycles()) {
      // The region entry is entered through its lead-in copy when it has one; a copy may jump
      // into the loop only at its head.
      long head = region.wayIn(c, entries, shadow, preds, true);
      if (head != -1) {
        out.put(c, head);
      }
    }
    return out;
  }
}
