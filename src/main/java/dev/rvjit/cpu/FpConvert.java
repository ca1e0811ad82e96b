package dev.rvjit.cpu;

import static dev.rvjit.cpu.FpRound.NV;
import static dev.rvjit.cpu.FpRound.NX;
import static dev.rvjit.cpu.FpRound.RDN;
import static dev.rvjit.cpu.FpRound.RMM;
import static dev.rvjit.cpu.FpRound.RNE;
import static dev.rvjit.cpu.FpRound.RTZ;
import static dev.rvjit.cpu.FpRound.RUP;

/**
 * Conversions between floating point and integers (fcvt.{w,wu,l,lu}.{s,d} and back) and fclass.
 * Conversion to integer rounds per mode; NaN gives the largest value, out-of-range values saturate,
 * and both raise NV (never NX), as the spec's fcvt table says.
 */
final class FpConvert {
  private FpConvert() {}

  /** Target integer types. */
  static final int W = 0;
  static final int WU = 1;
  static final int L = 2;
  static final int LU = 3;

  /** Rounds x to an integral value in mode m (x is not NaN). */
  static double roundIntegral(double x, int m) {
    if (!(Math.abs(x) < 0x1p52)) {
      return x;
    }
    switch (m) {
      case RNE:
        return Math.rint(x);
      case RTZ:
        return (double) (long) x;
      case RDN:
        return Math.floor(x);
      case RUP:
        return Math.ceil(x);
      default: {
        double t = (double) (long) x;
        double diff = x - t;
        if (diff >= 0.5) {
          return t + 1;
        } else if (diff <= -0.5) {
          return t - 1;
        }
        return t;
      }
    }
  }

  /**
   * Converts x (a double, or a single widened exactly) to integer type {@code kind} in rounding
   * field rm; returns the register value (32-bit results sign-extended).
   */
  static long toInt(Hart h, double x, int rm, int kind) {
    int m = FpRound.mode(h, rm);
    if (Double.isNaN(x)) {
      h.fflags |= NV;
      return max(kind);
    }
    double r = roundIntegral(x, m);
    long v;
    switch (kind) {
      case W:
        if (!(r >= -0x1p31 && r <= 0x1p31 - 1)) {
          return saturate(h, x, kind);
        }
        v = (long) r;
        break;
      case WU:
        if (!(r >= 0 && r <= 0x1p32 - 1)) {
          return saturate(h, x, kind);
        }
        v = (int) (long) r;
        break;
      case L:
        if (!(r >= -0x1p63 && r < 0x1p63)) {
          return saturate(h, x, kind);
        }
        v = (long) r;
        break;
      default:
        if (!(r >= 0 && r < 0x1p64)) {
          return saturate(h, x, kind);
        }
        v = r < 0x1p63 ? (long) r : (long) (r - 0x1p63) + Long.MIN_VALUE;
        break;
    }
    if (r != x) {
      Fpu.raiseNx(h);
    }
    return v;
  }

  private static long saturate(Hart h, double x, int kind) {
    h.fflags |= NV;
    return x < 0 ? min(kind) : max(kind);
  }

  private static long max(int kind) {
    switch (kind) {
      case W:
        return Integer.MAX_VALUE;
      case L:
        return Long.MAX_VALUE;
      default:
        return -1L; // 2^32-1 sign-extended, or 2^64-1
    }
  }

  private static long min(int kind) {
    switch (kind) {
      case W:
        return Integer.MIN_VALUE;
      case L:
        return Long.MIN_VALUE;
      default:
        return 0;
    }
  }

  /** Converts a signed 64-bit integer to format p (raw bits) in rounding field rm. */
  static long fromSigned(Hart h, long v, int rm, int p) {
    int m = FpRound.mode(h, rm);
    return FpRound.roundInt(h, v < 0, v < 0 ? -v : v, m, p);
  }

  /** Converts an unsigned 64-bit integer to format p (raw bits) in rounding field rm. */
  static long fromUnsigned(Hart h, long v, int rm, int p) {
    int m = FpRound.mode(h, rm);
    return FpRound.roundInt(h, false, v, m, p);
  }

  /** fclass of raw bits in format p: the 10-bit one-hot class mask. */
  static long classify(long v, int p) {
    boolean neg = FpExact.neg(v, p);
    if (FpExact.isNaN(v, p)) {
      return FpExact.isSNaN(v, p) ? 1 << 8 : 1 << 9;
    }
    if (FpExact.isInf(v, p)) {
      return neg ? 1 << 0 : 1 << 7;
    }
    if (FpExact.isZero(v, p)) {
      return neg ? 1 << 3 : 1 << 4;
    }
    boolean sub = FpExact.sig(v, p) < 1L << (p - 1);
    if (sub) {
      return neg ? 1 << 2 : 1 << 5;
    }
    return neg ? 1 << 1 : 1 << 6;
  }
}
