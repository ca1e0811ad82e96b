package dev.rvjit.jit;

import dev.rvjit.isa.Insn;
import dev.rvjit.isa.Opcode;
import java.util.Arrays;
import java.util.BitSet;

/**
 * What a region's double-precision code is known to hold, so that compiled code can leave out
 * the result guards of operations that provably cannot raise a flag other than NX.
 *
 * <p>For each f register the analysis knows nothing ({@link #UNKNOWN}), or that it holds a finite
 * double whose magnitude, when not zero, lies in [2^lo, 2^hi] (and whether zero, a nonzero value
 * and a negative value are possible). Products, quotients, sums and square roots of known values
 * get ranges by interval arithmetic on the exponents; one whose range lies clear of overflow and
 * of the tininess band (a product at least 2^-1021, any result at most 2^1023) is {@link
 * Decision#SAFE}: plain Java arithmetic, which rounds to nearest like the spec, with no test of
 * the result at all. Any other add, sub, mul, div or sqrt of D with the nearest-even mode is a
 * {@link Decision#CHECK}: its result must be moderate (zero, or between 2^-{@value #MODERATE} and
 * 2^{@value #MODERATE}; the same one compare as a guard), which both proves the operation exact
 * in flags and makes the result known for what follows. A result that fails the check leaves the
 * unit at that instruction (it is not retired; the interpreter runs it), and a unit that does so
 * often is compiled again without the analysis. A result whose range nothing after it relies on
 * (no ranged instruction reads it before it is written again: nbody's velocity updates, which go
 * straight to memory) is not checked but {@link Decision#LEGACY}: the inline path with its own
 * guard, which calls {@code Fpu} when it fails instead of leaving the unit, so the old value of
 * its register need not be kept for an exit (measured: nbody's steady rate 1.05x).
 *
 * <p>Ranges flow along the region's internal edges ({@link RangePlan}), loops included: a
 * loop's running values are known where they were checked or derived inside the loop. A register
 * the region only reads (a loop invariant) is assumed moderate where the dispatcher may enter.
 * Every block of a floating-point region is such an entry: there the unit first checks the
 * registers the block relies on against what it assumes, and declines the entry if one is out of
 * range (the interpreter runs the block).
 *
 * <p>A sum whose operands may have either sign can cancel down to a subnormal; when its value
 * reaches a product, quotient or square root it is checked even where it could be SAFE, so that
 * those need no check (mandelbrot's zr and zi: two checks per iteration instead of eight guards).
 * Operands that several later ranged operations of the block read and nothing knows (loaded
 * values: nbody's masses) are checked once, before their first use.
 */
final class FpRanges {
  /** Exponent bound of a checked result: zero or 2^-MODERATE <= |v| < 2^MODERATE. */
  static final int MODERATE = 300;

  /** What compiled code does for one instruction. */
  enum Decision {
    /** As without the analysis: the inline fast path with its guards, or a call. */
    LEGACY,
    /** The nearest-even result needs no test. */
    SAFE,
    /** The result must be moderate, else the unit leaves at the instruction. */
    CHECK
  }

  static final byte TOP = 0; // no value reaches here yet (the identity of join)
  static final byte UNKNOWN = 1;
  static final byte KNOWN = 2;

  /** Per f register: what is known. */
  static final class State {
    final byte[] kind = new byte[32];
    final int[] lo = new int[32];
    final int[] hi = new int[32];
    /** ±0 possible. */
    final boolean[] zero = new boolean[32];
    /** A nonzero value possible (then 2^lo <= |v| <= 2^hi). */
    final boolean[] nz = new boolean[32];
    /** Never below zero (-0 allowed). */
    final boolean[] nonneg = new boolean[32];

    static State unknown() {
      State s = new State();
      Arrays.fill(s.kind, UNKNOWN);
      return s;
    }

    static State top() {
      return new State();
    }

    State copy() {
      State s = new State();
      System.arraycopy(kind, 0, s.kind, 0, 32);
      System.arraycopy(lo, 0, s.lo, 0, 32);
      System.arraycopy(hi, 0, s.hi, 0, 32);
      System.arraycopy(zero, 0, s.zero, 0, 32);
      System.arraycopy(nz, 0, s.nz, 0, 32);
      System.arraycopy(nonneg, 0, s.nonneg, 0, 32);
      return s;
    }

    boolean known(int r) {
      return kind[r] == KNOWN;
    }

    void setUnknown(int r) {
      kind[r] = UNKNOWN;
    }

    void setModerate(int r, boolean nonNegative) {
      set(r, -MODERATE, MODERATE, true, true, nonNegative);
    }

