package dev.rvjit.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Special cases of {@link Fpu} taken from the RISC-V F/D chapters and IEEE 754. */
class FpuSpecialTest {
  static final int NV = 16;
  static final int DZ = 8;
  static final int OF = 4;
  static final int UF = 2;
  static final int NX = 1;
  static final int RNE = 0;
  static final int RTZ = 1;
  static final int RDN = 2;
  static final int RUP = 3;
  static final int RMM = 4;
  static final int DYN = 7;

  static final long CNAN_D = 0x7ff8000000000000L;
  static final long CNAN_S = 0xffffffff7fc00000L;
  static final long QNAN_D = 0x7ff8000000001234L; // quiet, with payload
  static final long SNAN_D = 0x7ff0000000000001L;
  static final long QNAN_S = 0xffffffff7fc01234L;
  static final long SNAN_S = 0xffffffff7f800001L;
  static final long UNBOXED_ONE = 0x000000003f800000L; // 1.0f, not boxed

  private Hart h;

  @BeforeEach
  void setUp() {
    h = new Hart(null);
  }

  static long d(double x) {
    return Double.doubleToRawLongBits(x);
  }

  static long s(float x) {
    return 0xffffffff00000000L | (Float.floatToRawIntBits(x) & 0xffffffffL);
  }

  /** Asserts the result bits and the flags raised by it, then clears the flags. */
  private void expect(long want, int wantFlags, long got) {
    assertEquals(String.format("%016x/%02x", want, wantFlags),
        String.format("%016x/%02x", got, h.fflags));
    h.fflags = 0;
  }

  // ---- rounding mode field --------------------------------------------------------------------

  @Test
  void invalidRoundingModesAreIllegal() {
    for (int rm : new int[] {5, 6}) {
      assertThrows(IllegalInstruction.class, () -> Fpu.fadd_d(h, d(1), d(2), rm));
      assertThrows(IllegalInstruction.class, () -> Fpu.fmadd_s(h, s(1), s(2), s(3), rm));
      assertThrows(IllegalInstruction.class, () -> Fpu.fsqrt_d(h, d(2), rm));
      assertThrows(IllegalInstruction.class, () -> Fpu.fcvt_w_d(h, d(2), rm));
      assertThrows(IllegalInstruction.class, () -> Fpu.fcvt_s_l(h, 3, rm));
      assertThrows(IllegalInstruction.class, () -> Fpu.fcvt_d_w(h, 3, rm));
      assertThrows(IllegalInstruction.class, () -> Fpu.fcvt_d_s(h, s(1), rm));
    }
    for (int frm : new int[] {5, 6, 7}) {
      h.frm = frm;
      assertThrows(IllegalInstruction.class, () -> Fpu.fadd_d(h, d(1), d(2), DYN));
      assertThrows(IllegalInstruction.class, () -> Fpu.fmul_s(h, s(1), s(2), DYN));
      assertThrows(IllegalInstruction.class, () -> Fpu.fcvt_d_wu(h, 3, DYN));
      assertThrows(IllegalInstruction.class, () -> Fpu.fcvt_d_s(h, s(1), DYN));
      // the static field still works, and instructions without rm ignore frm
      expect(d(3), 0, Fpu.fadd_d(h, d(1), d(2), RNE));
      expect(d(-1), 0, Fpu.fsgnjn_d(h, d(1), d(1)));
    }
    h.frm = RUP;
    expect(d(Math.nextUp(1.0)), NX, Fpu.fadd_d(h, d(1), d(0x1p-60), DYN));
  }

  // ---- NaN boxing and canonical NaNs ----------------------------------------------------------

