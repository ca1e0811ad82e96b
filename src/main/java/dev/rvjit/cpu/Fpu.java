package dev.rvjit.cpu;

import static dev.rvjit.cpu.FpRound.NV;
import static dev.rvjit.cpu.FpRound.NX;
import static dev.rvjit.cpu.FpRound.PD;
import static dev.rvjit.cpu.FpRound.PS;

/**
 * RISC-V F and D semantics, bit-exact: results, canonical NaNs, NaN boxing of singles and the
 * accrued flags in {@link Hart#fflags}. The interpreter calls these methods and compiled code
 * emits {@code invokestatic} to them, so each hot method is a short round-to-nearest-even fast path
 * (Java arithmetic plus an error-free transformation for the inexact flag) that HotSpot inlines;
 * directed rounding modes and special operands continue in {@link FpSlow} and {@link FpExact}.
 *
 * <p>Registers are raw bits. A single is NaN-boxed (upper 32 bits all ones); an input that is not
 * properly boxed reads as the canonical NaN. The {@code rm} argument is the instruction's rounding
 * field (7 = dynamic, {@link Hart#frm}); an invalid effective mode raises
 * {@link IllegalInstruction}. Single results of arithmetic are always written boxed.
 */
public final class Fpu {
  private Fpu() {}

  /**
   * Sets NX. The flag is sticky, so the field is written only when the bit is still clear: a
   * read-modify-write on every inexact operation would chain all FP operations through one
   * memory location (store-to-load forwarding) and serialize them. For the same reason the fast
   * paths below test {@code (h.fflags & NX) == 0} before their inexactness test: NX is the only
   * flag a fast path can raise, so once it is set the residual need not be computed at all.
   */
  static void raiseNx(Hart h) {
    if ((h.fflags & NX) == 0) {
      h.fflags |= NX;
    }
  }

  private static final long SIGN_D = Long.MIN_VALUE;
  private static final long SIGN_S = 0x80000000L;
  private static final long BOX = 0xffffffff00000000L;

  // ---- helpers ---------------------------------------------------------------------------------

  /** True if the effective rounding mode is round-to-nearest-even (without validating others). */
  private static boolean rne(Hart h, int rm) {
    return rm == 0 || (rm == 7 && h.frm == 0);
  }

  /** Bits of a single operand: the low word if boxed, else the canonical NaN. */
  static int unboxBits(long a) {
    return (a >> 32) == -1L ? (int) a : 0x7fc00000;
  }

  /** Value of a single operand widened to double (a NaN stays a NaN; payload not preserved). */
  public static double unboxS(long a) {
    return Float.intBitsToFloat(unboxBits(a));
  }

  /** Value of a single operand as a float (an unboxed value reads as the canonical NaN). */
  public static float unboxF(long a) {
    return Float.intBitsToFloat(unboxBits(a));
  }

  /** Boxes a single result. */
  public static long box(float f) {
    return (Float.floatToRawIntBits(f) & 0xffffffffL) | BOX; // this order: 4 stack slots (C1 inlines)
  }

  /** Boxes raw single bits. */
  static long boxBits(long bits) {
    return (bits & 0xffffffffL) | BOX; // this order: 4 stack slots (C1 inlines)
  }

  /**
   * {@code (fflags & NX) | frm << 1}: 1 exactly when the dynamic rounding mode is nearest-even
   * and NX is set, the state in which compiled code takes its inline fast paths.
   */
  public static int fastMode(Hart h) {
    return (h.fflags & NX) | h.frm << 1;
  }

  // ---- guards of the round-to-nearest fast paths -------------------------------------------------
  //
  // Each guard tells whether Java's nearest-even result is the spec's result with no flag other
  // than NX possible. Each is far under HotSpot's 35-byte inlining limit. The fast paths below
  // use the first group (with a residual test for NX after them); the code the JIT emits
  // inline (jit.FpInline) uses the second group, sqrtOkD and fmaOkD.

