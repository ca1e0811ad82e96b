package dev.rvjit.cpu;

/**
 * The user-level CSRs of RV64GC: {@code fflags}, {@code frm}, {@code fcsr} (F/D) and the read-only
 * counters {@code cycle}, {@code time}, {@code instret} (Zicntr). Anything else is an illegal
 * instruction, as is a write to a read-only counter.
 *
 * <p>The semantics methods take the CSR number and the operand and return the old value; the
 * caller has made {@link Hart#instret} exact before the call.
 */
public final class Csr {
  public static final int FFLAGS = 0x001;
  public static final int FRM = 0x002;
  public static final int FCSR = 0x003;
  public static final int CYCLE = 0xc00;
  public static final int TIME = 0xc01;
  public static final int INSTRET = 0xc02;

  private Csr() {}

  /** The CSR's name as the privileged spec spells it, or null if rvjit does not implement it. */
  public static String name(int csr) {
    switch (csr) {
      case FFLAGS:
        return "fflags";
      case FRM:
        return "frm";
      case FCSR:
        return "fcsr";
      case CYCLE:
        return "cycle";
      case TIME:
        return "time";
      case INSTRET:
        return "instret";
      default:
        return null;
    }
  }

  /** csrrw: write {@code v}, return the old value. {@code raw} is the instruction word, for traps. */
  public static long csrrw(Hart h, int csr, long v, boolean write, int raw) {
    long old = read(h, csr, raw);
    if (write) {
      write(h, csr, v, raw);
    }
    return old;
  }

  /** csrrs: set the bits of {@code v} (a write only if {@code write}), return the old value. */
  public static long csrrs(Hart h, int csr, long v, boolean write, int raw) {
    long old = read(h, csr, raw);
    if (write) {
      write(h, csr, old | v, raw);
    }
    return old;
  }

  /** csrrc: clear the bits of {@code v} (a write only if {@code write}), return the old value. */
  public static long csrrc(Hart h, int csr, long v, boolean write, int raw) {
    long old = read(h, csr, raw);
    if (write) {
      write(h, csr, old & ~v, raw);
    }
    return old;
  }

  private static long read(Hart h, int csr, int raw) {
    switch (csr) {
      case FFLAGS:
        return h.fflags;
      case FRM:
        return h.frm;
      case FCSR:
        return (h.frm << 5) | h.fflags;
      case CYCLE:
      case INSTRET:
        return h.instret;
      case TIME:
        // 10 MHz timebase, as the Linux RISC-V boards rvjit imitates report.
        return (System.nanoTime() - h.timeOrigin) / 100;
      default:
        throw new IllegalInstruction(raw, 4);
    }
  }

  private static void write(Hart h, int csr, long v, int raw) {
    switch (csr) {
      case FFLAGS:
        h.fflags = (int) v & 0x1f;
        break;
      case FRM:
        h.frm = (int) v & 0x7;
        break;
      case FCSR:
        h.fflags = (int) v & 0x1f;
        h.frm = ((int) v >> 5) & 0x7;
        break;
      default:
        throw new IllegalInstruction(raw, 4);
    }
  }
}
