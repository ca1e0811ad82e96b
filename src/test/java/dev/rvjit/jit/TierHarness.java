package dev.rvjit.jit;

import dev.rvjit.cpu.GuestExit;
import dev.rvjit.cpu.GuestTrap;
import dev.rvjit.cpu.Hart;
import dev.rvjit.cpu.Syscalls;
import dev.rvjit.interp.BlockCache;
import dev.rvjit.interp.Interpreter;
import dev.rvjit.memory.Memory;
import java.util.Arrays;
import java.util.Random;

/**
 * Runs raw guest code (no ELF, no Linux) on a fresh machine under either tier, and captures the
 * whole architectural state at the end, for comparing tiers. System call 93 exits; any other
 * returns -ENOSYS.
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
    Memory m = new Memory();
    long codeSize = (code.length + Memory.PAGE_SIZE - 1) & ~(Memory.PAGE_SIZE - 1);
    m.map(ProgramGenerator.CODE, codeSize,
        Memory.PROT_READ | Memory.PROT_EXEC | (writableCode ? Memory.PROT_WRITE : 0));
    m.poke(ProgramGenerator.CODE, code, 0, code.length);
    m.map(ProgramGenerator.DATA, ProgramGenerator.DATA_SIZE, Memory.PROT_READ | Memory.PROT_WRITE);
    Random r = new Random(seed * 31 + 7);
    byte[] init = new byte[ProgramGenerator.DATA_SIZE];
    r.nextBytes(init);
    m.write(ProgramGenerator.DATA, init, 0, init.length);

    Hart h = new Hart(m);
    for (int i = 1; i < 32; i++) {
      h.x[i] = interesting(r);
    }
    for (int i = 0; i < 32; i++) {
      h.f[i] = fpValue(r);
    }
    h.x[8] = ProgramGenerator.DATA;
    h.x[31] = ProgramGenerator.DATA + 2048;
    h.x[30] = 10 + r.nextInt(60);
    h.frm = r.nextInt(5);
    h.pc = ProgramGenerator.CODE;

    Syscalls sys = hart -> {
      if (hart.x[17] == 93) {
        throw new GuestExit((int) hart.x[10]);
      }
      hart.x[10] = -38;
    };
    BlockCache cache = new BlockCache(m);
    Interpreter it = new Interpreter(h, sys, cache);
    Jit jit = null;
    if (s.jit) {
      jit = new Jit(cache, s.threshold, true);
      it.setTier1(jit);
    }
    State st = new State();
    try {
      it.run(s.limit);
      st.outcome = "returned";
    } catch (GuestExit e) {
      st.outcome = "exit " + e.status();
    } catch (GuestTrap t) {
      st.outcome = t.getClass().getSimpleName() + ": " + t.describe();
    }
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
    st.compiledUnits = jit == null ? 0 : jit.unitsCompiled();
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
