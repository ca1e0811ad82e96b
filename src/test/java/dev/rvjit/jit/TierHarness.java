package dev.rvjit.jit;

import dev.rvjit.cpu.Hart;
import dev.rvjit.memory.Memory;
import dev.rvjit.testing.RawMachine;
import java.util.Arrays;
import java.util.Random;

/**
 * Runs a generated program on a fresh {@link RawMachine} under either tier with registers,
 * FP registers and scratch memory seeded from the program's seed, and captures the whole
 * architectural state at the end, for comparing tiers.
 */
final class TierHarness {
  /** Tier set-up of one run. */
  static final class Setup {
    final boolean jit;
    final long threshold;
    final long limit;

    Setup(boolean jit, long threshold, long limit) {
      this.jit = jit;
      this.threshold = threshold;
      this.limit = limit;
    }

    @Override
    public String toString() {
      return jit ? "jit(threshold " + threshold + ", limit " + limit + ")"
          : "interp(limit " + limit + ")";
    }
  }

  /** Everything observable at the end of a run. */
  static final class State {
    String outcome;
    long[] x = new long[32];
    long[] f = new long[32];
    int fflags;
    int frm;
    long instret;
    long pc;
    byte[] data;
    long compiledUnits;

    /** A description of the first difference from {@code o}, or null if equal. */
    String diff(State o) {
      if (!outcome.equals(o.outcome)) {
        return "outcome: " + outcome + " vs " + o.outcome;
      }
      for (int i = 0; i < 32; i++) {
        if (x[i] != o.x[i]) {
          return String.format("x%d: %x vs %x", i, x[i], o.x[i]);
        }
        if (f[i] != o.f[i]) {
          return String.format("f%d: %x vs %x", i, f[i], o.f[i]);
        }
      }
      if (fflags != o.fflags) {
        return "fflags: " + fflags + " vs " + o.fflags;
      }
      if (frm != o.frm) {
        return "frm: " + frm + " vs " + o.frm;
      }
      if (instret != o.instret) {
        return "instret: " + instret + " vs " + o.instret;
      }
      if (pc != o.pc) {
        return String.format("pc: %x vs %x", pc, o.pc);
      }
      if (!Arrays.equals(data, o.data)) {
        return "scratch memory differs";
      }
      return null;
    }
  }

  private TierHarness() {}

  /** Runs {@code code} at {@link ProgramGenerator#CODE} with state seeded by {@code seed}. */
  static State run(byte[] code, long seed, Setup s, boolean writableCode) {
    RawMachine rm = new RawMachine(s.jit ? RawMachine.Tier.JIT : RawMachine.Tier.INTERP,
        Math.max(1, s.threshold));
    rm.codeBytes(code);
    if (writableCode) {
      rm.writableCode();
    }
    Memory m = rm.mem;
    Random r = new Random(seed * 31 + 7);
    byte[] init = new byte[ProgramGenerator.DATA_SIZE];
    r.nextBytes(init);
    m.write(ProgramGenerator.DATA, init, 0, init.length);
    Hart h = rm.hart;
    for (int i = 1; i < 32; i++) {
      h.x[i] = interesting(r);
    }
    for (int i = 0; i < 32; i++) {
      h.f[i] = fpValue(r);
    }
    h.x[8] = ProgramGenerator.DATA;
    h.x[31] = ProgramGenerator.DATA + 2048;
    for (int i = 5; i <= 7; i++) {
      h.x[i] = ProgramGenerator.DATA + 2048 + 8 * i; // (indexed addresses, see ProgramGenerator)
    }
    h.x[30] = 10 + r.nextInt(60);
    h.frm = r.nextInt(5);
    int layout = r.nextInt(8);
    if (layout < 2) {
      // x31's accesses straddle two pages, and now and then the second takes no stores (or
      // nothing at all): runs of accesses off one base register then span a page that faults,
      // where compiled code's check of the whole run must hand each access to its own check.
      long page = ProgramGenerator.DATA + Memory.PAGE_SIZE;
      h.x[31] = page;
      if (layout == 1) {
        m.protect(page, Memory.PAGE_SIZE, r.nextBoolean() ? Memory.PROT_READ : 0);
      }
    }

    RawMachine.Result res = rm.run(s.limit);
    State st = new State();
    st.outcome = res.outcome;
    System.arraycopy(h.x, 0, st.x, 0, 32);
    System.arraycopy(h.f, 0, st.f, 0, 32);
    st.fflags = h.fflags;
    st.frm = h.frm;
    st.instret = h.instret;
    st.pc = h.pc;
    st.data = new byte[ProgramGenerator.DATA_SIZE];
    for (int i = 0; i < st.data.length; i++) {
      st.data[i] = m.peek(ProgramGenerator.DATA + i);
    }
    st.compiledUnits = rm.jit == null ? 0 : rm.jit.unitsCompiled();
    return st;
  }

  private static long interesting(Random r) {
    switch (r.nextInt(8)) {
      case 0:
        return 0;
      case 1:
        return -1;
      case 2:
        return Long.MIN_VALUE;
      case 3:
        return Integer.MIN_VALUE;
      case 4:
        return r.nextInt(64) - 32;
      case 5:
        return 0xffffffffL;
      default:
        return r.nextLong();
    }
  }

  private static long fpValue(Random r) {
    long box = 0xffffffff00000000L;
    switch (r.nextInt(10)) {
      case 0:
        return box | Float.floatToRawIntBits(r.nextFloat() * 100 - 50);
      case 1:
        return Double.doubleToRawLongBits(r.nextDouble() * 1e6 - 5e5);
      case 2:
        return box | (r.nextInt() & 0xffffffffL);
      case 3:
        return Double.doubleToRawLongBits(new double[] {0.0, -0.0, Double.NaN,
            Double.POSITIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1.0, -1.5}[r.nextInt(8)]);
      case 4:
        return box | Float.floatToRawIntBits(new float[] {0f, -0f, Float.NaN, Float.MIN_VALUE,
            Float.MAX_VALUE, 1f, 2.5f, 1e-40f}[r.nextInt(8)]);
      case 5:
        return r.nextLong(); // an unboxed single reads as the canonical NaN
      case 6:
        return 0x7ff4000000000000L; // signalling NaN
      default:
        return Double.doubleToRawLongBits(r.nextInt(2000) - 1000);
    }
  }
}
