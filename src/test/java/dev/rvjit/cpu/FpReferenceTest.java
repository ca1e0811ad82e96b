package dev.rvjit.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/**
 * An independent, slow reference model of RISC-V F/D arithmetic written with {@link BigDecimal}:
 * each operation computes the exact real result (or a truncation plus a sticky marker where it is
 * not finite in decimal), and {@link #round} rounds it by scaling to the target quantum and using
 * {@link BigDecimal#setScale(int, RoundingMode)}. Special values follow the spec text directly.
 * The tests in this class check the model itself on hand-computed cases; {@code FpCrossCheckTest}
 * compares {@link Fpu} with it.
 */
class FpReferenceTest {

  /** A result: raw bits of the format (singles unboxed) and the flags raised. */
  static final class Res {
    final long bits;
    final int flags;

    Res(long bits, int flags) {
      this.bits = bits;
      this.flags = flags;
    }

    @Override
    public String toString() {
      return String.format("bits=%016x flags=%02x", bits, flags);
    }
  }

  static final int NV = 16;
  static final int DZ = 8;
  static final int OF = 4;
  static final int UF = 2;
  static final int NX = 1;

  /** A binary format. */
  static final class Fmt {
    final int p;
    final int emin;
    final int emax;
    final int width;

    Fmt(int p, int emin, int emax, int width) {
      this.p = p;
      this.emin = emin;
      this.emax = emax;
      this.width = width;
    }

    long signMask() {
      return 1L << (width - 1);
    }

    long cnan() {
      return width == 64 ? 0x7ff8000000000000L : 0x7fc00000L;
    }

    long posInf() {
      return width == 64 ? 0x7ff0000000000000L : 0x7f800000L;
    }

    long maxFinite() {
      return posInf() - 1;
    }

    boolean isNaN(long v) {
      return width == 64 ? Double.isNaN(Double.longBitsToDouble(v))
          : Float.isNaN(Float.intBitsToFloat((int) v));
    }

    boolean isSNaN(long v) {
      long quiet = width == 64 ? 1L << 51 : 1L << 22;
      return isNaN(v) && (v & quiet) == 0;
    }

    boolean isInf(long v) {
      return (v & ~signMask()) == posInf();
    }

    boolean neg(long v) {
      return (v & signMask()) != 0;
    }

    boolean isZero(long v) {
      return (v & ~signMask()) == 0;
    }

    /** Exact value of a finite pattern. */
    BigDecimal value(long v) {
      return width == 64 ? new BigDecimal(Double.longBitsToDouble(v))
          : new BigDecimal((double) Float.intBitsToFloat((int) v));
    }
  }

  static final Fmt S = new Fmt(24, -126, 127, 32);
  static final Fmt D = new Fmt(53, -1022, 1023, 64);


  /** 2^k exactly. */
  static BigDecimal pow2(int k) {
    if (k >= -POW_RANGE && k <= POW_RANGE) {
      BigDecimal c = POW2[k + POW_RANGE];
      if (c == null) {
        c = pow2Raw(k);
        POW2[k + POW_RANGE] = c;
      }
      return c;
    }
    return pow2Raw(k);
  }

  private static final int POW_RANGE = 2400;
  private static final BigDecimal[] POW2 = new BigDecimal[2 * POW_RANGE + 1];

  private static BigDecimal pow2Raw(int k) {
    if (k >= 0) {
      return new BigDecimal(BigInteger.ONE.shiftLeft(k));
    }
    return new BigDecimal(BigInteger.valueOf(5).pow(-k), -k);
  }

  /** floor(log2(av)) for av > 0. */
  static int log2Floor(BigDecimal av) {
    int e = (int) Math.floor((av.precision() - av.scale() - 1) * 3.321928094887362);
    while (av.compareTo(pow2(e)) < 0) {
      e--;
    }
    while (av.compareTo(pow2(e + 1)) >= 0) {
      e++;
    }
    return e;
  }

