package dev.rvjit.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Exact zero results in every rounding mode, the cases {@link FpSlow} now answers without the
 * BigInteger path (found by profiling mandelbrot for the speed check of issue 5; fporacle covers
 * them too). IEEE 754 §6.3: an exact zero sum of operands of opposite sign is +0, or −0 when
 * rounding down; a product, quotient or square root of zero keeps the usual sign; no flags.
 */
class FpOracleZeroTest {
  static final int RDN = 2;

  static long d(double x) {
    return Double.doubleToRawLongBits(x);
  }

  static long s(float x) {
    return 0xffffffff00000000L | (Float.floatToRawIntBits(x) & 0xffffffffL);
  }

  private static void expect(Hart h, long want, long got, String what) {
    assertEquals(String.format("%016x/00", want), String.format("%016x/%02x", got, h.fflags), what);
  }

  @Test
  void exactZerosInEveryRoundingMode() {
    for (int rm : new int[] {0, 1, 2, 3, 4, 7}) {
      for (int frm = 0; frm <= 4; frm++) {
        if (rm != 7 && frm != 0) {
          continue;
        }
        Hart h = new Hart(null);
        h.frm = frm;
        int m = rm == 7 ? frm : rm;
        String at = "rm " + rm + " frm " + frm;
        double cancel = m == RDN ? -0.0 : 0.0;
        expect(h, d(cancel), Fpu.fadd_d(h, d(1.5), d(-1.5), rm), "fadd.d 1.5 + -1.5 " + at);
        expect(h, d(cancel), Fpu.fsub_d(h, d(0x1p-1074), d(0x1p-1074), rm), "fsub.d tiny " + at);
        expect(h, d(cancel), Fpu.fadd_d(h, d(0.0), d(-0.0), rm), "fadd.d +0 + -0 " + at);
        expect(h, d(-0.0), Fpu.fadd_d(h, d(-0.0), d(-0.0), rm), "fadd.d -0 + -0 " + at);
        expect(h, d(0.0), Fpu.fsub_d(h, d(0.0), d(-0.0), rm), "fsub.d +0 - -0 " + at);
        expect(h, d(-0.0), Fpu.fmul_d(h, d(0.0), d(-3.0), rm), "fmul.d 0 * -3 " + at);
        expect(h, d(0.0), Fpu.fmul_d(h, d(-0.0), d(-0x1p-1074), rm), "fmul.d -0 * -tiny " + at);
        expect(h, d(-0.0), Fpu.fdiv_d(h, d(0.0), d(Double.NEGATIVE_INFINITY), rm),
            "fdiv.d 0 / -inf " + at);
        expect(h, d(-0.0), Fpu.fdiv_d(h, d(-0.0), d(7.0), rm), "fdiv.d -0 / 7 " + at);
        expect(h, d(-0.0), Fpu.fsqrt_d(h, d(-0.0), rm), "fsqrt.d -0 " + at);
        expect(h, s(m == RDN ? -0.0f : 0.0f), Fpu.fadd_s(h, s(2.5f), s(-2.5f), rm),
            "fadd.s 2.5 + -2.5 " + at);
        expect(h, s(m == RDN ? -0.0f : 0.0f), Fpu.fsub_s(h, s(0.0f), s(0.0f), rm),
            "fsub.s 0 - 0 " + at);
        expect(h, s(-0.0f), Fpu.fsub_s(h, s(-0.0f), s(0.0f), rm), "fsub.s -0 - 0 " + at);
        expect(h, s(-0.0f), Fpu.fmul_s(h, s(-0.0f), s(Float.MAX_VALUE), rm), "fmul.s " + at);
        expect(h, s(0.0f), Fpu.fdiv_s(h, s(-0.0f), s(-1e-45f), rm), "fdiv.s -0 / -tiny " + at);
        expect(h, s(-0.0f), Fpu.fsqrt_s(h, s(-0.0f), rm), "fsqrt.s -0 " + at);
        expect(h, s(-0.0f), Fpu.fcvt_s_d(h, d(-0.0), rm), "fcvt.s.d -0 " + at);
      }
    }
  }

  @Test
  void zeroResultsStillCheckTheRoundingMode() {
    Hart h = new Hart(null);
    h.frm = 5;
    assertThrows(IllegalInstruction.class, () -> Fpu.fmul_d(h, d(0.0), d(1.0), 7));
    assertThrows(IllegalInstruction.class, () -> Fpu.fadd_d(h, d(1.0), d(-1.0), 7));
    assertThrows(IllegalInstruction.class, () -> Fpu.fsqrt_s(h, s(0.0f), 7));
    assertThrows(IllegalInstruction.class, () -> Fpu.fdiv_d(h, d(0.0), d(2.0), 6));
  }
}
