package dev.rvjit.cpu;

import static dev.rvjit.cpu.FpRound.NV;
import static dev.rvjit.cpu.FpRound.NX;
import static dev.rvjit.cpu.FpRound.PD;
import static dev.rvjit.cpu.FpRound.PS;
import static dev.rvjit.cpu.FpRound.RDN;
import static dev.rvjit.cpu.FpRound.RMM;
import static dev.rvjit.cpu.FpRound.RTZ;
import static dev.rvjit.cpu.FpRound.RUP;

/**
 * The paths {@link Fpu} leaves its round-to-nearest-even fast path for: directed rounding modes
 * (by stepping the nearest result one ulp according to the sign of the exact residual), and, via
 * {@link FpExact}, NaNs, infinities, zeros, subnormal or overflowing results.
 *
 * <p>Methods take the raw register bits (so signaling NaNs survive) plus the nearest result the
 * fast path already computed.
 */
final class FpSlow {
  private FpSlow() {}

  // ---- shared helpers --------------------------------------------------------------------------

  /** Error of the rounded sum s = fl(x + y): x + y - s exactly (no overflow assumed). */
  static double twoSumErr(double x, double y, double s) {
    double bv = s - x;
    return (x - (s - bv)) + (y - bv);
  }

  /**
   * Whether s = fl(x + y) (round to nearest, no overflow) is inexact. With the larger operand
   * subtracted first, s − big is exact (Fast2Sum), so it equals the smaller operand exactly when
   * the sum was exact.
   */
  static boolean sumInexact(double x, double y, double s) {
    return Math.abs(x) >= Math.abs(y) ? s - x != y : s - y != x;
  }

  /**
   * Adjusts the nearest-even result r (normal, not the largest finite) of an inexact operation
   * whose exact value is r + err (err non-zero, sign exact) to mode m. {@code exact} tells whether
   * err is the exact residual (needed only to recognise ties for RMM).
   */
  static double directed(double r, double err, boolean exact, int m) {
    switch (m) {
      case RTZ:
        if ((err < 0) == (r > 0)) {
          return r > 0 ? Math.nextDown(r) : Math.nextUp(r);
        }
        return r;
      case RDN:
        return err < 0 ? Math.nextDown(r) : r;
      case RUP:
        return err > 0 ? Math.nextUp(r) : r;
      case RMM: {
        double t = err > 0 ? Math.nextUp(r) : Math.nextDown(r);
        if (exact && t - r == 2 * err && Math.abs(t) > Math.abs(r)) {
          return t;
        }
        return r;
      }
      default:
        return r;
    }
  }

  /** Single result from a double approximation: see {@link #finishS}. */
  private static float directedS(float f, double dir, boolean tie, int m) {
    switch (m) {
      case RTZ:
        if ((dir < 0) == (f > 0)) {
          return f > 0 ? Math.nextDown(f) : Math.nextUp(f);
        }
        return f;
      case RDN:
        return dir < 0 ? Math.nextDown(f) : f;
      case RUP:
        return dir > 0 ? Math.nextUp(f) : f;
      case RMM: {
        float t = dir > 0 ? Math.nextUp(f) : Math.nextDown(f);
        if (tie && (double) t - f == 2 * dir && Math.abs(t) > Math.abs(f)) {
          return t;
        }
        return f;
      }
      default:
        return f;
    }
  }

  /** True if a single result is normal and below the largest finite value. */
  static boolean midRangeS(float f) {
    float af = Math.abs(f);
    return af > Float.MIN_NORMAL && af < Float.MAX_VALUE;
  }

  /**
   * Rounds to single in mode m the exact value represented by d (a double that is either the
   * exact value, or its nearest-even double / round-to-odd approximation lying on the same side of
   * every single as the exact value) and derr (0 if d is exact, else a value with the sign of
   * exact − d). The caller checks {@code midRangeS((float) d)}. Returns the boxed result.
   */
  static long finishS(Hart h, double d, double derr, int m) {
    float f = (float) d;
    double dir = f != d ? d - f : derr;
    if (dir != 0) {
      Fpu.raiseNx(h);
      f = directedS(f, dir, derr == 0, m);
    }
    return Fpu.box(f);
  }

  /**
   * The result of an exact zero sum x + y (finite operands): IEEE 754 §6.3 gives a zero of the
   * operands' sign when both are zeros of the same sign, else +0, or −0 when rounding down.
   */
  static double zeroSum(double x, double y, int m) {
    if (x == 0 && (Double.doubleToRawLongBits(x) ^ Double.doubleToRawLongBits(y)) >= 0) {
      return x;
    }
    return m == RDN ? -0.0 : 0.0;
  }

  private static long rawS(long a) {
    return (a >> 32) == -1L ? a & 0xffffffffL : FpRound.CNAN_S;
  }

  // ---- double ----------------------------------------------------------------------------------