  /** Rounds magnitude av to a multiple of 2^k; sticky means the true magnitude is a bit above. */
  private static BigDecimal roundQuantum(
      BigDecimal av, boolean sticky, int k, boolean neg, int rm) {
    BigDecimal n = av.multiply(pow2(-k));
    if (sticky) {
      n = n.add(BigDecimal.ONE.movePointLeft(Math.max(n.scale(), 0) + 3));
    }
    RoundingMode mode;
    switch (rm) {
      case 0:
        mode = RoundingMode.HALF_EVEN;
        break;
      case 1:
        mode = RoundingMode.DOWN;
        break;
      case 2:
        mode = neg ? RoundingMode.UP : RoundingMode.DOWN;
        break;
      case 3:
        mode = neg ? RoundingMode.DOWN : RoundingMode.UP;
        break;
      default:
        mode = RoundingMode.HALF_UP;
        break;
    }
    return n.setScale(0, mode).multiply(pow2(k));
  }

  /**
   * Rounds the exact non-zero value v (true value slightly larger in magnitude if sticky) to f in
   * mode rm with RISC-V flags (tininess after rounding).
   */
  static Res round(BigDecimal v, boolean sticky, int rm, Fmt f) {
    boolean neg = v.signum() < 0;
    BigDecimal av = v.abs();
    int e = log2Floor(av);
    BigDecimal unbounded = roundQuantum(av, sticky, e - f.p + 1, neg, rm);
    boolean tiny = unbounded.compareTo(pow2(f.emin)) < 0;
    BigDecimal r = roundQuantum(av, sticky, Math.max(e, f.emin) - f.p + 1, neg, rm);
    boolean inexact = sticky || r.compareTo(av) != 0;
    long sign = neg ? f.signMask() : 0;
    BigDecimal max = pow2(f.emax + 1).subtract(pow2(f.emax - f.p + 1));
    if (r.compareTo(max) > 0) {
      boolean toInf = rm == 0 || rm == 4 || (rm == 2 && neg) || (rm == 3 && !neg);
      return new Res(sign | (toInf ? f.posInf() : f.maxFinite()), OF | NX);
    }
    int flags = (inexact ? NX : 0) | (inexact && tiny ? UF : 0);
    long bits;
    if (f.width == 64) {
      bits = Double.doubleToRawLongBits(r.doubleValue());
    } else {
      bits = Float.floatToRawIntBits(r.floatValue()) & 0xffffffffL;
    }
    if (r.signum() != 0 && f.value(bits).compareTo(r) != 0) {
      throw new AssertionError("reference conversion lost exactness: " + r);
    }
    return new Res(sign | (bits & ~f.signMask()), flags);
  }

  private static Res nan(Fmt f, boolean nv) {
    return new Res(f.cnan(), nv ? NV : 0);
  }

  private static Res zero(Fmt f, boolean neg) {
    return new Res(neg ? f.signMask() : 0, 0);
  }

  private static Res inf(Fmt f, boolean neg) {
    return new Res((neg ? f.signMask() : 0) | f.posInf(), 0);
  }

  /** a + b. */
  static Res add(Fmt f, long a, long b, int rm) {
    if (f.isNaN(a) || f.isNaN(b)) {
      return nan(f, f.isSNaN(a) || f.isSNaN(b));
    }
    if (f.isInf(a) && f.isInf(b)) {
      return f.neg(a) == f.neg(b) ? inf(f, f.neg(a)) : nan(f, true);
    }
    if (f.isInf(a) || f.isInf(b)) {
      return inf(f, f.isInf(a) ? f.neg(a) : f.neg(b));
    }
    BigDecimal s = f.value(a).add(f.value(b));
    if (s.signum() == 0) {
      boolean bothZeroSameSign = f.isZero(a) && f.isZero(b) && f.neg(a) == f.neg(b);
      return zero(f, bothZeroSameSign ? f.neg(a) : rm == 2);
    }
    return round(s, false, rm, f);
  }

  /** a * b. */
  static Res mul(Fmt f, long a, long b, int rm) {
    if (f.isNaN(a) || f.isNaN(b)) {
      return nan(f, f.isSNaN(a) || f.isSNaN(b));
    }
    boolean neg = f.neg(a) != f.neg(b);
    if (f.isInf(a) || f.isInf(b)) {
      return f.isZero(a) || f.isZero(b) ? nan(f, true) : inf(f, neg);
    }
    BigDecimal m = f.value(a).multiply(f.value(b));
    if (m.signum() == 0) {
      return zero(f, neg);
    }
    return round(m, false, rm, f);
  }