  @Test
  void unboxedSingleReadsAsCanonicalNaN() {
    expect(CNAN_S, 0, Fpu.fadd_s(h, UNBOXED_ONE, s(1), RNE));
    expect(CNAN_S, 0, Fpu.fmadd_s(h, s(1), s(1), UNBOXED_ONE, RNE));
    expect(0xffffffffffc00000L, 0, Fpu.fsgnj_s(h, UNBOXED_ONE, s(-2))); // -canonical NaN
    expect(1 << 9, 0, Fpu.fclass_s(h, UNBOXED_ONE, 0));
    expect(0, 0, Fpu.feq_s(h, UNBOXED_ONE, UNBOXED_ONE));
    expect(0, NV, Fpu.flt_s(h, UNBOXED_ONE, s(2)));
    expect(CNAN_D, 0, Fpu.fcvt_d_s(h, UNBOXED_ONE, RNE));
    expect(s(2), 0, Fpu.fmin_s(h, UNBOXED_ONE, s(2)));
    expect(0x7fffffff, NV, Fpu.fcvt_w_s(h, UNBOXED_ONE, RTZ));
    // fmv.x.w takes the raw low word, sign-extended
    expect(0x3f800000L, 0, Fpu.fmv_x_w(h, UNBOXED_ONE, 0));
    expect(0xffffffffbf800000L, 0, Fpu.fmv_x_w(h, 0x12345678bf800000L, 0));
    expect(0xffffffff3f800000L, 0, Fpu.fmv_w_x(h, 0x123456783f800000L, 0));
    expect(0x123456789abcdef0L, 0, Fpu.fmv_x_d(h, 0x123456789abcdef0L, 0));
    expect(0x123456789abcdef0L, 0, Fpu.fmv_d_x(h, 0x123456789abcdef0L, 0));
  }

  @Test
  void nanResultsAreCanonical() {
    expect(CNAN_D, 0, Fpu.fadd_d(h, QNAN_D, d(1), RNE));
    expect(CNAN_D, NV, Fpu.fadd_d(h, SNAN_D, d(1), RNE));
    expect(CNAN_D, NV, Fpu.fmul_d(h, d(1), SNAN_D, RTZ));
    expect(CNAN_S, 0, Fpu.fmul_s(h, QNAN_S, s(1), RNE));
    expect(CNAN_S, NV, Fpu.fdiv_s(h, SNAN_S, s(1), RNE));
    expect(CNAN_S, NV, Fpu.fsqrt_s(h, SNAN_S, RNE));
    expect(CNAN_D, NV, Fpu.fmadd_d(h, d(1), d(1), SNAN_D, RNE));
    expect(CNAN_S, 0, Fpu.fcvt_s_d(h, QNAN_D, RNE));
    expect(CNAN_S, NV, Fpu.fcvt_s_d(h, SNAN_D, RNE));
    expect(CNAN_D, NV, Fpu.fcvt_d_s(h, SNAN_S, RNE));
    expect(CNAN_D, 0, Fpu.fcvt_d_s(h, QNAN_S, RNE));
    // sign injection is not arithmetic: payloads and signaling NaNs pass through, no flags
    expect(SNAN_D | Long.MIN_VALUE, 0, Fpu.fsgnj_d(h, SNAN_D, d(-1)));
    expect(0xffffffffff800001L, 0, Fpu.fsgnjn_s(h, SNAN_S, s(1)));
  }

  @Test
  void invalidOperations() {
    double inf = Double.POSITIVE_INFINITY;
    expect(CNAN_D, NV, Fpu.fadd_d(h, d(inf), d(-inf), RNE));
    expect(CNAN_D, NV, Fpu.fsub_d(h, d(inf), d(inf), RNE));
    expect(CNAN_D, NV, Fpu.fmul_d(h, d(0), d(-inf), RNE));
    expect(CNAN_D, NV, Fpu.fdiv_d(h, d(0), d(-0.0), RNE));
    expect(CNAN_D, NV, Fpu.fdiv_d(h, d(inf), d(inf), RNE));
    expect(CNAN_D, NV, Fpu.fsqrt_d(h, d(-1), RNE));
    expect(CNAN_D, NV, Fpu.fsqrt_d(h, d(-inf), RNE));
    expect(CNAN_S, NV, Fpu.fsqrt_s(h, s(-Float.MIN_VALUE), RNE));
    // inf * 0 is invalid even when the addend is a quiet NaN
    expect(CNAN_D, NV, Fpu.fmadd_d(h, d(inf), d(0), QNAN_D, RNE));
    expect(CNAN_S, NV, Fpu.fnmadd_s(h, s(0), s(Float.NEGATIVE_INFINITY), QNAN_S, RNE));
    expect(CNAN_D, NV, Fpu.fmadd_d(h, d(inf), d(2), d(-inf), RNE));
    expect(CNAN_D, NV, Fpu.fmsub_d(h, d(inf), d(2), d(inf), RNE));
    expect(d(-inf), 0, Fpu.fnmadd_d(h, d(inf), d(2), d(-5), RNE));
  }

