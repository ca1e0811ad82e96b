package dev.rvjit.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rvjit.cpu.FpReferenceTest.Fmt;
import dev.rvjit.cpu.FpReferenceTest.Res;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Randomized cross-check of {@link Fpu} (fast paths, directed-mode paths and exact slow paths)
 * against the independent BigDecimal model in {@link FpReferenceTest}: results and flags must
 * match bit for bit. Operands mix random bit patterns, edge values, short significands (which make
 * exact results and ties likely) and pairs derived from one another (cancellation). The count per
 * family is {@value #DEFAULT_N} unless {@code -Dfp.crosscheck.n=...} says otherwise; the seed is
 * fixed ({@code -Dfp.crosscheck.seed=...} to vary it).
 */
class FpCrossCheckTest {
  static final int DEFAULT_N = 25_000;
  static final int N = Integer.getInteger("fp.crosscheck.n", DEFAULT_N);
  static final long SEED = Long.getLong("fp.crosscheck.seed", 0x5eed_f00dL);

  static final Fmt S = FpReferenceTest.S;
  static final Fmt D = FpReferenceTest.D;

  private static final Hart H = new Hart(null);

  /** Operand generator for one format. */
  static final class Gen {
    final SplittableRandom rnd;
    final Fmt f;
    long last;

    Gen(long seed, Fmt f) {
      this.rnd = new SplittableRandom(seed);
      this.f = f;
    }

    long bits(int biasedExp, long frac, boolean neg) {
      int fb = f.p - 1;
      long v = ((long) biasedExp << fb) | (frac & ((1L << fb) - 1));
      return neg ? v | f.signMask() : v;
    }

    int bias() {
      return f.emax;
    }

    long randomFrac() {
      return rnd.nextLong() & ((1L << (f.p - 1)) - 1);
    }

    /** A significand with few set bits (low trailing part zero). */
    long shortFrac() {
      int keep = rnd.nextInt(1, 12);
      long fr = randomFrac();
      return fr & ~((1L << (f.p - 1 - keep)) - 1);
    }

    long edge() {
      boolean neg = rnd.nextBoolean();
      int maxE = 2 * f.emax + 1;
      switch (rnd.nextInt(16)) {
        case 0:
          return bits(0, 0, neg); // zero
        case 1:
          return bits(0, 1, neg); // min subnormal
        case 2:
          return bits(0, (1L << (f.p - 1)) - 1, neg); // max subnormal
        case 3:
          return bits(1, 0, neg); // min normal
        case 4:
          return bits(maxE - 1, -1L, neg); // max finite
        case 5:
          return bits(maxE, 0, neg); // infinity
        case 6:
          return bits(maxE, 1L << (f.p - 2), neg); // canonical-ish qNaN
        case 7:
          return bits(maxE, 1 + rnd.nextLong(1L << (f.p - 3)), neg); // sNaN
        case 8:
          return bits(bias(), 0, neg); // 1
        case 9:
          return bits(bias() + rnd.nextInt(-3, 4), rnd.nextInt(4), neg); // near small powers
        case 10:
          return bits(rnd.nextInt(1, 4), randomFrac(), neg); // barely normal
        case 11:
          return bits(0, randomFrac(), neg); // subnormal
        case 12:
          return bits(maxE - 1 - rnd.nextInt(3), randomFrac(), neg); // huge
        case 13:
          return bits(bias() + rnd.nextInt(20, 70), shortFrac(), neg); // integers near limits
        case 14:
          return bits(bias() - 1, 0, neg); // 0.5
        default:
          return bits(maxE - 1, (1L << (f.p - 1)) - 1 - rnd.nextInt(3), neg);
      }
    }

    long next() {
      long v;
      int k = rnd.nextInt(100);
      boolean neg = rnd.nextBoolean();
      if (k < 25) {
        v = bits(bias() + rnd.nextInt(-40, 41), randomFrac(), neg);
      } else if (k < 40) {
        v = bits(bias() + rnd.nextInt(-30, 31), shortFrac(), neg);
      } else if (k < 55) {
        v = edge();
      } else if (k < 70 && last != 0) {
        // related to the previous operand: same or nearby exponent, perturbed significand
        long t = last;
        switch (rnd.nextInt(4)) {
          case 0:
            v = t ^ f.signMask();
            break;
          case 1:
            v = t + rnd.nextInt(-3, 4);
            break;
          case 2:
            v = (t ^ (rnd.nextBoolean() ? f.signMask() : 0))
                + ((long) rnd.nextInt(-60, 61) << (f.p - 1));
            break;
          default:
            v = t ^ (1L << rnd.nextInt(f.p - 1));
            break;
        }
        v &= f.width == 64 ? -1L : 0xffffffffL;
      } else if (k < 80) {
        v = rnd.nextLong() & (f.width == 64 ? -1L : 0xffffffffL);
      } else if (k < 88) {
        v = bits(rnd.nextInt(0, 80), rnd.nextBoolean() ? randomFrac() : shortFrac(), neg); // tiny
      } else if (k < 96) {
        long fr = rnd.nextBoolean() ? randomFrac() : shortFrac();
        v = bits(2 * f.emax - rnd.nextInt(0, 80), fr, neg);
      } else {
        v = bits(bias() + rnd.nextInt(-1100, 1100) % (f.emax + 1), shortFrac(), neg);
        v &= f.width == 64 ? -1L : 0xffffffffL;
      }
      last = v;
      return v;
    }

    /** A register value for this format (singles boxed, occasionally not). */
    long reg(long v) {
      if (f.width == 64) {
        return v;
      }
      if (rnd.nextInt(100) == 0) {
        return (rnd.nextLong() & 0xffffffff00000000L) | v; // maybe unboxed
      }
      return 0xffffffff00000000L | v;
    }

    /** Random rm field with its effective mode: static 0..4, or dynamic with frm 0..4. */
    int[] rm() {
      int m = rnd.nextInt(5);
      return rnd.nextInt(4) == 0 ? new int[] {7, m} : new int[] {m, m};
    }
  }

  /** Collects mismatches. */
  static final class Check {
    final String name;
    final List<String> bad = new ArrayList<>();
    int count;

    Check(String name) {
      this.name = name;
    }

    void compare(String what, long gotBits, int gotFlags, Res want) {
      count++;
      if (gotBits != want.bits || gotFlags != want.flags) {
        if (bad.size() < 20) {
          bad.add(String.format("%s: %s got bits=%016x flags=%02x want %s", name, what, gotBits,
              gotFlags, want));
        } else {
          bad.add("");
        }
      }
    }

    void done() {
      System.out.printf("cross-check %-12s %d cases, %d mismatches%n", name, count, bad.size());
      if (!bad.isEmpty()) {
        fail(bad.size() + " mismatches in " + name + ":\n" + String.join("\n", bad.subList(0,
            Math.min(20, bad.size()))));
      }
    }
  }

  /** Unboxed operand value as the instruction sees it. */
  static long operand(Fmt f, long reg) {
    if (f.width == 64) {
      return reg;
    }
    return (reg >> 32) == -1L ? reg & 0xffffffffL : 0x7fc00000L;
  }

  static long result(Fmt f, long reg) {
    if (f.width == 64) {
      return reg;
    }
    assertEquals(0xffffffffL, reg >>> 32, "single result not boxed");
    return reg & 0xffffffffL;
  }

  interface Op2 {
    long apply(Hart h, long a, long b, int rm);
  }

  interface Ref2 {
    Res apply(Fmt f, long a, long b, int rm);
  }

  private static void binary(String name, Fmt f, long seed, Op2 op, Ref2 ref) {
    Gen g = new Gen(seed, f);
    Check c = new Check(name);
    for (int i = 0; i < N; i++) {
      long ra = g.reg(g.next());
      long rb = g.reg(g.next());
      int[] rm = g.rm();
      H.fflags = 0;
      H.frm = rm[1];
      long got = op.apply(H, ra, rb, rm[0]);
      Res want = ref.apply(f, operand(f, ra), operand(f, rb), rm[1]);
      c.compare(String.format("a=%016x b=%016x rm=%d/%d", ra, rb, rm[0], rm[1]), result(f, got),
          H.fflags, want);
    }
    c.done();
  }

  @Test
  void addD() {
    binary("fadd.d", D, SEED + 1, Fpu::fadd_d, FpReferenceTest::add);
  }

  @Test
  void subD() {
    binary("fsub.d", D, SEED + 2, Fpu::fsub_d,
        (f, a, b, rm) -> FpReferenceTest.add(f, a, b ^ f.signMask(), rm));
  }

  @Test
  void mulD() {
    binary("fmul.d", D, SEED + 3, Fpu::fmul_d, FpReferenceTest::mul);
  }

  @Test
  void divD() {
    binary("fdiv.d", D, SEED + 4, Fpu::fdiv_d, FpReferenceTest::div);
  }

  @Test
  void addS() {
    binary("fadd.s", S, SEED + 5, Fpu::fadd_s, FpReferenceTest::add);
  }

  @Test
  void subS() {
    binary("fsub.s", S, SEED + 6, Fpu::fsub_s,
        (f, a, b, rm) -> FpReferenceTest.add(f, a, b ^ f.signMask(), rm));
  }

  @Test
  void mulS() {
    binary("fmul.s", S, SEED + 7, Fpu::fmul_s, FpReferenceTest::mul);
  }

  @Test
  void divS() {
    binary("fdiv.s", S, SEED + 8, Fpu::fdiv_s, FpReferenceTest::div);
  }

  private static void sqrt(String name, Fmt f, long seed, Op2 op) {
    Gen g = new Gen(seed, f);
    Check c = new Check(name);
    for (int i = 0; i < N; i++) {
      long v = g.next();
      if (g.rnd.nextInt(3) == 0) {
        v &= ~f.signMask();
      }
      long ra = g.reg(v);
      int[] rm = g.rm();
      H.fflags = 0;
      H.frm = rm[1];
      long got = op.apply(H, ra, 0, rm[0]);
      Res want = FpReferenceTest.sqrt(f, operand(f, ra), rm[1]);
      c.compare(String.format("a=%016x rm=%d/%d", ra, rm[0], rm[1]), result(f, got), H.fflags,
          want);
    }
    c.done();
  }

  @Test
  void sqrtD() {
    sqrt("fsqrt.d", D, SEED + 9, (h, a, b, rm) -> Fpu.fsqrt_d(h, a, rm));
  }

  @Test
  void sqrtS() {
    sqrt("fsqrt.s", S, SEED + 10, (h, a, b, rm) -> Fpu.fsqrt_s(h, a, rm));
  }

  interface Op3 {
    long apply(Hart h, long a, long b, long c, int rm);
  }

  private static void fma(String name, Fmt f, long seed, Op3 op, boolean negProd,
      boolean negAdd) {
    Gen g = new Gen(seed, f);
    Check c = new Check(name);
    for (int i = 0; i < N; i++) {
      long va = g.next();
      long vb = g.next();
      long vc = g.next();
      if (g.rnd.nextInt(4) == 0) {
        // make the addend cancel the product (nearly): c = -(a*b) rounded, perturbed
        Res p = FpReferenceTest.mul(f, va, vb, g.rnd.nextInt(5));
        vc = (p.bits ^ f.signMask()) + g.rnd.nextInt(-2, 3);
        vc &= f.width == 64 ? -1L : 0xffffffffL;
      }
      long ra = g.reg(va);
      long rb = g.reg(vb);
      long rc = g.reg(vc);
      int[] rm = g.rm();
      H.fflags = 0;
      H.frm = rm[1];
      long got = op.apply(H, ra, rb, rc, rm[0]);
      long oa = operand(f, ra);
      long oc = operand(f, rc);
      Res want = FpReferenceTest.fma(f, negProd ? oa ^ f.signMask() : oa, operand(f, rb),
          negAdd ? oc ^ f.signMask() : oc, rm[1]);
      c.compare(String.format("a=%016x b=%016x c=%016x rm=%d/%d", ra, rb, rc, rm[0], rm[1]),
          result(f, got), H.fflags, want);
    }
    c.done();
  }

  @Test
  void fmaD() {
    fma("fmadd.d", D, SEED + 11, Fpu::fmadd_d, false, false);
    fma("fmsub.d", D, SEED + 12, Fpu::fmsub_d, false, true);
    fma("fnmsub.d", D, SEED + 13, Fpu::fnmsub_d, true, false);
    fma("fnmadd.d", D, SEED + 14, Fpu::fnmadd_d, true, true);
  }

  /**
   * Accumulation chains (acc = a*b + acc, acc = acc + a*b) with everyday magnitudes in RNE: the
   * shape of dot products and n-body loops, which exercises the fast paths' inexact tests.
   */
  @Test
  void accumulateChains() {
    SplittableRandom r = new SplittableRandom(SEED + 40);
    Check c = new Check("fma/add acc");
    for (int chain = 0; chain < N / 100; chain++) {
      long accD = 0;
      long accS = 0xffffffff00000000L;
      int rm = r.nextInt(8) == 0 ? r.nextInt(5) : 0;
      for (int i = 0; i < 100; i++) {
        double x = r.nextDouble() * 4 - 2;
        double y = r.nextBoolean() ? r.nextDouble() * 2 : Math.scalb(1.0, r.nextInt(-8, 8));
        long a = Double.doubleToRawLongBits(x);
        long b = Double.doubleToRawLongBits(y);
        H.fflags = 0;
        long got = Fpu.fmadd_d(H, a, b, accD, rm);
        c.compare(String.format("fmadd.d a=%016x b=%016x c=%016x rm=%d", a, b, accD, rm), got,
            H.fflags, FpReferenceTest.fma(D, a, b, accD, rm));
        accD = got;
        H.fflags = 0;
        long prod = Fpu.fmul_d(H, a, b, rm);
        H.fflags = 0;
        got = Fpu.fadd_d(H, accD, prod, rm);
        c.compare(String.format("fadd.d a=%016x b=%016x rm=%d", accD, prod, rm), got, H.fflags,
            FpReferenceTest.add(D, accD, prod, rm));
        long as = 0xffffffff00000000L | (Float.floatToRawIntBits((float) x) & 0xffffffffL);
        long bs = 0xffffffff00000000L | (Float.floatToRawIntBits((float) y) & 0xffffffffL);
        H.fflags = 0;
        got = Fpu.fmadd_s(H, as, bs, accS, rm);
        c.compare(String.format("fmadd.s a=%016x b=%016x c=%016x rm=%d", as, bs, accS, rm),
            result(S, got), H.fflags, FpReferenceTest.fma(S, operand(S, as), operand(S, bs),
                operand(S, accS), rm));
        accS = got;
      }
    }
    c.done();
  }

  @Test
  void fmaS() {
    fma("fmadd.s", S, SEED + 15, Fpu::fmadd_s, false, false);
    fma("fmsub.s", S, SEED + 16, Fpu::fmsub_s, false, true);
    fma("fnmsub.s", S, SEED + 17, Fpu::fnmsub_s, true, false);
    fma("fnmadd.s", S, SEED + 18, Fpu::fnmadd_s, true, true);
  }

  @Test
  void convertBetweenFormats() {
    Gen g = new Gen(SEED + 19, D);
    Check c = new Check("fcvt.s.d");
    for (int i = 0; i < N; i++) {
      long v = g.rnd.nextInt(3) == 0
          ? g.bits(g.bias() + g.rnd.nextInt(-160, 160), g.randomFrac(), g.rnd.nextBoolean())
          : g.next();
      int[] rm = g.rm();
      H.fflags = 0;
      H.frm = rm[1];
      long got = Fpu.fcvt_s_d(H, v, rm[0]);
      c.compare(String.format("a=%016x rm=%d/%d", v, rm[0], rm[1]), result(S, got), H.fflags,
          FpReferenceTest.doubleToSingle(v, rm[1]));
    }
    c.done();
    Gen gs = new Gen(SEED + 20, S);
    Check c2 = new Check("fcvt.d.s");
    for (int i = 0; i < N / 4; i++) {
      long ra = gs.reg(gs.next());
      int[] rm = gs.rm();
      H.fflags = 0;
      H.frm = rm[1];
      long got = Fpu.fcvt_d_s(H, ra, rm[0]);
      c2.compare(String.format("a=%016x", ra), got, H.fflags,
          FpReferenceTest.singleToDouble(operand(S, ra)));
    }
    c2.done();
  }

  private static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);

  /** Integer operand: edges, random widths, random longs. */
  static long intOperand(SplittableRandom r) {
    switch (r.nextInt(6)) {
      case 0: {
        long[] e = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffffffffL, 1L << 31,
            1L << 32, (1L << 53) + 1, (1L << 24) + 1, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MIN_VALUE + 1, (1L << 62) + 1, -(1L << 24) - 1, 0x7fffff80L, 0xffffff80L};
        return e[r.nextInt(e.length)] + r.nextInt(-2, 3);
      }
      case 1:
        return r.nextInt();
      case 2:
        return r.nextLong() >> r.nextInt(64);
      case 3: {
        long m = r.nextLong(1L << r.nextInt(1, 12));
        return (m << r.nextInt(0, 54)) * (r.nextBoolean() ? 1 : -1);
      }
      default:
        return r.nextLong();
    }
  }

  interface IntToFp {
    long apply(Hart h, long a, int rm);
  }

  private static void fromInt(String name, Fmt f, long seed, IntToFp op, boolean word,
      boolean unsigned) {
    SplittableRandom r = new SplittableRandom(seed);
    Gen g = new Gen(seed, f);
    Check c = new Check(name);
    for (int i = 0; i < N / 4; i++) {
      long a = intOperand(r);
      if (word && r.nextBoolean()) {
        a |= r.nextLong() << 32; // upper bits must be ignored
      }
      int[] rm = g.rm();
      BigInteger v;
      if (word) {
        v = unsigned ? BigInteger.valueOf(a & 0xffffffffL) : BigInteger.valueOf((int) a);
      } else {
        v = BigInteger.valueOf(a);
        if (unsigned && a < 0) {
          v = v.add(TWO64);
        }
      }
      H.fflags = 0;
      H.frm = rm[1];
      long got = op.apply(H, a, rm[0]);
      c.compare(String.format("a=%016x rm=%d/%d", a, rm[0], rm[1]), result(f, got), H.fflags,
          FpReferenceTest.fromInteger(v, rm[1], f));
    }
    c.done();
  }

  @Test
  void integerToFp() {
    fromInt("fcvt.s.w", S, SEED + 21, Fpu::fcvt_s_w, true, false);
    fromInt("fcvt.s.wu", S, SEED + 22, Fpu::fcvt_s_wu, true, true);
    fromInt("fcvt.s.l", S, SEED + 23, Fpu::fcvt_s_l, false, false);
    fromInt("fcvt.s.lu", S, SEED + 24, Fpu::fcvt_s_lu, false, true);
    fromInt("fcvt.d.w", D, SEED + 25, Fpu::fcvt_d_w, true, false);
    fromInt("fcvt.d.wu", D, SEED + 26, Fpu::fcvt_d_wu, true, true);
    fromInt("fcvt.d.l", D, SEED + 27, Fpu::fcvt_d_l, false, false);
    fromInt("fcvt.d.lu", D, SEED + 28, Fpu::fcvt_d_lu, false, true);
  }

  interface FpToInt {
    long apply(Hart h, long a, int rm);
  }

  private static void toInt(String name, Fmt f, long seed, FpToInt op, int bitsOut,
      boolean unsigned) {
    Gen g = new Gen(seed, f);
    Check c = new Check(name);
    BigInteger lo = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bitsOut - 1).negate();
    BigInteger hi = unsigned ? BigInteger.ONE.shiftLeft(bitsOut).subtract(BigInteger.ONE)
        : BigInteger.ONE.shiftLeft(bitsOut - 1).subtract(BigInteger.ONE);
    for (int i = 0; i < N / 4; i++) {
      long v;
      int k = g.rnd.nextInt(4);
      if (k == 0) {
        // near the limits and small halves
        double[] e = {0x1p31, 0x1p32, 0x1p63, 0x1p64, 0x1p24, 0x1p53, 0.5, 0.9, 1.0, 1.5, 2.5};
        double x = e[g.rnd.nextInt(e.length)] * (g.rnd.nextBoolean() ? 1 : -1);
        if (f.width == 64) {
          v = Double.doubleToRawLongBits(x) + g.rnd.nextInt(-3, 4);
        } else {
          v = (Float.floatToRawIntBits((float) x) + g.rnd.nextInt(-3, 4)) & 0xffffffffL;
        }
      } else if (k == 1) {
        v = g.bits(g.bias() + g.rnd.nextInt(-2, 66), g.rnd.nextBoolean() ? g.randomFrac()
            : g.shortFrac(), g.rnd.nextBoolean());
      } else {
        v = g.next();
      }
      long ra = g.reg(v);
      int[] rm = g.rm();
      H.fflags = 0;
      H.frm = rm[1];
      long got = op.apply(H, ra, rm[0]);
      c.compare(String.format("a=%016x rm=%d/%d", ra, rm[0], rm[1]), got, H.fflags,
          FpReferenceTest.toInteger(f, operand(f, ra), rm[1], lo, hi, bitsOut));
    }
    c.done();
  }

  @Test
  void fpToInteger() {
    toInt("fcvt.w.s", S, SEED + 31, Fpu::fcvt_w_s, 32, false);
    toInt("fcvt.wu.s", S, SEED + 32, Fpu::fcvt_wu_s, 32, true);
    toInt("fcvt.l.s", S, SEED + 33, Fpu::fcvt_l_s, 64, false);
    toInt("fcvt.lu.s", S, SEED + 34, Fpu::fcvt_lu_s, 64, true);
    toInt("fcvt.w.d", D, SEED + 35, Fpu::fcvt_w_d, 32, false);
    toInt("fcvt.wu.d", D, SEED + 36, Fpu::fcvt_wu_d, 32, true);
    toInt("fcvt.l.d", D, SEED + 37, Fpu::fcvt_l_d, 64, false);
    toInt("fcvt.lu.d", D, SEED + 38, Fpu::fcvt_lu_d, 64, true);
  }
}