  /** Single result: a normal, finite float (no underflow, overflow, NaN or infinity). */
  public static boolean okS(float f) {
    float af = Math.abs(f);
    return af > Float.MIN_NORMAL && af <= Float.MAX_VALUE;
  }

  /** Sum or difference of doubles (a tiny sum is exact, so only overflow and NaN matter). */
  public static boolean addOkD(double s) {
    return Math.abs(s) < 0x1p1023;
  }

  /** Product of doubles, far enough from underflow for the residual test to be exact. */
  public static boolean mulOkD(double p) {
    // Two FP compares against constants: C2 makes this andpd + 2 x (ucomisd, jcc). (A single
    // unsigned compare of the bits came out longer: three 64-bit constants, rematerialized.)
    // No local for the magnitude: with one, C1 would not inline this ("too much stack").
    return Math.abs(p) >= 0x1p-969 && Math.abs(p) <= Double.MAX_VALUE;
  }

  /** Quotient q = x / y of doubles. */
  public static boolean divOkD(double x, double q) {
    return Math.abs(q) > Double.MIN_NORMAL && Math.abs(q) <= Double.MAX_VALUE
        && Math.abs(x) >= 0x1p-969;
  }

  /** Square root of x. */
  public static boolean sqrtOkD(double x) {
    return x >= 0x1p-969 && x <= Double.MAX_VALUE;
  }

  /** r = fma(x, y, z) of doubles. */
  public static boolean fmaOkD(double x, double y, double z, double r) {
    return FpSlow.fmaSafe(x, y, z, r);
  }

  // The compiled code's guards (jit.FpInline). They run only while NX is already set, so no
  // inexactness (residual) test follows them and they need not keep results away from the
  // underflow threshold for one. They test the exponent field in an integer register: one move
  // of the result there, then a mask or a shift and one compare. The guards above need one or two
  // ucomisd per result instead; on x86 both the move and ucomisd run only on port 0, which FP
  // loops with guards are bound by (README, Performance).
  //
  // normalD and normalS (and the range analysis' moderateD and inExponentRange) are a range test
  // of the exponent as one unsigned compare (inBand, below): the shift leaves the exponent at
  // the top of an int (the sign shifted out, mantissa bits below it), so e in [2, 2046] is t in
  // [2 << 21, 2047 << 21) unsigned. Four x86 instructions after the move (shift, add, compare and
  // branch); the form with a mask and a separate exponent took six, and nbody's steady rate rose
  // 1.11x when the shorter one replaced it (README, Performance).

  /**
   * Whether {@code t} lies in [{@code lo}, {@code lo + span}) as unsigned ints: one signed compare
   * of values offset by MIN_VALUE; with constant bounds HotSpot folds them into one add and one
   * compare.
   */
  private static boolean inBand(int t, int lo, int span) {
    return t - lo + Integer.MIN_VALUE < span + Integer.MIN_VALUE;
  }

  /** Inline guard of a double sum or difference: finite (a tiny or zero sum is exact). */
  public static boolean finiteD(double r) {
    return (Double.doubleToRawLongBits(r) & 0x7ff0000000000000L) != 0x7ff0000000000000L;
  }

  /**
   * Inline guard of a double product or quotient: finite and at least 2^-1021, so that it cannot
   * be tiny (tininess is detected after rounding: a result that rounded up to the smallest normal
   * may still be tiny).
   */
  public static boolean normalD(double r) {
    int t = (int) (Double.doubleToRawLongBits(r) >>> 31); // exponent in bits 21..31
    return inBand(t, 2 << 21, 2045 << 21);
  }

  /**
   * Exponent bound of the range analysis' checked results (jit.FpRanges): zero, or
   * 2^-MODERATE_EXP <= |r| < 2^MODERATE_EXP.
   */
  public static final int MODERATE_EXP = 300;

