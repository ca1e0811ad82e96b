package dev.rvjit.cpu;

import java.math.BigInteger;

/**
 * Rounding support shared by the floating-point paths: rounding-mode decoding, flag constants, and
 * the general rounding of an exact value {@code sig * 2^exp} (plus an optional sticky remainder) to
 * single or double precision with RISC-V flag semantics (tininess detected after rounding).
 *
 * <p>A format is identified by its precision {@code p}: 24 for single, 53 for double. Results are
 * raw bit patterns of that format (singles unboxed, in the low 32 bits).
 */
final class FpRound {
  private FpRound() {}

  static final int NV = 0x10;
  static final int DZ = 0x08;
  static final int OF = 0x04;
  static final int UF = 0x02;
  static final int NX = 0x01;

  static final int RNE = 0;
  static final int RTZ = 1;
  static final int RDN = 2;
  static final int RUP = 3;
  static final int RMM = 4;

  /** Precision of single. */
  static final int PS = 24;
  /** Precision of double. */
  static final int PD = 53;

  /** Canonical NaNs. */
  static final long CNAN_S = 0x7fc00000L;
  static final long CNAN_D = 0x7ff8000000000000L;

  /**
   * Resolves the effective rounding mode: 7 selects {@code h.frm}; an effective mode of 5, 6 or 7
   * is an illegal instruction.
   */
  static int mode(Hart h, int rm) {
    int m = rm == 7 ? h.frm : rm;
    if (m > 4 || m < 0) {
      throw new IllegalInstruction(0, 4);
    }
    return m;
  }

  /** Minimum exponent of a normal number of precision {@code p}. */
  static int emin(int p) {
    return p == PD ? -1022 : -126;
  }

  /** Bit pattern of +infinity in format {@code p}. */
  static long infBits(int p) {
    return p == PD ? 0x7ff0000000000000L : 0x7f800000L;
  }

  /** Sign-bit mask of format {@code p}. */
  static long signBit(int p) {
    return p == PD ? Long.MIN_VALUE : 0x80000000L;
  }

  /** Canonical NaN of format {@code p}. */
  static long canonicalNaN(int p) {
    return p == PD ? CNAN_D : CNAN_S;
  }

  /**
   * Rounds the integer {@code sig} (bits below {@code shift} discarded) per mode; returns the
   * rounded integer shifted left by one, with bit 0 set when inexact.
   */
  private static long roundShift(long sig, int shift, boolean sticky, boolean neg, int rm) {
    long m;
    int cmp;
    boolean inexact;
    if (shift <= 0) {
      return (sig << -shift) << 1 | (sticky ? 1 : 0);
    } else if (shift >= 63) {
      m = 0;
      inexact = sig != 0 || sticky;
      cmp = inexact ? -1 : -2;
    } else {
      m = sig >>> shift;
      long rem = sig & ((1L << shift) - 1);
      long half = 1L << (shift - 1);
      cmp = Long.compare(rem, half);
      if (cmp == 0 && sticky) {
        cmp = 1;
      }
      inexact = rem != 0 || sticky;
    }
    if (inexact) {
      boolean inc;
      switch (rm) {
        case RNE:
          inc = cmp > 0 || (cmp == 0 && (m & 1) != 0);
          break;
        case RTZ:
          inc = false;
          break;
        case RDN:
          inc = neg;
          break;
        case RUP:
          inc = !neg;
          break;
        default:
          inc = cmp >= 0;
          break;
      }
      if (inc) {
        m++;
      }
    }
    return m << 1 | (inexact ? 1 : 0);
  }

  /**
   * Rounds {@code (-1)^neg * (sig + sticky) * 2^exp} to format {@code p} in mode {@code rm},
   * raising OF/UF/NX as RISC-V does. {@code sig} must be below 2^62; when {@code sticky} is set
   * (a non-zero amount below one unit of {@code sig}), {@code sig} must have at least p+2 bits.
   * A zero {@code sig} without sticky gives a zero of the given sign.
   */
  static long roundLong(Hart h, boolean neg, long sig, int exp, boolean sticky, int rm, int p) {
    long sign = neg ? signBit(p) : 0;
    if (sig == 0) {
      return sign;
    }
    int emin = emin(p);
    int e = exp + 63 - Long.numberOfLeadingZeros(sig);
    int lsbMin = emin - p + 1;
    int lsb = Math.max(e - p + 1, lsbMin);
    long r = roundShift(sig, lsb - exp, sticky, neg, rm);
    long m = r >>> 1;
    boolean inexact = (r & 1) != 0;
    int flags = 0;
    if (inexact) {
      flags = NX;
      if (e < emin) {
        // Tininess after rounding: round at full precision with an unbounded exponent range.
        boolean tiny = true;
        if (e == emin - 1) {
          long r1 = roundShift(sig, e - p + 1 - exp, sticky, neg, rm) >>> 1;
          tiny = r1 != 1L << p;
        }
        if (tiny) {
          flags |= UF;
        }
      }
    }
    long expPart = lsb - lsbMin;
    long maxField = infBits(p) >>> (p - 1);
    // expPart >= maxField - 1 always overflows (m >= 2^(p-1) there); testing first keeps the
    // shifted sum below 2^63.
    long bits = expPart >= maxField - 1 ? infBits(p) : (expPart << (p - 1)) + m;
    if (bits >= infBits(p)) {
      h.fflags |= OF | NX;
      return sign | overflowMagnitude(neg, rm, p);
    }
    h.fflags |= flags;
    return sign | bits;
  }

  /** Magnitude bits of the overflow result: infinity or the largest finite value, by mode. */
  static long overflowMagnitude(boolean neg, int rm, int p) {
    boolean toInf;
    switch (rm) {
      case RTZ:
        toInf = false;
        break;
      case RDN:
        toInf = neg;
        break;
      case RUP:
        toInf = !neg;
        break;
      default:
        toInf = true;
        break;
    }
    return toInf ? infBits(p) : infBits(p) - 1;
  }

  /**
   * Like {@link #roundLong} for a magnitude of any size: compresses it to 62 bits plus sticky.
   */
  static long roundBig(
      Hart h, boolean neg, BigInteger mag, int exp, boolean sticky, int rm, int p) {
    int len = mag.bitLength();
    if (len > 62) {
      int s = len - 62;
      sticky |= mag.getLowestSetBit() < s;
      mag = mag.shiftRight(s);
      exp += s;
    }
    return roundLong(h, neg, mag.longValue(), exp, sticky, rm, p);
  }

  /** Rounds an unsigned 64-bit integer magnitude (value {@code mag}, sign {@code neg}). */
  static long roundInt(Hart h, boolean neg, long mag, int rm, int p) {
    if (mag < 0 || mag >= 1L << 62) {
      boolean sticky = (mag & 3) != 0;
      return roundLong(h, neg, mag >>> 2, 2, sticky, rm, p);
    }
    return roundLong(h, neg, mag, 0, false, rm, p);
  }
}
