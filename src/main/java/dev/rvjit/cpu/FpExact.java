package dev.rvjit.cpu;

import static dev.rvjit.cpu.FpRound.DZ;
import static dev.rvjit.cpu.FpRound.NV;
import static dev.rvjit.cpu.FpRound.PD;
import static dev.rvjit.cpu.FpRound.RDN;

import java.math.BigInteger;

/**
 * Exact (slow, allocation-using) arithmetic on raw bit patterns of either precision: every
 * special case (NaN, infinity, zero, subnormal, overflow, underflow) and every rounding mode. The
 * fast paths in {@link Fpu} fall back here; the result is the raw pattern of format {@code p}
 * (24 = single, unboxed in the low 32 bits; 53 = double).
 */
final class FpExact {
  private FpExact() {}

  // ---- unpacking -------------------------------------------------------------------------------

  private static int fracBits(int p) {
    return p - 1;
  }

  private static long expMask(int p) {
    return p == PD ? 0x7ff : 0xff;
  }

  static boolean neg(long v, int p) {
    return (v & FpRound.signBit(p)) != 0;
  }

  private static long expField(long v, int p) {
    return (v >>> fracBits(p)) & expMask(p);
  }

  private static long frac(long v, int p) {
    return v & ((1L << fracBits(p)) - 1);
  }

  static boolean isNaN(long v, int p) {
    return expField(v, p) == expMask(p) && frac(v, p) != 0;
  }

  static boolean isSNaN(long v, int p) {
    return isNaN(v, p) && (v & (1L << (p - 2))) == 0;
  }

  static boolean isInf(long v, int p) {
    return expField(v, p) == expMask(p) && frac(v, p) == 0;
  }

  static boolean isZero(long v, int p) {
    return (v & (FpRound.signBit(p) - 1)) == 0;
  }

  /** Integer significand of a finite value (implicit bit included for normals). */
  static long sig(long v, int p) {
    long e = expField(v, p);
    return e == 0 ? frac(v, p) : frac(v, p) | 1L << fracBits(p);
  }

  /** Exponent of the significand's unit for a finite value: value = sig * 2^exp. */
  static int exp(long v, int p) {
    long e = expField(v, p);
    int lsbMin = FpRound.emin(p) - p + 1;
    return e == 0 ? lsbMin : (int) e - 1 + lsbMin;
  }

  private static long signedZero(boolean neg, int p) {
    return neg ? FpRound.signBit(p) : 0;
  }

  private static long inf(boolean neg, int p) {
    return signedZero(neg, p) | FpRound.infBits(p);
  }

  /** Returns the canonical NaN, raising NV if any of the operands is a signaling NaN. */
  private static long nanResult(Hart h, int p, long a, long b, long c) {
    if (isSNaN(a, p) || isSNaN(b, p) || isSNaN(c, p)) {
      h.fflags |= NV;
    }
    return FpRound.canonicalNaN(p);
  }

  private static long invalid(Hart h, int p) {
    h.fflags |= NV;
    return FpRound.canonicalNaN(p);
  }

  // ---- operations ------------------------------------------------------------------------------

  /** a + b in mode rm (already resolved). For subtraction pass b with its sign flipped. */
  static long add(Hart h, long a, long b, int rm, int p) {
    if (isNaN(a, p) || isNaN(b, p)) {
      return nanResult(h, p, a, b, 0);
    }
    boolean na = neg(a, p);
    boolean nb = neg(b, p);
    if (isInf(a, p) || isInf(b, p)) {
      if (isInf(a, p) && isInf(b, p) && na != nb) {
        return invalid(h, p);
      }
      return isInf(a, p) ? a : b;
    }
    return sum(h, na, BigInteger.valueOf(sig(a, p)), exp(a, p), nb, sig(b, p), exp(b, p), rm, p);
  }

  /** Exact sum of (-1)^na*ma*2^ea and (-1)^nb*mb*2^eb, rounded; zero sums signed per IEEE. */
  private static long sum(Hart h, boolean na, BigInteger ma, int ea, boolean nb, long mb, int eb,
      int rm, int p) {
    boolean za = ma.signum() == 0;
    boolean zb = mb == 0;
    if (za && zb) {
      return signedZero(na == nb ? na : rm == RDN, p);
    }
    int e0 = Math.min(ea, eb);
    BigInteger x = ma.shiftLeft(ea - e0);
    BigInteger y = BigInteger.valueOf(mb).shiftLeft(eb - e0);
    BigInteger s = (na ? x.negate() : x).add(nb ? y.negate() : y);
    if (s.signum() == 0) {
      return signedZero(rm == RDN, p);
    }
    return FpRound.roundBig(h, s.signum() < 0, s.abs(), e0, false, rm, p);
  }