  /** fadd.d / fsub.d (b already negated for fsub) with s = fl(x + y). */
  static long addD(Hart h, long a, long b, double s, int rm) {
    int m = FpRound.mode(h, rm);
    if (s != 0 && Math.abs(s) < 0x1p1023) {
      double x = Double.longBitsToDouble(a);
      double y = Double.longBitsToDouble(b);
      double err = twoSumErr(x, y, s);
      if (err != 0) {
        Fpu.raiseNx(h);
        s = directed(s, err, true, m);
      }
      return Double.doubleToRawLongBits(s);
    }
    if (s == 0) { // exact cancellation (a non-zero exact sum never rounds to zero)
      return Double.doubleToRawLongBits(
          zeroSum(Double.longBitsToDouble(a), Double.longBitsToDouble(b), m));
    }
    return FpExact.add(h, a, b, m, PD);
  }

  /** fmul.d with p = fl(x * y). */
  static long mulD(Hart h, long a, long b, double p, int rm) {
    int m = FpRound.mode(h, rm);
    double ap = Math.abs(p);
    if (ap >= 0x1p-969 && ap < Double.MAX_VALUE) {
      double x = Double.longBitsToDouble(a);
      double y = Double.longBitsToDouble(b);
      double err = Math.fma(x, y, -p);
      if (err != 0) {
        Fpu.raiseNx(h);
        p = directed(p, err, true, m);
      }
      return Double.doubleToRawLongBits(p);
    }
    if (p == 0 && (a << 1 == 0 || b << 1 == 0)) { // a zero operand: exact in every mode
      return Double.doubleToRawLongBits(p);
    }
    return FpExact.mul(h, a, b, m, PD);
  }

  /** fdiv.d with q = fl(x / y). */
  static long divD(Hart h, long a, long b, double q, int rm) {
    int m = FpRound.mode(h, rm);
    double x = Double.longBitsToDouble(a);
    double aq = Math.abs(q);
    if (q == 0 && x == 0) { // 0 / y, y non-zero: exact in every mode
      return Double.doubleToRawLongBits(q);
    }
    if (aq > Double.MIN_NORMAL && aq < Double.MAX_VALUE && Math.abs(x) >= 0x1p-969) {
      double y = Double.longBitsToDouble(b);
      double rem = Math.fma(-q, y, x);
      if (rem != 0) {
        Fpu.raiseNx(h);
        q = directed(q, y > 0 ? rem : -rem, false, m);
      }
      return Double.doubleToRawLongBits(q);
    }
    return FpExact.div(h, a, b, m, PD);
  }

  /** fsqrt.d with s = fl(sqrt(x)). */
  static long sqrtD(Hart h, long a, double s, int rm) {
    int m = FpRound.mode(h, rm);
    double x = Double.longBitsToDouble(a);
    if (x == 0) { // sqrt(±0) = ±0
      return a;
    }
    if (x >= 0x1p-969 && x <= Double.MAX_VALUE) {
      double rem = Math.fma(-s, s, x);
      if (rem != 0) {
        Fpu.raiseNx(h);
        s = directed(s, rem, false, m);
      }
      return Double.doubleToRawLongBits(s);
    }
    return FpExact.sqrt(h, a, m, PD);
  }

  /** True if the error-free fma transformation is valid and the result is normal, not maximal. */
  static boolean fmaSafe(double x, double y, double z, double r) {
    double ap = Math.abs(x * y);
    double ar = Math.abs(r);
    return ap >= 0x1p-969 && ap < 0x1p1021 && Math.abs(z) < 0x1p1021
        && ar > Double.MIN_NORMAL && ar < 0x1p1021;
  }

  /**
   * Exact error of r = fma(x, y, z) as two doubles (Boldo–Muller ErrFma): returns g + a2 rounded,
   * whose sign and zero-ness are exact; {@link #fmaErrExact} tells whether that sum was exact.
   */
  static double fmaErr(double x, double y, double z, double r) {
    double u1 = x * y;
    double u2 = Math.fma(x, y, -u1);
    double a1 = z + u2;
    double a2 = twoSumErr(z, u2, a1);
    double b1 = u1 + a1;
    double b2 = twoSumErr(u1, a1, b1);
    double g = (b1 - r) + b2;
    return g + a2;
  }

  /**
   * Whether r = fma(x, y, z) is inexact, under {@link #fmaSafe}. When z − r is exact (Sterbenz:
   * the common accumulate case, or z = 0) the exact error x*y + (z − r) is non-zero exactly when
   * its rounding fma(x, y, z − r) is (it is a multiple of 2^-1074, so it cannot round to zero);
   * otherwise the full two-term error is computed.
   */
  static boolean fmaInexact(double x, double y, double z, double r) {
    double d = z - r;
    if (twoSumErr(z, -r, d) == 0) {
      return Math.fma(x, y, d) != 0;
    }
    return fmaErr(x, y, z, r) != 0;
  }

  /** Whether the two-term error of {@link #fmaErr} is exactly representable as one double. */
  private static boolean fmaErrExact(double x, double y, double z, double r) {
    double u1 = x * y;
    double u2 = Math.fma(x, y, -u1);
    double a1 = z + u2;
    double a2 = twoSumErr(z, u2, a1);
    double b1 = u1 + a1;
    double b2 = twoSumErr(u1, a1, b1);
    double g = (b1 - r) + b2;
    return twoSumErr(g, a2, g + a2) == 0;
  }