  /**
   * Inline check of a result the range analysis wants known (jit.FpRanges): normal with its
   * magnitude in [2^-300, 2^300). A finite result in that band is exact in flags but for NX (it is
   * neither tiny nor overflowed) and makes products of two or three such values safe. The same
   * unsigned range test of the exponent as {@link #normalD}.
   */
  public static boolean moderateD(double r) {
    int t = (int) (Double.doubleToRawLongBits(r) >>> 31); // exponent in bits 21..31
    return inBand(t, (1023 - MODERATE_EXP) << 21, (2 * MODERATE_EXP) << 21);
  }

  /**
   * Whether {@code v} fits what the range analysis assumes of a register where the dispatcher
   * enters a block (jit.FpRanges), tested on its bits with constants the translator works out:
   * the biased exponent in [{@code tLo >>> 21}, ({@code tLo + tSpan}) >>> 21) (the top of
   * {@code (int) (bits >>> 31)}, one unsigned compare, as in {@link #normalD}) and, if
   * {@code nonneg}, the sign clear; failing that, a zero passes if {@code zero}. Once per register
   * per entry.
   */
  public static boolean inExponentRange(double v, int tLo, int tSpan, boolean zero,
      boolean nonneg) {
    long b = Double.doubleToRawLongBits(v);
    int t = (int) (b >>> 31);
    if (inBand(t, tLo, tSpan)) {
      return !nonneg || b >= 0;
    }
    return zero && b << 1 == 0;
  }

  /** Inline guard of a single sum or difference: finite. */
  public static boolean finiteS(float r) {
    return (Float.floatToRawIntBits(r) & 0x7f800000) != 0x7f800000;
  }

  /** Inline guard of any other single result: finite and at least 2^-125 (see normalD). */
  public static boolean normalS(float r) {
    int t = Float.floatToRawIntBits(r) << 1; // exponent in bits 24..31
    return inBand(t, 2 << 24, 253 << 24);
  }

  private static double d(long a) {
    return Double.longBitsToDouble(a);
  }

  private static long bits(double x) {
    return Double.doubleToRawLongBits(x);
  }

  // ---- single: arithmetic ----------------------------------------------------------------------

  /** fmadd.s: a*b+c, one rounding. */
  public static long fmadd_s(Hart h, long a, long b, long c, int rm) {
    return fmaS(h, a, b, c, rm);
  }

  /** fmsub.s: a*b−c, one rounding. */
  public static long fmsub_s(Hart h, long a, long b, long c, int rm) {
    return fmaS(h, a, b, boxBits(unboxBits(c) ^ SIGN_S), rm);
  }

  /** fnmsub.s: −(a*b)+c, one rounding. */
  public static long fnmsub_s(Hart h, long a, long b, long c, int rm) {
    return fmaS(h, boxBits(unboxBits(a) ^ SIGN_S), b, c, rm);
  }

  /** fnmadd.s: −(a*b)−c, one rounding. */
  public static long fnmadd_s(Hart h, long a, long b, long c, int rm) {
    return fmaS(h, boxBits(unboxBits(a) ^ SIGN_S), b, boxBits(unboxBits(c) ^ SIGN_S), rm);
  }

  private static long fmaS(Hart h, long a, long b, long c, int rm) {
    double x = unboxS(a);
    double y = unboxS(b);
    double z = unboxS(c);
    double p = x * y; // exact: 48-bit significand, exponent within double range
    double s = p + z;
    double err = FpSlow.twoSumErr(p, z, s);
    if (err != 0 && (bits(s) & 1) == 0) {
      s = err > 0 ? Math.nextUp(s) : Math.nextDown(s); // round to odd: no double-rounding error
    }
    float f = (float) s;
    if (rne(h, rm) && okS(f)) {
      if ((h.fflags & NX) == 0 && (err != 0 || f != s)) {
        h.fflags |= NX;
      }
      return box(f);
    }
    return FpSlow.fmaS(h, a, b, c, s, err, rm);
  }