    void set(int r, int l, int h, boolean z, boolean n, boolean nn) {
      if (n && (l < -1074 || h > 1100 || l > h)) {
        if (l > h || h > 1100) {
          kind[r] = UNKNOWN;
          return;
        }
        l = -1074;
      }
      kind[r] = KNOWN;
      lo[r] = n ? l : 0;
      hi[r] = n ? h : 0;
      zero[r] = z;
      nz[r] = n;
      nonneg[r] = nn;
    }

    /** Copies register {@code from} of {@code o} to {@code to} (TOP becomes UNKNOWN). */
    void copyFrom(State o, int from, int to) {
      kind[to] = o.kind[from] == KNOWN ? KNOWN : UNKNOWN;
      lo[to] = o.lo[from];
      hi[to] = o.hi[from];
      zero[to] = o.zero[from];
      nz[to] = o.nz[from];
      nonneg[to] = o.nonneg[from];
    }

    /** Joins {@code o} into this (the union of what both allow); true if this changed. */
    boolean join(State o) {
      boolean changed = false;
      for (int r = 0; r < 32; r++) {
        changed |= joinReg(o, r);
      }
      return changed;
    }

    private boolean joinReg(State o, int r) {
      byte a = kind[r];
      byte b = o.kind[r];
      if (b == TOP || a == UNKNOWN) {
        return false;
      }
      if (a == TOP || b == UNKNOWN) {
        copyRaw(o, r);
        return true;
      }
      boolean z = zero[r] || o.zero[r];
      boolean n = nz[r] || o.nz[r];
      boolean nn = nonneg[r] && o.nonneg[r];
      int l;
      int h;
      if (nz[r] && o.nz[r]) {
        l = Math.min(lo[r], o.lo[r]);
        h = Math.max(hi[r], o.hi[r]);
      } else if (o.nz[r]) {
        l = o.lo[r];
        h = o.hi[r];
      } else {
        l = lo[r];
        h = hi[r];
      }
      boolean same = z == zero[r] && n == nz[r] && nn == nonneg[r] && l == lo[r] && h == hi[r];
      if (same) {
        return false;
      }
      set(r, l, h, z, n, nn);
      return true;
    }

    /** {@link #copyFrom} keeping TOP as it is. */
    private void copyRaw(State o, int r) {
      copyFrom(o, r, r);
      kind[r] = o.kind[r];
    }

    /** True if every value this allows, {@code o} allows too (TOP allows none). */
    boolean within(State o) {
      for (int r = 0; r < 32; r++) {
        byte a = kind[r];
        byte b = o.kind[r];
        if (a == TOP || b == UNKNOWN) {
          continue;
        }
        if (b == TOP || a == UNKNOWN) {
          return false;
        }
        if (zero[r] && !o.zero[r] || nonneg[r] != o.nonneg[r] && o.nonneg[r]) {
          return false;
        }
        if (nz[r] && !(o.nz[r] && o.lo[r] <= lo[r] && hi[r] <= o.hi[r])) {
          return false;
        }
      }
      return true;
    }

    /** Makes every TOP register UNKNOWN; true if there was one. */
    boolean topToUnknown() {
      boolean changed = false;
      for (int r = 0; r < 32; r++) {
        if (kind[r] == TOP) {
          kind[r] = UNKNOWN;
          changed = true;
        }
      }
      return changed;
    }

    /** Register {@code r}'s description, for messages: TOP, UNKNOWN or the range and flags. */
    String describe(int r) {
      if (kind[r] != KNOWN) {
        return kind[r] == TOP ? "TOP" : "UNKNOWN";
      }
      return (nz[r] ? "2^" + lo[r] + "..2^" + hi[r] : "no nonzero") + (zero[r] ? ", zero" : "")
          + (nonneg[r] ? ", nonneg" : "");
    }

    /** Sets every register whose description differs from {@code before}'s to UNKNOWN. */
    void widen(State before) {
      for (int r = 0; r < 32; r++) {
        if (kind[r] != before.kind[r] || lo[r] != before.lo[r] || hi[r] != before.hi[r]
            || zero[r] != before.zero[r] || nz[r] != before.nz[r]
            || nonneg[r] != before.nonneg[r]) {
          kind[r] = UNKNOWN;
        }
      }
    }
  }

  private FpRanges() {}

  private static boolean nearestEven(int rm) {
    return rm == 0 || rm == 7;
  }

  /** True for the instructions that may be SAFE or CHECK. */
  static boolean ranged(Insn in) {
    switch (in.op) {
      case FADD_D: case FSUB_D: case FMUL_D: case FDIV_D: case FSQRT_D:
        return nearestEven(in.rm);
      default:
        return false;
    }
  }

