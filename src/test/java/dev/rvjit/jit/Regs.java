package dev.rvjit.jit;

/** ABI names of the x registers the hand-written and generated test loops use. */
final class Regs {
  static final int T0 = 5;
  static final int T1 = 6;
  static final int S1 = 9;
  static final int A0 = 10;
  static final int A1 = 11;
  static final int A2 = 12;
  static final int A3 = 13;
  static final int A4 = 14;
  static final int A5 = 15;
  static final int A6 = 16;
  static final int S2 = 18;
  static final int S3 = 19;
  static final int S4 = 20;
  static final int S5 = 21;

  private Regs() {}
}
