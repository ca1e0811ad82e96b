package dev.rvjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Kind;
import dev.rvjit.isa.Opcode;
import dev.rvjit.testing.RawMachine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every F and D computational instruction, in every static rounding mode and the dynamic one,
 * runs in a guest loop over special and random operands under the interpreter and under the JIT
 * (which compiles the loop after its first pass), and the two must agree on every result, every
 * fflags value and the final state. Each iteration first sets fflags and frm from the table, so
 * the compiled fast paths ({@link FpInline}: taken only in round-to-nearest with NX already set)
 * meet NX clear and set, and every rounding mode, on the same operands.
 */
class FpTierTest {
  // a, b, c, fflags in, frm in, result, fflags out, results of a second and a third operation
  private static final int ENTRY = 72;
  private static final int ENTRIES = 900; // fits RawMachine.DATA_SIZE

  static List<Object[]> cases() {
    List<Object[]> out = new ArrayList<>();
    for (Opcode op : Opcode.values()) {
      switch (op.kind) {
        case FP_RR:
        case FP_R:
        case FP_R4:
        case FP_TO_X:
        case X_TO_FP:
          if (op.hasRoundingMode()) {
            for (int rm : new int[] {0, 1, 2, 3, 4, 7}) {
              out.add(new Object[] {op, rm});
            }
          } else {
            out.add(new Object[] {op, 0});
          }
          break;
        case FP_RR_NORM:
        case FP_CMP:
          out.add(new Object[] {op, 0});
          break;
        default:
          break;
      }
    }
    return out;
  }

  private static final long BOX = 0xffffffff00000000L;

  private static long s(float f) {
    return BOX | (Float.floatToRawIntBits(f) & 0xffffffffL);
  }

  private static long d(double v) {
    return Double.doubleToRawLongBits(v);
  }

  private static final long[] SPECIAL = {
    d(0.0), d(-0.0), d(1.0), d(-1.5), d(3.0), d(0.1), d(1e300), d(-1e300), d(1e-300),
    d(Double.MIN_VALUE), d(Double.MIN_NORMAL), d(0x1p-969), d(0x1p-970), d(Double.MAX_VALUE),
    d(0x1p1023), d(Double.POSITIVE_INFINITY), d(Double.NEGATIVE_INFINITY),
    0x7ff8000000000000L, 0x7ff0000000000001L, 0xfff8000000000123L, d(0x1p63), d(-0x1p63),
    d(2147483647.5), d(-2147483649.0), d(0x1p-1070 + 0x1p-1073),
    s(0f), s(-0f), s(1.5f), s(-3f), s(0.1f), s(Float.MIN_VALUE), s(Float.MIN_NORMAL),
    s(Float.MAX_VALUE), s(Float.POSITIVE_INFINITY), BOX | 0x7fc00000L, BOX | 0x7f800001L,
    s(1e30f), s(0x1p31f), s(-0x1p31f), s(0x1p63f), s(1e-40f), 0x00000000_3f800000L,
  };

  /**
   * Operand pairs run first, with NX set and frm = 0 (so that the inline fast path runs): results
   * that round up to the smallest normal single but are tiny before rounding (UF by the spec's
   * after-rounding rule), for fmul.s and fcvt.s.d. A guard that let the smallest normal binade
   * through inline would miss their UF.
   */
  private static final long[][] PAIRS = {
    {BOX | 0x3f8005a9L, BOX | 0x007ffa57L},
    {d(0x1p-126 * (1 - 3 * 0x1p-26)), d(1.0)},
  };