  /** fadd.s. */
  public static long fadd_s(Hart h, long a, long b, int rm) {
    double x = unboxS(a);
    double y = unboxS(b);
    double d = x + y;
    float f = (float) d;
    if (rne(h, rm) && okS(f)) {
      if ((h.fflags & NX) == 0 && (f != d || FpSlow.sumInexact(x, y, d))) {
        h.fflags |= NX;
      }
      return box(f);
    }
    return FpSlow.addS(h, a, b, d, rm);
  }

  /** fsub.s. */
  public static long fsub_s(Hart h, long a, long b, int rm) {
    double x = unboxS(a);
    double y = -unboxS(b);
    double d = x + y;
    float f = (float) d;
    if (rne(h, rm) && okS(f)) {
      if ((h.fflags & NX) == 0 && (f != d || FpSlow.sumInexact(x, y, d))) {
        h.fflags |= NX;
      }
      return box(f);
    }
    return FpSlow.addS(h, a, boxBits(unboxBits(b) ^ SIGN_S), d, rm);
  }

  /** fmul.s. */
  public static long fmul_s(Hart h, long a, long b, int rm) {
    double d = unboxS(a) * unboxS(b); // exact
    float f = (float) d;
    if (rne(h, rm) && okS(f)) {
      if ((h.fflags & NX) == 0 && (f != d)) {
        h.fflags |= NX;
      }
      return box(f);
    }
    return FpSlow.mulS(h, a, b, d, rm);
  }

  /** fdiv.s. */
  public static long fdiv_s(Hart h, long a, long b, int rm) {
    double x = unboxS(a);
    double y = unboxS(b);
    double d = x / y;
    float f = (float) d;
    if (rne(h, rm) && okS(f)) {
      if ((h.fflags & NX) == 0 && (f != d || Math.fma(-d, y, x) != 0)) {
        h.fflags |= NX;
      }
      return box(f);
    }
    return FpSlow.divS(h, a, b, d, rm);
  }

  /** fsqrt.s. */
  public static long fsqrt_s(Hart h, long a, int rm) {
    double x = unboxS(a);
    double d = Math.sqrt(x);
    float f = (float) d;
    if (rne(h, rm) && okS(f)) {
      if ((h.fflags & NX) == 0 && (f != d || Math.fma(-d, d, x) != 0)) {
        h.fflags |= NX;
      }
      return box(f);
    }
    return FpSlow.sqrtS(h, a, d, rm);
  }

  // ---- single: sign injection, min/max ---------------------------------------------------------

  /** fsgnj.s: magnitude of a, sign of b. */
  public static long fsgnj_s(Hart h, long a, long b) {
    return boxBits((unboxBits(a) & ~SIGN_S) | (unboxBits(b) & SIGN_S));
  }

  /** fsgnjn.s: magnitude of a, opposite sign of b. */
  public static long fsgnjn_s(Hart h, long a, long b) {
    return boxBits((unboxBits(a) & ~SIGN_S) | (~unboxBits(b) & SIGN_S));
  }

  /** fsgnjx.s: a with its sign xored with b's sign. */
  public static long fsgnjx_s(Hart h, long a, long b) {
    return boxBits(unboxBits(a) ^ (unboxBits(b) & SIGN_S));
  }

  /** fmin.s: IEEE 754-2019 minimumNumber (−0 < +0). */
  public static long fmin_s(Hart h, long a, long b) {
    int ia = unboxBits(a);
    int ib = unboxBits(b);
    float x = Float.intBitsToFloat(ia);
    float y = Float.intBitsToFloat(ib);
    if (x < y) {
      return boxBits(ia);
    } else if (y < x) {
      return boxBits(ib);
    } else if (x == y) {
      return boxBits(ia | ib);
    }
    return boxBits(FpSlow.minMaxNaN(h, ia & 0xffffffffL, ib & 0xffffffffL, PS));
  }