  @Test
  void divideByZero() {
    expect(d(Double.NEGATIVE_INFINITY), DZ, Fpu.fdiv_d(h, d(1), d(-0.0), RNE));
    expect(s(Float.POSITIVE_INFINITY), DZ, Fpu.fdiv_s(h, s(-3), s(-0.0f), RTZ));
    expect(d(Double.POSITIVE_INFINITY), 0, Fpu.fdiv_d(h, d(Double.POSITIVE_INFINITY), d(0), RNE));
    expect(d(-0.0), 0, Fpu.fdiv_d(h, d(1), d(Double.NEGATIVE_INFINITY), RNE));
  }

  // ---- signed zeros ----------------------------------------------------------------------------

  @Test
  void signedZeros() {
    expect(d(0.0), 0, Fpu.fadd_d(h, d(0.0), d(-0.0), RNE));
    expect(d(-0.0), 0, Fpu.fadd_d(h, d(0.0), d(-0.0), RDN));
    expect(d(-0.0), 0, Fpu.fadd_d(h, d(-0.0), d(-0.0), RUP));
    expect(d(0.0), 0, Fpu.fsub_d(h, d(1.5), d(1.5), RUP));
    expect(d(-0.0), 0, Fpu.fsub_d(h, d(1.5), d(1.5), RDN));
    expect(s(-0.0f), 0, Fpu.fsub_s(h, s(1.5f), s(1.5f), RDN));
    expect(s(0.0f), 0, Fpu.fsub_s(h, s(1.5f), s(1.5f), RMM));
    expect(d(-0.0), 0, Fpu.fmul_d(h, d(-0.0), d(5), RNE));
    expect(d(-0.0), 0, Fpu.fsqrt_d(h, d(-0.0), RNE));
    expect(s(-0.0f), 0, Fpu.fsqrt_s(h, s(-0.0f), RNE));
    expect(d(0.0), 0, Fpu.fmadd_d(h, d(0.0), d(5), d(-0.0), RNE));
    expect(d(-0.0), 0, Fpu.fmadd_d(h, d(0.0), d(5), d(-0.0), RDN));
    expect(d(-0.0), 0, Fpu.fnmadd_d(h, d(0.0), d(5), d(0.0), RNE));
    expect(d(0.0), 0, Fpu.fmadd_d(h, d(1), d(1), d(-1), RNE));
    expect(d(-0.0), 0, Fpu.fmadd_d(h, d(1), d(1), d(-1), RDN));
    expect(d(-0.0), UF | NX, Fpu.fmul_d(h, d(-Double.MIN_VALUE), d(0.25), RNE));
  }

  // ---- rounding ---------------------------------------------------------------------------------

  @Test
  void halfwayCasesInEveryMode() {
    long one = d(1);
    long half = d(0x1p-53);
    long up = d(Math.nextUp(1.0));
    long[] want = {one, one, one, up, up};
    for (int rm = 0; rm < 5; rm++) {
      expect(want[rm], NX, Fpu.fadd_d(h, one, half, rm));
    }
    long mup = d(-Math.nextUp(1.0));
    long[] wantNeg = {d(-1), d(-1), mup, d(-1), mup};
    for (int rm = 0; rm < 5; rm++) {
      expect(wantNeg[rm], NX, Fpu.fadd_d(h, d(-1), d(-0x1p-53), rm));
    }
    // tie where the even neighbour is the larger one
    long odd = d(1 + 0x1p-52);
    expect(d(1 + 0x1p-51), NX, Fpu.fadd_d(h, odd, half, RNE));
    expect(odd, NX, Fpu.fadd_d(h, odd, half, RTZ));
    // single
    long[] wantS = {s(1), s(1), s(1), s(Math.nextUp(1f)), s(Math.nextUp(1f))};
    for (int rm = 0; rm < 5; rm++) {
      expect(wantS[rm], NX, Fpu.fadd_s(h, s(1), s(0x1p-24f), rm));
    }
    // multiplication tie: (1 + 2^-52) * (1 + 2^-1) = 1.5 + 2^-52 + 2^-53
    long m = d(1 + 0x1p-52);
    expect(d(1.5 + 0x1p-51), NX, Fpu.fmul_d(h, m, d(1.5), RNE));
    expect(d(1.5 + 0x1p-51), NX, Fpu.fmul_d(h, m, d(1.5), RMM));
    expect(d(1.5 + 0x1p-52), NX, Fpu.fmul_d(h, m, d(1.5), RTZ));
    // to integer: 2.5 and -2.5
    long[] w25 = {2, 2, 2, 3, 3};
    long[] wm25 = {-2, -2, -3, -2, -3};
    for (int rm = 0; rm < 5; rm++) {
      expect(w25[rm], NX, Fpu.fcvt_w_d(h, d(2.5), rm));
      expect(wm25[rm], NX, Fpu.fcvt_l_d(h, d(-2.5), rm));
      expect(wm25[rm], NX, Fpu.fcvt_w_s(h, s(-2.5f), rm));
    }
  }