  /** Splits a finite non-zero value into integer significand and exponent: |v| = m * 2^e. */
  private static BigInteger[] split(Fmt f, long v) {
    int fb = f.p - 1;
    long mask = (1L << fb) - 1;
    long biased = (v & ~f.signMask()) >>> fb;
    long m = v & mask;
    int e;
    if (biased == 0) {
      e = f.emin - fb;
    } else {
      m |= 1L << fb;
      e = (int) biased - f.emax - fb;
    }
    return new BigInteger[] {BigInteger.valueOf(m), BigInteger.valueOf(e)};
  }

  /** a / b. */
  static Res div(Fmt f, long a, long b, int rm) {
    if (f.isNaN(a) || f.isNaN(b)) {
      return nan(f, f.isSNaN(a) || f.isSNaN(b));
    }
    boolean neg = f.neg(a) != f.neg(b);
    if (f.isInf(a) && f.isInf(b)) {
      return nan(f, true);
    }
    if (f.isInf(a)) {
      return inf(f, neg);
    }
    if (f.isInf(b)) {
      return zero(f, neg);
    }
    if (f.isZero(b)) {
      if (f.isZero(a)) {
        return nan(f, true);
      }
      Res r = inf(f, neg);
      return new Res(r.bits, DZ);
    }
    if (f.isZero(a)) {
      return zero(f, neg);
    }
    BigInteger[] x = split(f, a);
    BigInteger[] y = split(f, b);
    BigDecimal q = new BigDecimal(x[0]).divide(new BigDecimal(y[0]),
        new MathContext(200, RoundingMode.DOWN));
    boolean sticky = q.multiply(new BigDecimal(y[0])).compareTo(new BigDecimal(x[0])) != 0;
    BigDecimal v = q.multiply(pow2(x[1].intValue() - y[1].intValue()));
    return round(neg ? v.negate() : v, sticky, rm, f);
  }

  /** sqrt(a). */
  static Res sqrt(Fmt f, long a, int rm) {
    if (f.isNaN(a)) {
      return nan(f, f.isSNaN(a));
    }
    if (f.isZero(a)) {
      return new Res(a, 0);
    }
    if (f.neg(a)) {
      return nan(f, true);
    }
    if (f.isInf(a)) {
      return new Res(a, 0);
    }
    BigInteger[] x = split(f, a);
    BigInteger m = x[0];
    int e = x[1].intValue();
    if ((e & 1) != 0) {
      m = m.shiftLeft(1);
      e--;
    }
    int k = 200; // extra bits: 2k in the radicand, k in the root
    BigInteger rad = m.shiftLeft(2 * k);
    BigInteger r = rad.sqrt();
    boolean sticky = !r.multiply(r).equals(rad);
    return round(new BigDecimal(r).multiply(pow2(e / 2 - k)), sticky, rm, f);
  }

  /** a * b + c, exact then rounded once. */
  static Res fma(Fmt f, long a, long b, long c, int rm) {
    boolean invalidProduct = (f.isInf(a) && f.isZero(b)) || (f.isZero(a) && f.isInf(b));
    if (f.isNaN(a) || f.isNaN(b) || f.isNaN(c)) {
      return nan(f, invalidProduct || f.isSNaN(a) || f.isSNaN(b) || f.isSNaN(c));
    }
    if (invalidProduct) {
      return nan(f, true);
    }
    boolean pneg = f.neg(a) != f.neg(b);
    boolean pinf = f.isInf(a) || f.isInf(b);
    if (pinf && f.isInf(c)) {
      return pneg == f.neg(c) ? inf(f, pneg) : nan(f, true);
    }
    if (pinf) {
      return inf(f, pneg);
    }
    if (f.isInf(c)) {
      return inf(f, f.neg(c));
    }
    BigDecimal prod = f.value(a).multiply(f.value(b));
    BigDecimal s = prod.add(f.value(c));
    if (s.signum() == 0) {
      boolean prodZero = prod.signum() == 0;
      if (prodZero && f.isZero(c) && pneg == f.neg(c)) {
        return zero(f, pneg);
      }
      return zero(f, rm == 2);
    }
    return round(s, false, rm, f);
  }

  /** Converts a double (raw bits) to single. */
  static Res doubleToSingle(long a, int rm) {
    if (D.isNaN(a)) {
      return nan(S, D.isSNaN(a));
    }
    if (D.isInf(a)) {
      return inf(S, D.neg(a));
    }
    if (D.isZero(a)) {
      return zero(S, D.neg(a));
    }
    return round(D.value(a), false, rm, S);
  }