  /** fmax.s: IEEE 754-2019 maximumNumber (+0 > −0). */
  public static long fmax_s(Hart h, long a, long b) {
    int ia = unboxBits(a);
    int ib = unboxBits(b);
    float x = Float.intBitsToFloat(ia);
    float y = Float.intBitsToFloat(ib);
    if (x > y) {
      return boxBits(ia);
    } else if (y > x) {
      return boxBits(ib);
    } else if (x == y) {
      return boxBits(ia & ib);
    }
    return boxBits(FpSlow.minMaxNaN(h, ia & 0xffffffffL, ib & 0xffffffffL, PS));
  }

  // ---- single: to integer, compare, class ------------------------------------------------------

  /** fcvt.w.s. */
  public static long fcvt_w_s(Hart h, long a, int rm) {
    double x = unboxS(a);
    if (rm == 1 && x > -2147483649.0 && x < 2147483648.0) {
      int i = (int) x;
      if ((h.fflags & NX) == 0 && (i != x)) {
        h.fflags |= NX;
      }
      return i;
    }
    return FpConvert.toInt(h, x, rm, FpConvert.W);
  }

  /** fcvt.wu.s (result sign-extended from 32 bits). */
  public static long fcvt_wu_s(Hart h, long a, int rm) {
    return FpConvert.toInt(h, unboxS(a), rm, FpConvert.WU);
  }

  /** fmv.x.w: the low 32 bits, raw, sign-extended. */
  public static long fmv_x_w(Hart h, long a, int rm) {
    return (int) a;
  }

  /** feq.s: quiet compare (NV only for signaling NaN). */
  public static long feq_s(Hart h, long a, long b) {
    float x = Float.intBitsToFloat(unboxBits(a));
    float y = Float.intBitsToFloat(unboxBits(b));
    if (x == y) {
      return 1;
    }
    if (x != x || y != y) {
      FpSlow.quietCompareNaN(h, unboxBits(a) & 0xffffffffL, unboxBits(b) & 0xffffffffL, PS);
    }
    return 0;
  }

  /** flt.s: signaling compare (NV for any NaN). */
  public static long flt_s(Hart h, long a, long b) {
    float x = Float.intBitsToFloat(unboxBits(a));
    float y = Float.intBitsToFloat(unboxBits(b));
    if (x < y) {
      return 1;
    }
    if (x != x || y != y) {
      h.fflags |= NV;
    }
    return 0;
  }

  /** fle.s: signaling compare (NV for any NaN). */
  public static long fle_s(Hart h, long a, long b) {
    float x = Float.intBitsToFloat(unboxBits(a));
    float y = Float.intBitsToFloat(unboxBits(b));
    if (x <= y) {
      return 1;
    }
    if (x != x || y != y) {
      h.fflags |= NV;
    }
    return 0;
  }

  /** fclass.s (an unboxed input classifies as quiet NaN). */
  public static long fclass_s(Hart h, long a, int rm) {
    return FpConvert.classify(unboxBits(a) & 0xffffffffL, PS);
  }

  // ---- single: from integer --------------------------------------------------------------------

  /** fcvt.s.w. */
  public static long fcvt_s_w(Hart h, long a, int rm) {
    int i = (int) a;
    if (rne(h, rm)) {
      float f = i;
      if ((h.fflags & NX) == 0 && ((long) f != i)) {
        h.fflags |= NX;
      }
      return box(f);
    }
    return boxBits(FpConvert.fromSigned(h, i, rm, PS));
  }

  /** fcvt.s.wu. */
  public static long fcvt_s_wu(Hart h, long a, int rm) {
    long v = a & 0xffffffffL;
    if (rne(h, rm)) {
      float f = v;
      if ((h.fflags & NX) == 0 && ((long) f != v)) {
        h.fflags |= NX;
      }
      return box(f);
    }
    return boxBits(FpConvert.fromUnsigned(h, v, rm, PS));
  }