  @Test
  void exactVersusInexact() {
    expect(d(0.25), 0, Fpu.fdiv_d(h, d(1), d(4), RNE));
    expect(d(1.0 / 3), NX, Fpu.fdiv_d(h, d(1), d(3), RNE));
    expect(d(2), 0, Fpu.fsqrt_d(h, d(4), RNE));
    expect(d(Math.sqrt(2)), NX, Fpu.fsqrt_d(h, d(2), RNE));
    expect(s((float) Math.sqrt(2)), NX, Fpu.fsqrt_s(h, s(2), RNE));
    expect(s(1f / 3), NX, Fpu.fdiv_s(h, s(1), s(3), RNE));
    expect(d(7), 0, Fpu.fmadd_d(h, d(2), d(3), d(1), RNE));
    expect(d(5), 0, Fpu.fmsub_d(h, d(2), d(3), d(1), RNE));
    expect(d(-5), 0, Fpu.fnmsub_d(h, d(2), d(3), d(1), RNE));
    expect(d(-7), 0, Fpu.fnmadd_d(h, d(2), d(3), d(1), RNE));
    expect(s(-7), 0, Fpu.fnmadd_s(h, s(2), s(3), s(1), RNE));
    // one rounding: (1+2^-52)(1-2^-52) - 1 = -2^-104 exactly
    expect(d(-0x1p-104), 0, Fpu.fmadd_d(h, d(1 + 0x1p-52), d(1 - 0x1p-52), d(-1), RNE));
    expect(s(-0x1p-46f), 0, Fpu.fmadd_s(h, s(1 + 0x1p-23f), s(1 - 0x1p-23f), s(-1), RNE));
    expect(d(1), NX, Fpu.fmadd_d(h, d(1), d(1), d(0x1p-60), RNE));
    expect(d(Math.nextUp(1.0)), NX, Fpu.fmadd_d(h, d(1), d(1), d(0x1p-60), RUP));
  }

  // ---- subnormals, underflow, overflow ---------------------------------------------------------

  @Test
  void underflowNeedsTinyAndInexact() {
    double mn = Double.MIN_NORMAL;
    expect(d(mn / 2), 0, Fpu.fmul_d(h, d(mn), d(0.5), RNE)); // tiny but exact
    expect(d(0), UF | NX, Fpu.fmul_d(h, d(Double.MIN_VALUE), d(0.5), RNE));
    expect(d(Double.MIN_VALUE), UF | NX, Fpu.fmul_d(h, d(Double.MIN_VALUE), d(0.5), RUP));
    expect(d(-Double.MIN_VALUE), UF | NX, Fpu.fmul_d(h, d(-Double.MIN_VALUE), d(0.75), RMM));
    expect(d(mn / 3), UF | NX, Fpu.fdiv_d(h, d(mn), d(3), RTZ)); // 2^52/3 units: .33 truncated
    expect(d(Math.nextUp(mn / 3)), UF | NX, Fpu.fdiv_d(h, d(mn), d(3), RUP));
    // rounds to MIN_NORMAL, but with unbounded exponent it would be 1-2^-53 below: tiny
    expect(d(mn), UF | NX, Fpu.fmul_d(h, d(Math.nextDown(1.0)), d(mn), RNE));
    // MIN_NORMAL * (1 - 2^-54) rounds to MIN_NORMAL even with unbounded exponent: not tiny
    expect(d(mn), NX, Fpu.fmadd_d(h, d(mn), d(-0x1p-54), d(mn), RNE));
    expect(d(Math.nextDown(mn)), UF | NX, Fpu.fmadd_d(h, d(mn), d(-0x1p-54), d(mn), RTZ));
    // additions of subnormals are exact
    expect(d(2 * Double.MIN_VALUE), 0,
        Fpu.fadd_d(h, d(Double.MIN_VALUE), d(Double.MIN_VALUE), RNE));
    float fmn = Float.MIN_NORMAL;
    expect(s(fmn), UF | NX, Fpu.fmul_s(h, s(Math.nextDown(1f)), s(fmn), RNE));
    expect(s(Float.MIN_VALUE), UF | NX, Fpu.fmul_s(h, s(Float.MIN_VALUE), s(0.5f), RUP));
    expect(s(0), UF | NX, Fpu.fcvt_s_d(h, d(0x1p-160), RNE));
    expect(s(0x1p-140f), 0, Fpu.fcvt_s_d(h, d(0x1p-140), RNE));
  }