  /** Converts a single (raw bits) to double. */
  static Res singleToDouble(long a) {
    if (S.isNaN(a)) {
      return nan(D, S.isSNaN(a));
    }
    if (S.isInf(a)) {
      return inf(D, S.neg(a));
    }
    if (S.isZero(a)) {
      return zero(D, S.neg(a));
    }
    return round(S.value(a), false, 0, D);
  }

  /** Converts an integer (given exactly) to f. */
  static Res fromInteger(BigInteger v, int rm, Fmt f) {
    if (v.signum() == 0) {
      return zero(f, false);
    }
    return round(new BigDecimal(v), false, rm, f);
  }

  /**
   * Converts a finite or special value to an integer in [lo, hi]; returns the value (not yet
   * sign-extended) as a BigInteger in bits, flags separately.
   */
  static Res toInteger(Fmt f, long a, int rm, BigInteger lo, BigInteger hi, int width) {
    BigInteger v;
    int flags = 0;
    if (f.isNaN(a)) {
      v = hi;
      flags = NV;
    } else if (f.isInf(a)) {
      v = f.neg(a) ? lo : hi;
      flags = NV;
    } else {
      BigDecimal x = f.value(a);
      boolean neg = x.signum() < 0;
      RoundingMode mode;
      switch (rm) {
        case 0:
          mode = RoundingMode.HALF_EVEN;
          break;
        case 1:
          mode = RoundingMode.DOWN;
          break;
        case 2:
          mode = RoundingMode.FLOOR;
          break;
        case 3:
          mode = RoundingMode.CEILING;
          break;
        default:
          mode = RoundingMode.HALF_UP;
          break;
      }
      BigDecimal r = x.setScale(0, mode);
      BigInteger ri = r.toBigIntegerExact();
      if (ri.compareTo(lo) < 0 || ri.compareTo(hi) > 0) {
        v = neg ? lo : hi;
        flags = NV;
      } else {
        v = ri;
        flags = r.compareTo(x) != 0 ? NX : 0;
      }
    }
    long bits = v.longValue();
    if (width == 32) {
      bits = (int) bits;
    }
    return new Res(bits, flags);
  }

  // ---- self-tests of the model -----------------------------------------------------------------

  private static long db(double x) {
    return Double.doubleToRawLongBits(x);
  }

  @Test
  void roundsHalfwayCasesPerMode() {
    long one = db(1.0);
    long halfUlp = db(0x1p-53);
    assertEquals(db(1.0), add(D, one, halfUlp, 0).bits);
    assertEquals(db(1.0), add(D, one, halfUlp, 1).bits);
    assertEquals(db(1.0), add(D, one, halfUlp, 2).bits);
    assertEquals(db(Math.nextUp(1.0)), add(D, one, halfUlp, 3).bits);
    assertEquals(db(Math.nextUp(1.0)), add(D, one, halfUlp, 4).bits);
    assertEquals(NX, add(D, one, halfUlp, 0).flags);
  }

  @Test
  void overflowAndUnderflow() {
    Res r = mul(D, db(Double.MAX_VALUE), db(2.0), 1);
    assertEquals(db(Double.MAX_VALUE), r.bits);
    assertEquals(OF | NX, r.flags);
    r = mul(D, db(Double.MIN_VALUE), db(0.5), 0);
    assertEquals(0, r.bits);
    assertEquals(UF | NX, r.flags);
    r = div(D, db(1.0), db(3.0), 0);
    assertEquals(db(1.0 / 3.0), r.bits);
    assertEquals(NX, r.flags);
    r = sqrt(D, db(2.0), 0);
    assertEquals(db(Math.sqrt(2.0)), r.bits);
  }

  @Test
  void conversionsToInteger() {
    BigInteger lo = BigInteger.ZERO;
    BigInteger hi = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    Res r = toInteger(D, db(-0.9), 1, lo, hi, 32);
    assertEquals(0, r.bits);
    assertEquals(NX, r.flags);
    r = toInteger(D, db(-1.0), 1, lo, hi, 32);
    assertEquals(0, r.bits);
    assertEquals(NV, r.flags);
  }
}