  /** fmadd.d family (operands already negated as the form requires) with r = fma(x, y, z). */
  static long fmaD(Hart h, long a, long b, long c, double r, int rm) {
    int m = FpRound.mode(h, rm);
    double x = Double.longBitsToDouble(a);
    double y = Double.longBitsToDouble(b);
    double z = Double.longBitsToDouble(c);
    if (fmaSafe(x, y, z, r) && Math.abs(r) < Double.MAX_VALUE) {
      double err = fmaErr(x, y, z, r);
      if (err != 0) {
        Fpu.raiseNx(h);
        r = directed(r, err, m == RMM && fmaErrExact(x, y, z, r), m);
      }
      return Double.doubleToRawLongBits(r);
    }
    return FpExact.fma(h, a, b, c, m, PD);
  }

  // ---- single ----------------------------------------------------------------------------------

  /** fadd.s / fsub.s (b already negated) with d = fl53(x + y). */
  static long addS(Hart h, long a, long b, double d, int rm) {
    int m = FpRound.mode(h, rm);
    if (midRangeS((float) d)) {
      double x = Fpu.unboxS(a);
      double y = Fpu.unboxS(b);
      return finishS(h, d, twoSumErr(x, y, d), m);
    }
    if (d == 0) { // exact cancellation (the exact sum of two singles is exact in double)
      return Fpu.box((float) zeroSum(Fpu.unboxS(a), Fpu.unboxS(b), m));
    }
    return Fpu.boxBits(FpExact.add(h, rawS(a), rawS(b), m, PS));
  }

  /** fmul.s with d = x * y (exact in double). */
  static long mulS(Hart h, long a, long b, double d, int rm) {
    int m = FpRound.mode(h, rm);
    if (midRangeS((float) d)) {
      return finishS(h, d, 0, m);
    }
    if (d == 0) { // d is the exact product: a zero operand
      return Fpu.box((float) d);
    }
    return Fpu.boxBits(FpExact.mul(h, rawS(a), rawS(b), m, PS));
  }

  /** fdiv.s with d = fl53(x / y). */
  static long divS(Hart h, long a, long b, double d, int rm) {
    int m = FpRound.mode(h, rm);
    if (midRangeS((float) d)) {
      double x = Fpu.unboxS(a);
      double y = Fpu.unboxS(b);
      double rem = Math.fma(-d, y, x);
      return finishS(h, d, y > 0 ? rem : -rem, m);
    }
    if (d == 0 && Fpu.unboxS(a) == 0) { // 0 / y, y non-zero: exact in every mode
      return Fpu.box((float) d);
    }
    return Fpu.boxBits(FpExact.div(h, rawS(a), rawS(b), m, PS));
  }

  /** fsqrt.s with d = fl53(sqrt(x)). */
  static long sqrtS(Hart h, long a, double d, int rm) {
    int m = FpRound.mode(h, rm);
    if (midRangeS((float) d)) {
      double x = Fpu.unboxS(a);
      return finishS(h, d, Math.fma(-d, d, x), m);
    }
    if (d == 0) { // sqrt(±0) = ±0
      return Fpu.box((float) d);
    }
    return Fpu.boxBits(FpExact.sqrt(h, rawS(a), m, PS));
  }

  /** fmadd.s family with d the round-to-odd double of the exact value and err its residual. */
  static long fmaS(Hart h, long a, long b, long c, double d, double err, int rm) {
    int m = FpRound.mode(h, rm);
    if (midRangeS((float) d)) {
      return finishS(h, d, err, m);
    }
    return Fpu.boxBits(FpExact.fma(h, rawS(a), rawS(b), rawS(c), m, PS));
  }

  /** fcvt.s.d. */
  static long cvtSD(Hart h, long a, int rm) {
    int m = FpRound.mode(h, rm);
    double x = Double.longBitsToDouble(a);
    if (midRangeS((float) x)) {
      return finishS(h, x, 0, m);
    }
    if (x == 0) {
      return Fpu.box((float) x);
    }
    return Fpu.boxBits(FpExact.doubleToSingle(h, a, m));
  }

  // ---- min/max, compare ------------------------------------------------------------------------

  /** fmin/fmax when an operand is NaN; raw bits of format p, result raw bits. */
  static long minMaxNaN(Hart h, long a, long b, int p) {
    if (FpExact.isSNaN(a, p) || FpExact.isSNaN(b, p)) {
      h.fflags |= NV;
    }
    boolean na = FpExact.isNaN(a, p);
    boolean nb = FpExact.isNaN(b, p);
    if (na && nb) {
      return FpRound.canonicalNaN(p);
    }
    return na ? b : a;
  }

  /** Raises NV for a quiet comparison when an operand is a signaling NaN. */
  static void quietCompareNaN(Hart h, long a, long b, int p) {
    if (FpExact.isSNaN(a, p) || FpExact.isSNaN(b, p)) {
      h.fflags |= NV;
    }
  }
}