  @Test
  void overflowPerRoundingMode() {
    double max = Double.MAX_VALUE;
    long inf = d(Double.POSITIVE_INFINITY);
    long ninf = d(Double.NEGATIVE_INFINITY);
    long[] pos = {inf, d(max), d(max), inf, inf};
    long[] neg = {ninf, d(-max), ninf, d(-max), ninf};
    for (int rm = 0; rm < 5; rm++) {
      expect(pos[rm], OF | NX, Fpu.fmul_d(h, d(max), d(2), rm));
      expect(neg[rm], OF | NX, Fpu.fmul_d(h, d(-max), d(2), rm));
      expect(pos[rm], OF | NX, Fpu.fadd_d(h, d(max), d(max), rm));
    }
    // exact value MAX + ulp/2: a tie that RNE rounds to 2^1024 (overflow); RTZ stays at MAX
    // without overflow, since rounding with an unbounded exponent gives MAX
    expect(inf, OF | NX, Fpu.fadd_d(h, d(max), d(0x1p970), RNE));
    expect(d(max), NX, Fpu.fadd_d(h, d(max), d(0x1p970), RTZ));
    expect(d(max), NX, Fpu.fadd_d(h, d(max), d(0x1p969), RNE));
    expect(inf, OF | NX, Fpu.fadd_d(h, d(max), d(0x1p969), RUP));
    float fmax = Float.MAX_VALUE;
    expect(s(fmax), OF | NX, Fpu.fmul_s(h, s(fmax), s(2), RTZ));
    expect(s(Float.NEGATIVE_INFINITY), OF | NX, Fpu.fmul_s(h, s(-fmax), s(2), RNE));
    expect(s(Float.POSITIVE_INFINITY), OF | NX, Fpu.fcvt_s_d(h, d(max), RNE));
    expect(s(fmax), OF | NX, Fpu.fcvt_s_d(h, d(max), RTZ));
    expect(d(max), OF | NX, Fpu.fdiv_d(h, d(max), d(0.5), RDN));
  }

  // ---- conversions ------------------------------------------------------------------------------