  @ParameterizedTest(name = "{0} rm={1}")
  @MethodSource("cases")
  void tiersAgree(Opcode op, int rm) {
    byte[] table = table(op.ordinal() * 16L + rm);
    RawMachine interp = machine(RawMachine.Tier.INTERP, op, rm, table);
    RawMachine jit = machine(RawMachine.Tier.JIT, op, rm, table);
    RawMachine.Result want = interp.run(Long.MAX_VALUE);
    RawMachine.Result got = jit.run(Long.MAX_VALUE);
    assertTrue(jit.jit.unitsCompiled() > 0, "the loop was not compiled");
    assertEquals(want.outcome, got.outcome);
    byte[] wantMem = new byte[table.length];
    byte[] gotMem = new byte[table.length];
    for (int i = 0; i < table.length; i++) {
      wantMem[i] = interp.mem.peek(RawMachine.DATA + i);
      gotMem[i] = jit.mem.peek(RawMachine.DATA + i);
    }
    for (int e = 0; e < ENTRIES; e++) {
      int o = e * ENTRY;
      if (!Arrays.equals(wantMem, o, o + ENTRY, gotMem, o, o + ENTRY)) {
        throw new AssertionError(String.format(
            "%s rm=%d entry %d (a=%016x b=%016x c=%016x fflags=%d frm=%d): interpreter result"
                + " %016x fflags %d, JIT result %016x fflags %d",
            op.mnemonic, rm, e, word(wantMem, o), word(wantMem, o + 8), word(wantMem, o + 16),
            word(wantMem, o + 24), word(wantMem, o + 32), word(wantMem, o + 40),
            word(wantMem, o + 48), word(gotMem, o + 40), word(gotMem, o + 48)));
      }
    }
    assertEquals(want.hart.fflags, got.hart.fflags, "final fflags");
    assertEquals(want.hart.instret, got.hart.instret, "instret");
    assertEquals(want.hart.pc, got.hart.pc, "pc");
    for (int i = 1; i < 32; i++) {
      assertEquals(want.hart.x[i], got.hart.x[i], "x" + i);
      assertEquals(want.hart.f[i], got.hart.f[i], "f" + i);
    }
  }