  /** fmv.w.x: boxes the low 32 bits. */
  public static long fmv_w_x(Hart h, long a, int rm) {
    return boxBits(a);
  }

  /** fcvt.l.s. */
  public static long fcvt_l_s(Hart h, long a, int rm) {
    return FpConvert.toInt(h, unboxS(a), rm, FpConvert.L);
  }

  /** fcvt.lu.s. */
  public static long fcvt_lu_s(Hart h, long a, int rm) {
    return FpConvert.toInt(h, unboxS(a), rm, FpConvert.LU);
  }

  /** fcvt.s.l. */
  public static long fcvt_s_l(Hart h, long a, int rm) {
    if (rne(h, rm)) {
      float f = a;
      if ((h.fflags & NX) == 0 && (f == 0x1p63f || (long) f != a)) {
        h.fflags |= NX;
      }
      return box(f);
    }
    return boxBits(FpConvert.fromSigned(h, a, rm, PS));
  }

  /** fcvt.s.lu. */
  public static long fcvt_s_lu(Hart h, long a, int rm) {
    return boxBits(FpConvert.fromUnsigned(h, a, rm, PS));
  }

  // ---- double: arithmetic ----------------------------------------------------------------------

  /** fmadd.d: a*b+c, one rounding. */
  public static long fmadd_d(Hart h, long a, long b, long c, int rm) {
    return fmaD(h, a, b, c, rm);
  }

  /** fmsub.d: a*b−c, one rounding. */
  public static long fmsub_d(Hart h, long a, long b, long c, int rm) {
    return fmaD(h, a, b, c ^ SIGN_D, rm);
  }

  /** fnmsub.d: −(a*b)+c, one rounding. */
  public static long fnmsub_d(Hart h, long a, long b, long c, int rm) {
    return fmaD(h, a ^ SIGN_D, b, c, rm);
  }

  /** fnmadd.d: −(a*b)−c, one rounding. */
  public static long fnmadd_d(Hart h, long a, long b, long c, int rm) {
    return fmaD(h, a ^ SIGN_D, b, c ^ SIGN_D, rm);
  }

  private static long fmaD(Hart h, long a, long b, long c, int rm) {
    double x = d(a);
    double y = d(b);
    double z = d(c);
    double r = Math.fma(x, y, z);
    if (rne(h, rm) && fmaOkD(x, y, z, r)) {
      if ((h.fflags & NX) == 0 && (FpSlow.fmaInexact(x, y, z, r))) {
        h.fflags |= NX;
      }
      return bits(r);
    }
    return FpSlow.fmaD(h, a, b, c, r, rm);
  }

  /** fadd.d. */
  public static long fadd_d(Hart h, long a, long b, int rm) {
    double x = d(a);
    double y = d(b);
    double s = x + y;
    if (rne(h, rm) && addOkD(s)) {
      if ((h.fflags & NX) == 0 && (FpSlow.sumInexact(x, y, s))) {
        h.fflags |= NX;
      }
      return bits(s);
    }
    return FpSlow.addD(h, a, b, s, rm);
  }

  /** fsub.d. */
  public static long fsub_d(Hart h, long a, long b, int rm) {
    double x = d(a);
    double y = -d(b);
    double s = x + y;
    if (rne(h, rm) && addOkD(s)) {
      if ((h.fflags & NX) == 0 && (FpSlow.sumInexact(x, y, s))) {
        h.fflags |= NX;
      }
      return bits(s);
    }
    return FpSlow.addD(h, a, b ^ SIGN_D, s, rm);
  }