  @Test
  void conversionsToIntegerAtTheLimits() {
    expect(0x7fffffffL, NV, Fpu.fcvt_w_d(h, d(0x1p31), RTZ));
    expect(Integer.MIN_VALUE, 0, Fpu.fcvt_w_d(h, d(-0x1p31), RTZ));
    expect(Integer.MIN_VALUE, NV, Fpu.fcvt_w_d(h, d(-0x1p31 - 1), RNE));
    expect(Integer.MIN_VALUE, NX, Fpu.fcvt_w_d(h, d(-0x1p31 - 0.5), RTZ));
    expect(0x7fffffffL, NX, Fpu.fcvt_w_d(h, d(2147483647.5), RTZ));
    expect(0x7fffffffL, NV, Fpu.fcvt_w_d(h, d(2147483647.5), RNE));
    expect(0x7fffffffL, NV, Fpu.fcvt_w_d(h, d(Double.NaN), RNE));
    expect(0x7fffffffL, NV, Fpu.fcvt_w_d(h, d(Double.POSITIVE_INFINITY), RNE));
    expect(Integer.MIN_VALUE, NV, Fpu.fcvt_w_s(h, s(Float.NEGATIVE_INFINITY), RNE));
    expect(0x7fffffffL, NV, Fpu.fcvt_w_s(h, SNAN_S, RNE));
    // unsigned word: results are sign-extended
    expect(0, NX, Fpu.fcvt_wu_d(h, d(-0.9), RTZ));
    expect(0, NV, Fpu.fcvt_wu_d(h, d(-1.0), RTZ));
    expect(0, NX, Fpu.fcvt_wu_d(h, d(-0.5), RNE));
    expect(0, NV, Fpu.fcvt_wu_d(h, d(-0.5), RDN));
    expect(0, 0, Fpu.fcvt_wu_d(h, d(-0.0), RNE));
    expect(-1L, 0, Fpu.fcvt_wu_d(h, d(0x1p32 - 1), RNE));
    expect(-1L, NV, Fpu.fcvt_wu_d(h, d(0x1p32), RNE));
    expect(0xffffffff80000000L, 0, Fpu.fcvt_wu_d(h, d(0x1p31), RNE));
    expect(-1L, NV, Fpu.fcvt_wu_s(h, s(Float.NaN), RNE));
    expect(0, NV, Fpu.fcvt_wu_s(h, s(Float.NEGATIVE_INFINITY), RNE));
    // long
    expect(Long.MAX_VALUE, NV, Fpu.fcvt_l_d(h, d(0x1p63), RTZ));
    expect(Long.MIN_VALUE, 0, Fpu.fcvt_l_d(h, d(-0x1p63), RNE));
    expect(Long.MIN_VALUE, NV, Fpu.fcvt_l_d(h, d(Math.nextDown(-0x1p63)), RNE));
    expect(0x7ffffffffffffc00L, 0, Fpu.fcvt_l_d(h, d(Math.nextDown(0x1p63)), RNE));
    expect(Long.MAX_VALUE, NV, Fpu.fcvt_l_d(h, d(Double.NaN), RNE));
    expect(Long.MAX_VALUE, NV, Fpu.fcvt_l_s(h, s(0x1p63f), RNE));
    expect(-1, NX, Fpu.fcvt_l_s(h, s(-0.5f), RDN));
    expect(0, NX, Fpu.fcvt_l_s(h, s(-0.5f), RNE));
    // unsigned long
    expect(-1L, NV, Fpu.fcvt_lu_d(h, d(0x1p64), RNE));
    expect(0xfffffffffffff800L, 0, Fpu.fcvt_lu_d(h, d(Math.nextDown(0x1p64)), RNE));
    expect(Long.MIN_VALUE, 0, Fpu.fcvt_lu_d(h, d(0x1p63), RNE));
    expect(0, NV, Fpu.fcvt_lu_d(h, d(-1), RNE));
    expect(0, 0, Fpu.fcvt_lu_d(h, d(-0.0), RNE));
    expect(-1L, NV, Fpu.fcvt_lu_d(h, d(Double.NaN), RNE));
    expect(-1L, NV, Fpu.fcvt_lu_s(h, s(Float.POSITIVE_INFINITY), RNE));
    expect(0xffffff0000000000L, 0, Fpu.fcvt_lu_s(h, s(Math.nextDown(0x1p64f)), RNE));
  }

  @Test
  void conversionsFromInteger() {
    expect(d(-1), 0, Fpu.fcvt_d_w(h, 0x12345678ffffffffL, RNE));
    expect(d(0x1p32 - 1), 0, Fpu.fcvt_d_wu(h, 0x12345678ffffffffL, RNE));
    expect(d(0x1p53), NX, Fpu.fcvt_d_l(h, (1L << 53) + 1, RNE));
    expect(d(0x1p53 + 2), NX, Fpu.fcvt_d_l(h, (1L << 53) + 1, RUP));
    expect(d(0x1p63), NX, Fpu.fcvt_d_l(h, Long.MAX_VALUE, RNE));
    expect(d(Math.nextDown(0x1p63)), NX, Fpu.fcvt_d_l(h, Long.MAX_VALUE, RTZ));
    expect(d(-0x1p63), 0, Fpu.fcvt_d_l(h, Long.MIN_VALUE, RNE));
    expect(d(0x1p64), NX, Fpu.fcvt_d_lu(h, -1L, RNE));
    expect(d(Math.nextDown(0x1p64)), NX, Fpu.fcvt_d_lu(h, -1L, RDN));
    expect(d(0x1p63), 0, Fpu.fcvt_d_lu(h, Long.MIN_VALUE, RNE));
    expect(s(0x1p32f), NX, Fpu.fcvt_s_wu(h, 0xffffffffL, RNE));
    expect(s(Math.nextDown(0x1p32f)), NX, Fpu.fcvt_s_wu(h, 0xffffffffL, RTZ));
    expect(s(0x1p31f), NX, Fpu.fcvt_s_w(h, Integer.MAX_VALUE, RNE));
    expect(s(-0x1p31f), 0, Fpu.fcvt_s_w(h, Integer.MIN_VALUE, RNE));
    expect(s(16777216f), NX, Fpu.fcvt_s_w(h, 16777217, RNE));
    expect(s(16777218f), NX, Fpu.fcvt_s_w(h, 16777217, RMM));
    expect(s(0x1p63f), NX, Fpu.fcvt_s_l(h, Long.MAX_VALUE, RNE));
    expect(s(0x1p64f), NX, Fpu.fcvt_s_lu(h, -1L, RNE));
    expect(s(0), 0, Fpu.fcvt_s_l(h, 0, RDN));
    expect(d(0), 0, Fpu.fcvt_d_lu(h, 0, RDN));
  }