  /** a * b in mode rm. */
  static long mul(Hart h, long a, long b, int rm, int p) {
    if (isNaN(a, p) || isNaN(b, p)) {
      return nanResult(h, p, a, b, 0);
    }
    boolean n = neg(a, p) ^ neg(b, p);
    boolean infs = isInf(a, p) || isInf(b, p);
    boolean zeros = isZero(a, p) || isZero(b, p);
    if (infs) {
      return zeros ? invalid(h, p) : inf(n, p);
    }
    if (zeros) {
      return signedZero(n, p);
    }
    BigInteger m = BigInteger.valueOf(sig(a, p)).multiply(BigInteger.valueOf(sig(b, p)));
    return FpRound.roundBig(h, n, m, exp(a, p) + exp(b, p), false, rm, p);
  }

  /** a / b in mode rm. */
  static long div(Hart h, long a, long b, int rm, int p) {
    if (isNaN(a, p) || isNaN(b, p)) {
      return nanResult(h, p, a, b, 0);
    }
    boolean n = neg(a, p) ^ neg(b, p);
    if (isInf(a, p)) {
      return isInf(b, p) ? invalid(h, p) : inf(n, p);
    }
    if (isInf(b, p)) {
      return signedZero(n, p);
    }
    if (isZero(b, p)) {
      if (isZero(a, p)) {
        return invalid(h, p);
      }
      h.fflags |= DZ;
      return inf(n, p);
    }
    if (isZero(a, p)) {
      return signedZero(n, p);
    }
    long sa = sig(a, p);
    long sb = sig(b, p);
    int la = 64 - Long.numberOfLeadingZeros(sa);
    int lb = 64 - Long.numberOfLeadingZeros(sb);
    int k = Math.max(0, p + 4 + lb - la);
    BigInteger[] qr =
        BigInteger.valueOf(sa).shiftLeft(k).divideAndRemainder(BigInteger.valueOf(sb));
    return FpRound.roundBig(h, n, qr[0], exp(a, p) - exp(b, p) - k, qr[1].signum() != 0, rm, p);
  }

  /** sqrt(a) in mode rm. */
  static long sqrt(Hart h, long a, int rm, int p) {
    if (isNaN(a, p)) {
      return nanResult(h, p, a, 0, 0);
    }
    if (isZero(a, p)) {
      return a;
    }
    if (neg(a, p)) {
      return invalid(h, p);
    }
    if (isInf(a, p)) {
      return a;
    }
    long s = sig(a, p);
    int e = exp(a, p);
    int k = Math.max(0, 2 * p + 6 - (64 - Long.numberOfLeadingZeros(s)));
    if (((e - k) & 1) != 0) {
      k++;
    }
    BigInteger x = BigInteger.valueOf(s).shiftLeft(k);
    BigInteger r = x.sqrt();
    boolean sticky = !r.multiply(r).equals(x);
    return FpRound.roundBig(h, false, r, (e - k) / 2, sticky, rm, p);
  }

  /** a * b + c with a single rounding in mode rm (negate operands for the other forms). */
  static long fma(Hart h, long a, long b, long c, int rm, int p) {
    boolean infTimesZero = (isInf(a, p) && isZero(b, p)) || (isZero(a, p) && isInf(b, p));
    if (isNaN(a, p) || isNaN(b, p) || isNaN(c, p)) {
      if (infTimesZero) {
        h.fflags |= NV;
      }
      return nanResult(h, p, a, b, c);
    }
    if (infTimesZero) {
      return invalid(h, p);
    }
    boolean np = neg(a, p) ^ neg(b, p);
    boolean nc = neg(c, p);
    if (isInf(a, p) || isInf(b, p)) {
      if (isInf(c, p) && nc != np) {
        return invalid(h, p);
      }
      return inf(np, p);
    }
    if (isInf(c, p)) {
      return c;
    }
    BigInteger m = BigInteger.valueOf(sig(a, p)).multiply(BigInteger.valueOf(sig(b, p)));
    return sum(h, np, m, exp(a, p) + exp(b, p), nc, sig(c, p), exp(c, p), rm, p);
  }

  /** Converts a double (raw bits) to single (raw 32-bit pattern) in mode rm. */
  static long doubleToSingle(Hart h, long a, int rm) {
    if (isNaN(a, PD)) {
      nanResult(h, PD, a, 0, 0);
      return FpRound.CNAN_S;
    }
    boolean n = neg(a, PD);
    if (isInf(a, PD)) {
      return inf(n, FpRound.PS);
    }
    return FpRound.roundLong(h, n, sig(a, PD), exp(a, PD), false, rm, FpRound.PS);
  }
}