  private static long word(byte[] m, int o) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (m[o + i] & 0xff);
    }
    return v;
  }

  /** Operands: all pairs of special values first, then random ones near them. */
  private static byte[] table(long seed) {
    Random r = new Random(seed);
    byte[] t = new byte[ENTRIES * ENTRY];
    int[] flags = {0, 1, 1, 1, 0x1f, 0x10};
    int[] modes = {0, 0, 0, 0, 1, 2, 3, 4};
    for (int e = 0; e < ENTRIES; e++) {
      long a;
      long b;
      if (e < PAIRS.length) {
        a = PAIRS[e][0];
        b = PAIRS[e][1];
      } else if (e < SPECIAL.length * SPECIAL.length && e < ENTRIES / 2) {
        a = SPECIAL[e % SPECIAL.length];
        b = SPECIAL[(e / SPECIAL.length + e) % SPECIAL.length];
      } else {
        a = near(r);
        b = near(r);
      }
      long c = r.nextBoolean() ? SPECIAL[r.nextInt(SPECIAL.length)] : near(r);
      put(t, e * ENTRY, a);
      put(t, e * ENTRY + 8, b);
      put(t, e * ENTRY + 16, c);
      put(t, e * ENTRY + 24, e < PAIRS.length ? 1 : flags[r.nextInt(flags.length)]);
      put(t, e * ENTRY + 32, e < PAIRS.length ? 0 : modes[r.nextInt(modes.length)]);
    }
    return t;
  }

  private static long near(Random r) {
    switch (r.nextInt(4)) {
      case 0:
        return d((r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(200) - 100));
      case 1:
        return s((float) ((r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(60) - 30)));
      case 2:
        return SPECIAL[r.nextInt(SPECIAL.length)] + r.nextInt(3) - 1;
      default:
        return r.nextLong();
    }
  }

  private static void put(byte[] t, int o, long v) {
    for (int i = 0; i < 8; i++) {
      t[o + i] = (byte) (v >>> (8 * i));
    }
  }

  private static final int X5 = 5;
  private static final int X8 = 8;

  private static RawMachine machine(RawMachine.Tier tier, Opcode op, int rm, byte[] table) {
    RawMachine m = new RawMachine(tier, 1);
    m.mem.write(RawMachine.DATA, table, 0, table.length);
    m.reg(X8, RawMachine.DATA).reg(X5, ENTRIES);
    List<Integer> w = new ArrayList<>();
    // First the operands swapped through a single operation, then reloaded: compiled code must
    // forget what it knew of f1 and f2 when the loads overwrite them.
    w.add(Asm.encode(Opcode.FLD, 1, X8, 0, 0, 0, 8));
    w.add(Asm.encode(Opcode.FLD, 2, X8, 0, 0, 0, 0));
    w.add(Asm.encode(Opcode.FMUL_S, 6, 1, 2, 0, 0, 0));
    w.add(Asm.encode(Opcode.FLD, 1, X8, 0, 0, 0, 0));
    w.add(Asm.encode(Opcode.FLD, 2, X8, 0, 0, 0, 8));
    w.add(Asm.encode(Opcode.FLD, 3, X8, 0, 0, 0, 16));
    w.add(Asm.encode(Opcode.LD, 14, X8, 0, 0, 0, 0));
    w.add(Asm.encode(Opcode.LD, 12, X8, 0, 0, 0, 24));
    w.add(Asm.encode(Opcode.CSRRW, 0, 12, 0, 0, 0, 0x001));
    w.add(Asm.encode(Opcode.LD, 13, X8, 0, 0, 0, 32));
    w.add(Asm.encode(Opcode.CSRRW, 0, 13, 0, 0, 0, 0x002));
    boolean toX = op.kind == Kind.FP_TO_X || op.kind == Kind.FP_CMP;
    int rd = toX ? 10 : 4;
    int rs1 = op.readsFprRs1() ? 1 : 14;
    int rs2 = op.kind == Kind.FP_R4 || op.readsFprRs2() ? 2 : 0;
    int rs3 = op.kind == Kind.FP_R4 ? 3 : 0;
    w.add(Asm.encode(op, rd, rs1, rs2, rs3, op.hasRoundingMode() ? rm : 0, 0));
    w.add(Asm.encode(toX ? Opcode.SD : Opcode.FSD, 0, X8, rd, 0, 0, 40));
    if (!toX && op.readsFprRs1()) {
      // The same operation again on the first result and an operand, in the same block: the
      // compiled code then reuses values it already holds (e.g. the unboxed single view).
      w.add(Asm.encode(op, 5, 4, rs2 == 0 ? 0 : 1, rs3 == 0 ? 0 : 4,
          op.hasRoundingMode() ? rm : 0, 0));
      w.add(Asm.encode(Opcode.FSD, 0, X8, 5, 0, 0, 56));
    }
    if (op.readsFprRs1() && op.readsFprRs2()) {
      // Both operands the same register (fmv.s and fmv.d are fsgnj with rs1 = rs2).
      int rd3 = toX ? 15 : 7;
      w.add(Asm.encode(op, rd3, 2, 2, rs3 == 0 ? 0 : 2, op.hasRoundingMode() ? rm : 0, 0));
      w.add(Asm.encode(toX ? Opcode.SD : Opcode.FSD, 0, X8, rd3, 0, 0, 64));
    }
    w.add(Asm.encode(Opcode.CSRRS, 11, 0, 0, 0, 0, 0x001));
    w.add(Asm.encode(Opcode.SD, 0, X8, 11, 0, 0, 48));
    w.add(Asm.encode(Opcode.ADDI, X8, X8, 0, 0, 0, ENTRY));
    w.add(Asm.encode(Opcode.ADDI, X5, X5, 0, 0, 0, -1));
    w.add(Asm.encode(Opcode.BNE, 0, X5, 0, 0, 0, -4L * w.size()));
    for (int word : w) {
      m.code(word);
    }
    m.code(Asm.encode(Opcode.ADDI, 17, 0, 0, 0, 0, 93), Asm.encode(Opcode.ECALL, 0, 0, 0, 0, 0, 0));
    return m;
  }
}