  @Test
  void conversionsBetweenFormats() {
    expect(s(1f / 3), NX, Fpu.fcvt_s_d(h, d(1.0 / 3), RNE));
    expect(s(1f / 3), NX, Fpu.fcvt_s_d(h, d(1.0 / 3), RUP)); // 1f/3 is above 1/3
    expect(s(Math.nextDown(1f / 3)), NX, Fpu.fcvt_s_d(h, d(1.0 / 3), RTZ));
    expect(s(-0.0f), 0, Fpu.fcvt_s_d(h, d(-0.0), RNE));
    expect(s(Float.NEGATIVE_INFINITY), 0, Fpu.fcvt_s_d(h, d(Double.NEGATIVE_INFINITY), RNE));
    expect(d(0.1f), 0, Fpu.fcvt_d_s(h, s(0.1f), RNE));
    expect(d(Float.MIN_VALUE), 0, Fpu.fcvt_d_s(h, s(Float.MIN_VALUE), RMM));
    // halfway between two singles
    expect(s(1f), NX, Fpu.fcvt_s_d(h, d(1 + 0x1p-24), RNE));
    expect(s(Math.nextUp(1f)), NX, Fpu.fcvt_s_d(h, d(1 + 0x1p-24), RMM));
  }

  // ---- min/max, compare, class, sign injection ------------------------------------------------

  @Test
  void minMax() {
    expect(d(-0.0), 0, Fpu.fmin_d(h, d(0.0), d(-0.0)));
    expect(d(-0.0), 0, Fpu.fmin_d(h, d(-0.0), d(0.0)));
    expect(d(0.0), 0, Fpu.fmax_d(h, d(-0.0), d(0.0)));
    expect(d(0.0), 0, Fpu.fmax_d(h, d(0.0), d(-0.0)));
    expect(d(1), 0, Fpu.fmin_d(h, QNAN_D, d(1)));
    expect(d(1), NV, Fpu.fmax_d(h, d(1), SNAN_D));
    expect(CNAN_D, 0, Fpu.fmin_d(h, QNAN_D, QNAN_D));
    expect(CNAN_D, NV, Fpu.fmax_d(h, SNAN_D, QNAN_D));
    expect(d(-2), 0, Fpu.fmin_d(h, d(-2), d(3)));
    expect(d(3), 0, Fpu.fmax_d(h, d(-2), d(3)));
    expect(s(-0.0f), 0, Fpu.fmin_s(h, s(0.0f), s(-0.0f)));
    expect(s(0.0f), 0, Fpu.fmax_s(h, s(-0.0f), s(0.0f)));
    expect(s(2), NV, Fpu.fmin_s(h, SNAN_S, s(2)));
    expect(CNAN_S, 0, Fpu.fmax_s(h, UNBOXED_ONE, QNAN_S));
    expect(s(5), 0, Fpu.fmax_s(h, s(5), UNBOXED_ONE));
  }

  @Test
  void compare() {
    expect(0, 0, Fpu.feq_d(h, QNAN_D, d(1)));
    expect(0, NV, Fpu.feq_d(h, SNAN_D, d(1)));
    expect(0, NV, Fpu.flt_d(h, QNAN_D, d(1)));
    expect(0, NV, Fpu.fle_d(h, d(1), QNAN_D));
    expect(1, 0, Fpu.feq_d(h, d(-0.0), d(0.0)));
    expect(1, 0, Fpu.fle_d(h, d(-0.0), d(0.0)));
    expect(0, 0, Fpu.flt_d(h, d(-0.0), d(0.0)));
    expect(1, 0, Fpu.flt_d(h, d(Double.NEGATIVE_INFINITY), d(-Double.MAX_VALUE)));
    expect(0, NV, Fpu.feq_s(h, SNAN_S, SNAN_S));
    expect(0, 0, Fpu.feq_s(h, QNAN_S, s(1)));
    expect(1, 0, Fpu.fle_s(h, s(1), s(1)));
    expect(0, NV, Fpu.fle_s(h, QNAN_S, s(1)));
  }