  /** fmul.d. */
  public static long fmul_d(Hart h, long a, long b, int rm) {
    double x = d(a);
    double y = d(b);
    double p = x * y;
    if (rne(h, rm) && mulOkD(p)) {
      if ((h.fflags & NX) == 0 && (Math.fma(x, y, -p) != 0)) {
        h.fflags |= NX;
      }
      return bits(p);
    }
    return FpSlow.mulD(h, a, b, p, rm);
  }

  /** fdiv.d. */
  public static long fdiv_d(Hart h, long a, long b, int rm) {
    double x = d(a);
    double y = d(b);
    double q = x / y;
    if (rne(h, rm) && divOkD(x, q)) {
      if ((h.fflags & NX) == 0 && (Math.fma(-q, y, x) != 0)) {
        h.fflags |= NX;
      }
      return bits(q);
    }
    return FpSlow.divD(h, a, b, q, rm);
  }

  /** fsqrt.d. */
  public static long fsqrt_d(Hart h, long a, int rm) {
    double x = d(a);
    double s = Math.sqrt(x);
    if (rne(h, rm) && sqrtOkD(x)) {
      if ((h.fflags & NX) == 0 && (Math.fma(-s, s, x) != 0)) {
        h.fflags |= NX;
      }
      return bits(s);
    }
    return FpSlow.sqrtD(h, a, s, rm);
  }

  // ---- double: sign injection, min/max ---------------------------------------------------------

  /** fsgnj.d: magnitude of a, sign of b. */
  public static long fsgnj_d(Hart h, long a, long b) {
    return (a & ~SIGN_D) | (b & SIGN_D);
  }

  /** fsgnjn.d: magnitude of a, opposite sign of b. */
  public static long fsgnjn_d(Hart h, long a, long b) {
    return (a & ~SIGN_D) | (~b & SIGN_D);
  }

  /** fsgnjx.d: a with its sign xored with b's sign. */
  public static long fsgnjx_d(Hart h, long a, long b) {
    return a ^ (b & SIGN_D);
  }

  /** fmin.d: IEEE 754-2019 minimumNumber (−0 < +0). */
  public static long fmin_d(Hart h, long a, long b) {
    double x = d(a);
    double y = d(b);
    if (x < y) {
      return a;
    } else if (y < x) {
      return b;
    } else if (x == y) {
      return a | b;
    }
    return FpSlow.minMaxNaN(h, a, b, PD);
  }

  /** fmax.d: IEEE 754-2019 maximumNumber (+0 > −0). */
  public static long fmax_d(Hart h, long a, long b) {
    double x = d(a);
    double y = d(b);
    if (x > y) {
      return a;
    } else if (y > x) {
      return b;
    } else if (x == y) {
      return a & b;
    }
    return FpSlow.minMaxNaN(h, a, b, PD);
  }

  // ---- conversions between formats -------------------------------------------------------------

  /** fcvt.s.d: rounds per rm; NaN gives the canonical NaN (NV for signaling). */
  public static long fcvt_s_d(Hart h, long a, int rm) {
    double x = d(a);
    float f = (float) x;
    if (rne(h, rm) && okS(f)) {
      if ((h.fflags & NX) == 0 && (f != x)) {
        h.fflags |= NX;
      }
      return box(f);
    }
    return FpSlow.cvtSD(h, a, rm);
  }

  /** fcvt.d.s: exact; NaN gives the canonical NaN (NV for signaling). The rm field is checked. */
  public static long fcvt_d_s(Hart h, long a, int rm) {
    if (rm != 0) {
      FpRound.mode(h, rm);
    }
    int ia = unboxBits(a);
    if ((ia & 0x7fffffff) > 0x7f800000) {
      if ((ia & 0x00400000) == 0) {
        h.fflags |= NV;
      }
      return FpRound.CNAN_D;
    }
    return bits(Float.intBitsToFloat(ia));
  }

  // ---- double: to integer, compare, class ------------------------------------------------------

