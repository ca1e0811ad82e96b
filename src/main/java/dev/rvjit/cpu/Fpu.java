package dev.rvjit.cpu;

/** Floating-point semantics (skeleton: being written). */
public final class Fpu {
  private Fpu() {}

  public static long fmadd_s(Hart h, long a, long b, long c, int rm) {
    throw new UnsupportedOperationException("fmadd_s");
  }

  public static long fmsub_s(Hart h, long a, long b, long c, int rm) {
    throw new UnsupportedOperationException("fmsub_s");
  }

  public static long fnmsub_s(Hart h, long a, long b, long c, int rm) {
    throw new UnsupportedOperationException("fnmsub_s");
  }

  public static long fnmadd_s(Hart h, long a, long b, long c, int rm) {
    throw new UnsupportedOperationException("fnmadd_s");
  }

  public static long fadd_s(Hart h, long a, long b, int rm) {
    throw new UnsupportedOperationException("fadd_s");
  }

  public static long fsub_s(Hart h, long a, long b, int rm) {
    throw new UnsupportedOperationException("fsub_s");
  }

  public static long fmul_s(Hart h, long a, long b, int rm) {
    throw new UnsupportedOperationException("fmul_s");
  }

  public static long fdiv_s(Hart h, long a, long b, int rm) {
    throw new UnsupportedOperationException("fdiv_s");
  }

  public static long fsqrt_s(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fsqrt_s");
  }

  public static long fsgnj_s(Hart h, long a, long b) {
    throw new UnsupportedOperationException("fsgnj_s");
  }

  public static long fsgnjn_s(Hart h, long a, long b) {
    throw new UnsupportedOperationException("fsgnjn_s");
  }

  public static long fsgnjx_s(Hart h, long a, long b) {
    throw new UnsupportedOperationException("fsgnjx_s");
  }

  public static long fmin_s(Hart h, long a, long b) {
    throw new UnsupportedOperationException("fmin_s");
  }

  public static long fmax_s(Hart h, long a, long b) {
    throw new UnsupportedOperationException("fmax_s");
  }

  public static long fcvt_w_s(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_w_s");
  }

  public static long fcvt_wu_s(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_wu_s");
  }

  public static long fmv_x_w(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fmv_x_w");
  }

  public static long feq_s(Hart h, long a, long b) {
    throw new UnsupportedOperationException("feq_s");
  }

  public static long flt_s(Hart h, long a, long b) {
    throw new UnsupportedOperationException("flt_s");
  }

  public static long fle_s(Hart h, long a, long b) {
    throw new UnsupportedOperationException("fle_s");
  }

  public static long fclass_s(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fclass_s");
  }

  public static long fcvt_s_w(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_s_w");
  }

  public static long fcvt_s_wu(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_s_wu");
  }

  public static long fmv_w_x(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fmv_w_x");
  }

  public static long fcvt_l_s(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_l_s");
  }

  public static long fcvt_lu_s(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_lu_s");
  }

  public static long fcvt_s_l(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_s_l");
  }

  public static long fcvt_s_lu(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_s_lu");
  }

  public static long fmadd_d(Hart h, long a, long b, long c, int rm) {
    throw new UnsupportedOperationException("fmadd_d");
  }

  public static long fmsub_d(Hart h, long a, long b, long c, int rm) {
    throw new UnsupportedOperationException("fmsub_d");
  }

  public static long fnmsub_d(Hart h, long a, long b, long c, int rm) {
    throw new UnsupportedOperationException("fnmsub_d");
  }

  public static long fnmadd_d(Hart h, long a, long b, long c, int rm) {
    throw new UnsupportedOperationException("fnmadd_d");
  }

  public static long fadd_d(Hart h, long a, long b, int rm) {
    throw new UnsupportedOperationException("fadd_d");
  }

  public static long fsub_d(Hart h, long a, long b, int rm) {
    throw new UnsupportedOperationException("fsub_d");
  }

  public static long fmul_d(Hart h, long a, long b, int rm) {
    throw new UnsupportedOperationException("fmul_d");
  }

  public static long fdiv_d(Hart h, long a, long b, int rm) {
    throw new UnsupportedOperationException("fdiv_d");
  }

  public static long fsqrt_d(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fsqrt_d");
  }

  public static long fsgnj_d(Hart h, long a, long b) {
    throw new UnsupportedOperationException("fsgnj_d");
  }

  public static long fsgnjn_d(Hart h, long a, long b) {
    throw new UnsupportedOperationException("fsgnjn_d");
  }

  public static long fsgnjx_d(Hart h, long a, long b) {
    throw new UnsupportedOperationException("fsgnjx_d");
  }

  public static long fmin_d(Hart h, long a, long b) {
    throw new UnsupportedOperationException("fmin_d");
  }

  public static long fmax_d(Hart h, long a, long b) {
    throw new UnsupportedOperationException("fmax_d");
  }

  public static long fcvt_s_d(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_s_d");
  }

  public static long fcvt_d_s(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_d_s");
  }

  public static long feq_d(Hart h, long a, long b) {
    throw new UnsupportedOperationException("feq_d");
  }

  public static long flt_d(Hart h, long a, long b) {
    throw new UnsupportedOperationException("flt_d");
  }

  public static long fle_d(Hart h, long a, long b) {
    throw new UnsupportedOperationException("fle_d");
  }

  public static long fclass_d(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fclass_d");
  }

  public static long fcvt_w_d(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_w_d");
  }

  public static long fcvt_wu_d(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_wu_d");
  }

  public static long fcvt_d_w(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_d_w");
  }

  public static long fcvt_d_wu(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_d_wu");
  }

  public static long fcvt_l_d(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_l_d");
  }

  public static long fcvt_lu_d(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_lu_d");
  }

  public static long fmv_x_d(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fmv_x_d");
  }

  public static long fcvt_d_l(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_d_l");
  }

  public static long fcvt_d_lu(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fcvt_d_lu");
  }

  public static long fmv_d_x(Hart h, long a, int rm) {
    throw new UnsupportedOperationException("fmv_d_x");
  }

}