  /**
   * Adds the f registers whose range {@code in} relies on: the operands of a ranged instruction
   * and the sources of sign injections (which carry a range to their result).
   */
  static void rangedReads(Insn in, BitSet out) {
    if (ranged(in)) {
      out.set(in.rs1);
      if (in.op != Opcode.FSQRT_D) {
        out.set(in.rs2);
      }
    } else if (in.op == Opcode.FSGNJ_D || in.op == Opcode.FSGNJN_D || in.op == Opcode.FSGNJX_D) {
      out.set(in.rs1);
    }
  }

  /**
   * The constants of {@code Fpu.inExponentRange} for register {@code r} of {@code s}: biased
   * exponents whose values all lie in [2^lo, 2^hi], e in [lo + 1023, hi + 1022], normal numbers
   * only unless lo is the bottom (-1074: any small value) and zero is allowed (exponent 0 holds
   * the subnormals and zero); an empty
   * range if only zero is possible. Stricter than the range where it must be (2^hi itself,
   * subnormals above 2^lo): such a value only makes the entry decline.
   */
  static int[] entryTest(State s, int r) {
    int eLo = s.lo[r] <= -1074 && s.zero[r] ? 0 : Math.max(1, s.lo[r] + 1023);
    int eHi = Math.min(2046, s.hi[r] + 1022);
    if (!s.nz[r] || eHi < eLo) {
      return new int[] {0, 0};
    }
    return new int[] {eLo << 21, (eHi - eLo + 1) << 21};
  }

  /** Adds the operands of a ranged product, quotient or square root. */
  static void productReads(Insn in, BitSet out) {
    if (!ranged(in)) {
      return;
    }
    switch (in.op) {
      case FMUL_D: case FDIV_D:
        out.set(in.rs1);
        out.set(in.rs2);
        return;
      case FSQRT_D:
        out.set(in.rs1);
        return;
      default:
        return;
    }
  }

  /**
   * Decides how instruction {@code i} of a block ({@code n} compiled instructions) is compiled
   * given {@code s} (the state before it) and updates {@code s} to the state after it. Operands of
   * a ranged add, sub, mul or div that are not known and that later ranged instructions of the
   * block read too (a mass that multiplies three coordinates) are checked first, once, instead of
   * each result: those registers are added to {@code operandChecks} (the caller emits their
   * checks before the instruction). The same function serves the dataflow and the emitter, so both
   * agree.
   */
  static Decision step(State s, Insn[] insns, int i, int n, BitSet operandChecks,
      java.util.function.IntPredicate feedsProduct, java.util.function.IntPredicate reliedOn) {
    Insn in = insns[i];
    operandChecks.clear();
    switch (in.op) {
      case FADD_D: case FSUB_D: case FMUL_D: case FDIV_D:
        if (nearestEven(in.rm)) {
          checkIfShared(s, insns, i, n, in.rs1, operandChecks);
          checkIfShared(s, insns, i, n, in.rs2, operandChecks);
        }
        break;
      default:
        break;
    }
    boolean checkSum = (in.op == Opcode.FADD_D || in.op == Opcode.FSUB_D)
        && feedsProduct.test(in.rd);
    Decision d = step(s, in, checkSum);
    if (d == Decision.CHECK && !reliedOn.test(in.rd)) {
      // Nothing relies on the result's range: the inline path's own guard with its call to Fpu
      // when it fails (no exit from the unit) is enough.
      s.setUnknown(in.rd);
      return Decision.LEGACY;
    }
    return d;
  }

  private static void checkIfShared(State s, Insn[] insns, int i, int n, int r, BitSet out) {
    if (s.known(r) || out.get(r)) {
      return;
    }
    int uses = 0;
    BitSet reads = new BitSet(32);
    for (int k = i; k < n; k++) {
      Insn in = insns[k];
      reads.clear();
      rangedReads(in, reads);
      if (reads.get(r) && ranged(in)) {
        uses++;
      }
      if (in.op.writesFpr() && in.rd == r) {
        break;
      }
    }
    if (uses >= 2) {
      s.setModerate(r, false);
      out.set(r);
    }
  }

  /** One instruction alone: no operand checks, and sums are SAFE wherever they can be. */
  static Decision step(State s, Insn in) {
    return step(s, in, false);
  }

  /**
   * @param checkSum a sum that may cancel (operands of either sign) is checked even when it could
   *     be SAFE: its range reaches down to the smallest subnormal, so every product made from it
   *     would need a check; checked, it is moderate. For sums whose value reaches a product,
   *     quotient or square root (a loop's running values: mandelbrot's zr and zi).
   */
  /**
   * Sets f[rd] to a product's or quotient's range and returns true if a nonzero result
   * ({@code n}: possible) lies in [2^l, 2^h] clear of the tininess band and of overflow; false,
   * changing nothing, otherwise. A zero result (a zero operand) is exact.
   */
  private static boolean setIfNormal(State s, int rd, boolean n, int l, int h, boolean z,
      boolean nn) {
    if (n && (l < -1021 || h > 1023)) {
      return false;
    }
    if (n) {
      s.set(rd, l, h, z, true, nn);
    } else {
      s.set(rd, 0, 0, true, false, nn);
    }
    return true;
  }