  @Test
  void classify() {
    double[] v = {Double.NEGATIVE_INFINITY, -1, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1,
        Double.POSITIVE_INFINITY};
    for (int i = 0; i < v.length; i++) {
      expect(1 << i, 0, Fpu.fclass_d(h, d(v[i]), 0));
    }
    float[] f = {Float.NEGATIVE_INFINITY, -1, -Float.MIN_VALUE, -0.0f, 0.0f, Float.MIN_VALUE, 1,
        Float.POSITIVE_INFINITY};
    for (int i = 0; i < f.length; i++) {
      expect(1 << i, 0, Fpu.fclass_s(h, s(f[i]), 0));
    }
    expect(1 << 2, 0, Fpu.fclass_d(h, d(-Math.nextDown(Double.MIN_NORMAL)), 0));
    expect(1 << 6, 0, Fpu.fclass_d(h, d(Double.MIN_NORMAL), 0));
    expect(1 << 8, 0, Fpu.fclass_d(h, SNAN_D, 0));
    expect(1 << 9, 0, Fpu.fclass_d(h, QNAN_D, 0));
    expect(1 << 8, 0, Fpu.fclass_s(h, SNAN_S, 0));
    expect(1 << 9, 0, Fpu.fclass_s(h, QNAN_S, 0));
    expect(1 << 9, 0, Fpu.fclass_s(h, 0x7fffffff7f800001L, 0)); // unboxed sNaN pattern
  }

  @Test
  void signInjection() {
    expect(d(-3), 0, Fpu.fsgnjn_d(h, d(3), d(3))); // fneg
    expect(d(3), 0, Fpu.fsgnjx_d(h, d(-3), d(-3))); // fabs
    expect(d(-3), 0, Fpu.fsgnj_d(h, d(3), d(-0.0)));
    expect(d(-3), 0, Fpu.fsgnjx_d(h, d(3), d(-1)));
    expect(s(-3), 0, Fpu.fsgnjn_s(h, s(3), s(3)));
    expect(s(3), 0, Fpu.fsgnjx_s(h, s(-3), s(-3)));
    expect(s(3), 0, Fpu.fsgnj_s(h, s(-3), s(0)));
    // unboxed rs2 reads as canonical NaN (positive)
    expect(s(3), 0, Fpu.fsgnj_s(h, s(-3), 0x00000000bf800000L));
  }

  @Test
  void flagsAccumulate() {
    h.fflags = DZ;
    Fpu.fadd_d(h, d(1), d(0x1p-60), RNE);
    assertEquals(DZ | NX, h.fflags);
  }

  /**
   * The compiled code's result guards against their definition, the biased exponent: every
   * exponent with both signs and the mantissas at the edges of each binade.
   */
  @Test
  void inlineGuardsTestTheExponentField() {
    long[] mantissas = {0, 1, 0x8000000000000L, 0xfffffffffffffL};
    for (long sign = 0; sign < 2; sign++) {
      for (long e = 0; e < 2048; e++) {
        for (long m : mantissas) {
          double x = Double.longBitsToDouble(sign << 63 | e << 52 | m);
          assertEquals(e >= 2 && e <= 2046, Fpu.normalD(x), "normalD " + x);
          assertEquals(e != 2047, Fpu.finiteD(x), "finiteD " + x);
        }
      }
    }
    int[] singleMantissas = {0, 1, 0x400000, 0x7fffff};
    for (int sign = 0; sign < 2; sign++) {
      for (int e = 0; e < 256; e++) {
        for (int m : singleMantissas) {
          float x = Float.intBitsToFloat(sign << 31 | e << 23 | m);
          assertEquals(e >= 2 && e <= 254, Fpu.normalS(x), "normalS " + x);
          assertEquals(e != 255, Fpu.finiteS(x), "finiteS " + x);
        }
      }
    }
  }
}