  /** feq.d: quiet compare (NV only for signaling NaN). */
  public static long feq_d(Hart h, long a, long b) {
    double x = d(a);
    double y = d(b);
    if (x == y) {
      return 1;
    }
    if (x != x || y != y) {
      FpSlow.quietCompareNaN(h, a, b, PD);
    }
    return 0;
  }

  /** flt.d: signaling compare (NV for any NaN). */
  public static long flt_d(Hart h, long a, long b) {
    double x = d(a);
    double y = d(b);
    if (x < y) {
      return 1;
    }
    if (x != x || y != y) {
      h.fflags |= NV;
    }
    return 0;
  }

  /** fle.d: signaling compare (NV for any NaN). */
  public static long fle_d(Hart h, long a, long b) {
    double x = d(a);
    double y = d(b);
    if (x <= y) {
      return 1;
    }
    if (x != x || y != y) {
      h.fflags |= NV;
    }
    return 0;
  }

  /** fclass.d. */
  public static long fclass_d(Hart h, long a, int rm) {
    return FpConvert.classify(a, PD);
  }

  /** fcvt.w.d. */
  public static long fcvt_w_d(Hart h, long a, int rm) {
    double x = d(a);
    if (rm == 1 && x > -2147483649.0 && x < 2147483648.0) {
      int i = (int) x;
      if ((h.fflags & NX) == 0 && (i != x)) {
        h.fflags |= NX;
      }
      return i;
    }
    if (rne(h, rm) && Math.abs(x) <= 2147483647.0) {
      double r = Math.rint(x);
      if ((h.fflags & NX) == 0 && (r != x)) {
        h.fflags |= NX;
      }
      return (int) r;
    }
    return FpConvert.toInt(h, x, rm, FpConvert.W);
  }

  /** fcvt.wu.d (result sign-extended from 32 bits). */
  public static long fcvt_wu_d(Hart h, long a, int rm) {
    return FpConvert.toInt(h, d(a), rm, FpConvert.WU);
  }

  /** fcvt.d.w: exact; the rm field is still checked. */
  public static long fcvt_d_w(Hart h, long a, int rm) {
    if (rm != 0) {
      FpRound.mode(h, rm);
    }
    return bits((int) a);
  }

  /** fcvt.d.wu: exact; the rm field is still checked. */
  public static long fcvt_d_wu(Hart h, long a, int rm) {
    if (rm != 0) {
      FpRound.mode(h, rm);
    }
    return bits(a & 0xffffffffL);
  }

  /** fcvt.l.d. */
  public static long fcvt_l_d(Hart h, long a, int rm) {
    double x = d(a);
    if (rm == 1 && x > -0x1p63 && x < 0x1p63) {
      long i = (long) x;
      if ((h.fflags & NX) == 0 && (i != x)) {
        h.fflags |= NX;
      }
      return i;
    }
    return FpConvert.toInt(h, x, rm, FpConvert.L);
  }

  /** fcvt.lu.d. */
  public static long fcvt_lu_d(Hart h, long a, int rm) {
    return FpConvert.toInt(h, d(a), rm, FpConvert.LU);
  }

  /** fmv.x.d: raw bits. */
  public static long fmv_x_d(Hart h, long a, int rm) {
    return a;
  }

  /** fcvt.d.l. */
  public static long fcvt_d_l(Hart h, long a, int rm) {
    if (rne(h, rm)) {
      double r = a;
      if ((h.fflags & NX) == 0 && (r == 0x1p63 || (long) r != a)) {
        h.fflags |= NX;
      }
      return bits(r);
    }
    return FpConvert.fromSigned(h, a, rm, PD);
  }

  /** fcvt.d.lu. */
  public static long fcvt_d_lu(Hart h, long a, int rm) {
    return FpConvert.fromUnsigned(h, a, rm, PD);
  }

  /** fmv.d.x: raw bits. */
  public static long fmv_d_x(Hart h, long a, int rm) {
    return a;
  }
}