  private static Decision step(State s, Insn in, boolean checkSum) {
    Opcode op = in.op;
    if (!op.writesFpr()) {
      return Decision.LEGACY;
    }
    int rd = in.rd;
    int a = in.rs1;
    int b = in.rs2;
    switch (op) {
      case FADD_D:
      case FSUB_D:
        if (!nearestEven(in.rm)) {
          break;
        }
        if (a == b && s.known(a)) {
          // x + x = 2x exactly unless it overflows; x - x = +0 exactly.
          if (op == Opcode.FSUB_D || !s.nz[a]) {
            s.set(rd, 0, 0, true, false, true);
            return Decision.SAFE;
          }
          if (s.hi[a] + 1 <= 1023) {
            s.set(rd, s.lo[a] + 1, s.hi[a] + 1, s.zero[a], true, s.nonneg[a]);
            return Decision.SAFE;
          }
        }
        if (s.known(a) && s.known(b)) {
          int h = Integer.MIN_VALUE;
          if (s.nz[a]) {
            h = s.hi[a];
          }
          if (s.nz[b]) {
            h = Math.max(h, s.hi[b]);
          }
          boolean any = s.nz[a] || s.nz[b];
          boolean sameSign = op == Opcode.FADD_D && s.nonneg[a] && s.nonneg[b];
          if (!any || h + 1 <= 1023 && (sameSign || !checkSum)) {
            if (!any) {
              s.set(rd, 0, 0, true, false, true);
            } else if (sameSign) {
              int l = Math.min(s.nz[a] ? s.lo[a] : Integer.MAX_VALUE,
                  s.nz[b] ? s.lo[b] : Integer.MAX_VALUE);
              s.set(rd, l, h + 1, s.zero[a] && s.zero[b], true, true);
            } else {
              s.set(rd, -1074, h + 1, true, true, false);
            }
            return Decision.SAFE;
          }
        }
        s.setModerate(rd, false);
        return Decision.CHECK;
      case FMUL_D:
        if (!nearestEven(in.rm)) {
          break;
        }
        if (s.known(a) && s.known(b) && setIfNormal(s, rd, s.nz[a] && s.nz[b],
            s.lo[a] + s.lo[b], s.hi[a] + s.hi[b], s.zero[a] || s.zero[b],
            a == b || s.nonneg[a] && s.nonneg[b])) {
          return Decision.SAFE;
        }
        s.setModerate(rd, false);
        return Decision.CHECK;
      case FDIV_D:
        if (!nearestEven(in.rm)) {
          break;
        }
        if (s.known(a) && s.known(b) && s.nz[b] && !s.zero[b] && setIfNormal(s, rd, s.nz[a],
            s.lo[a] - s.hi[b], s.hi[a] - s.lo[b], s.zero[a], s.nonneg[a] && s.nonneg[b])) {
          return Decision.SAFE;
        }
        s.setModerate(rd, false);
        return Decision.CHECK;
      case FSQRT_D:
        if (!nearestEven(in.rm)) {
          break;
        }
        if (s.known(a) && s.nonneg[a]) {
          if (s.nz[a]) {
            s.set(rd, Math.floorDiv(s.lo[a], 2), -Math.floorDiv(-s.hi[a], 2), s.zero[a], true,
                true);
          } else {
            s.set(rd, 0, 0, true, false, true);
          }
          return Decision.SAFE;
        }
        s.setModerate(rd, true);
        return Decision.CHECK;
      case FSGNJ_D:
      case FSGNJN_D:
      case FSGNJX_D:
        if (!s.known(a)) {
          break;
        }
        s.copyFrom(s, a, rd); // same magnitude; the sign below
        if (a != b) {
          s.nonneg[rd] = false; // the sign comes from rs2
        } else if (op == Opcode.FSGNJN_D) {
          s.nonneg[rd] = false;
        } else if (op == Opcode.FSGNJX_D) {
          s.nonneg[rd] = true;
        }
        return Decision.LEGACY;
      case FMV_D_X:
        if (a != 0) {
          break;
        }
        s.set(rd, 0, 0, true, false, true); // +0
        return Decision.LEGACY;
      case FCVT_D_L:
      case FCVT_D_W:
        s.set(rd, 0, 64, true, true, false);
        return Decision.LEGACY;
      case FCVT_D_LU:
      case FCVT_D_WU:
        s.set(rd, 0, 64, true, true, true);
        return Decision.LEGACY;
      default:
        break;
    }
    s.setUnknown(rd);
    return Decision.LEGACY;
  }
}
