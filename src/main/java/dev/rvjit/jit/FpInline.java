package dev.rvjit.jit;

import static org.objectweb.asm.Opcodes.*;

import dev.rvjit.isa.Insn;
import dev.rvjit.isa.Kind;
import dev.rvjit.isa.Opcode;
import java.util.BitSet;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Emits the round-to-nearest fast path of the common F and D instructions straight into the
 * unit, with a call to the {@link dev.rvjit.cpu.Fpu} method (which handles every case) as the slow
 * path.
 *
 * <p>Why not simply call {@code Fpu}: its fast paths are 50–110 bytes of bytecode, over
 * HotSpot's 35-byte limit for inlining regardless of profile, and once the interpreter has made
 * them hot C2 compiles them on their own into code too large to inline ("already compiled into
 * a medium method"), so every FP instruction in a unit became a real call. Emitted here, the fast
 * path is plain {@code double} arithmetic that C2 schedules with the rest of the loop.
 *
 * <p>The fast path is taken only when the result cannot differ from the spec's and no flag can
 * change:
 * <ul>
 *   <li>the effective rounding mode is round-to-nearest-even (static {@code rm = 0}, or
 *       {@code rm = 7} with {@code frm = 0}; other static modes always call {@code Fpu});</li>
 *   <li>NX is already set in {@code fflags}, for operations that can be inexact: then the only
 *       flag such a fast path could raise is set, and the inexactness test is not needed. While NX
 *       is clear the slow path runs (and sets it at the first inexact result);</li>
 *   <li>the result passes its guard ({@code Fpu.finiteD}, {@code Fpu.normalD} and the single
 *       forms: no NaN or infinity, and for anything but a sum no result near the underflow
 *       threshold); an exact zero has its own test.</li>
 * </ul>
 * Comparisons take the fast path whenever neither operand is a NaN. The slow path reads the
 * operand registers, which the fast path has not written, so it recomputes from scratch.
 */
final class FpInline {
  private static final String FPU = "dev/rvjit/cpu/Fpu";
  private static final String HART = "dev/rvjit/cpu/Hart";

  private final Translator t;
  private final MethodVisitor mv;
  private final int h;
  private final int dx;
  private final int dy;
  private final int dz;
  private final int dr;
  /** The float local of each register in {@link #views}: its single-precision view. */
  private final int[] viewSlot;
  /**
   * The f registers that inline single operations read, each of which keeps a single view: a
   * float local equal to {@code Fpu.unboxF(f[r])} at every point of the unit. Guest f registers
   * live in double locals holding their raw 64 bits, and unboxing a single from those bits goes
   * through integer registers (several instructions and cycles on the dependency chain); with
   * the view, a chain of single arithmetic stays in float registers, across blocks and loop
   * iterations too. The view is set wherever the register is written: by an inline single
   * operation directly, by anything else (loads, calls, the prologue) through
   * {@link Translator#storeF}, which unboxes.
   */
  private final BitSet views;
  /** Int local holding {@code (fflags & NX) | frm << 1}, see {@link #refreshMode}. */
  private final int fpMode;
  /** Bytes of bytecode emitted by this class (fast and slow paths). */
  int bytes;

  /**
   * @param h local slot of the hart; {@code dx..dr}: four free double (two-slot) locals;
   *     {@code viewSlot}: the float local of each register in {@code views}, the registers that
   *     keep a single view ({@link #singleSources}); {@code fpMode}: a free int local
   */
  FpInline(Translator t, MethodVisitor mv, int h, int dx, int dy, int dz, int dr,
      int[] viewSlot, BitSet views, int fpMode) {
    this.t = t;
    this.mv = mv;
    this.h = h;
    this.dx = dx;
    this.dy = dy;
    this.dz = dz;
    this.dr = dr;
    this.viewSlot = viewSlot;
    this.views = views;
    this.fpMode = fpMode;
  }

  /** Adds to {@code out} the registers whose single view {@code in}'s inline path reads. */
  static void singleSources(Insn in, BitSet out) {
    if (!supported(in)) {
      return;
    }
    switch (in.op) {
      case FADD_S: case FSUB_S: case FMUL_S: case FDIV_S:
      case FEQ_S: case FLT_S: case FLE_S:
        out.set(in.rs1);
        out.set(in.rs2);
        return;
      case FSQRT_S: case FCVT_D_S: case FCVT_L_S: case FCVT_W_S: case FSGNJ_S:
        out.set(in.rs1);
        return;
      default:
        return;
    }
  }

  /** Emits, for a register with a view, the view update from the raw bits (a long) on the stack. */
  void updateView(int r) {
    mv.visitInsn(DUP2);
    mv.visitMethodInsn(INVOKESTATIC, FPU, "unboxF", "(J)F", false);
    mv.visitVarInsn(FSTORE, viewSlot[r]);
  }

  /** Pushes the single view of f[r] (a float). */
  private void loadSF(int r) {
    if (!views.get(r)) {
      throw new IllegalStateException("f" + r + " has no single view");
    }
    mv.visitVarInsn(FLOAD, viewSlot[r]);
  }

  /** Stores the float on the stack as a boxed single into f[rd], and into its view if any. */
  private void storeSF(int rd) {
    if (views.get(rd)) {
      mv.visitInsn(DUP);
      mv.visitVarInsn(FSTORE, viewSlot[rd]);
    }
    mv.visitMethodInsn(INVOKESTATIC, FPU, "box", "(F)J", false);
    t.storeFRaw(rd);
  }

  /** Emits {@code in} with an inline fast path, or returns false if it has none here. */
  private boolean emit(Insn in) {
    if (!supported(in)) {
      return false;
    }
    Label start = new Label();
    Label end = new Label();
    mv.visitLabel(start);
    emitSupported(in);
    mv.visitLabel(end);
    bytes += end.getOffset() - start.getOffset();
    return true;
  }

  private static boolean nearestEven(int rm) {
    return rm == 0 || rm == 7;
  }

  private static boolean supported(Insn in) {
    switch (in.op) {
      case FADD_D: case FSUB_D: case FMUL_D: case FDIV_D: case FSQRT_D:
      case FMADD_D: case FMSUB_D: case FNMSUB_D: case FNMADD_D:
      case FADD_S: case FSUB_S: case FMUL_S: case FDIV_S: case FSQRT_S:
      case FCVT_S_D: case FCVT_D_L: case FCVT_S_L: case FCVT_S_W:
        return nearestEven(in.rm);
      case FCVT_L_D: case FCVT_W_D: case FCVT_L_S: case FCVT_W_S:
        return in.rm == 1; // C casts truncate
      case FCVT_D_S: case FCVT_D_W:
        return in.rm == 0; // exact; any other rm must be validated by Fpu
      case FEQ_D: case FLT_D: case FLE_D: case FEQ_S: case FLT_S: case FLE_S:
        return true;
      case FSGNJ_D: case FSGNJ_S:
        return in.rs1 == in.rs2; // fmv.d, fmv.s
      default:
        return false;
    }
  }

  private void emitSupported(Insn in) {
    switch (in.op) {
      case FADD_D: binaryD(in, DADD); return;
      case FSUB_D: binaryD(in, DSUB); return;
      case FMUL_D: binaryD(in, DMUL); return;
      case FDIV_D: binaryD(in, DDIV); return;
      case FSQRT_D: sqrtD(in); return;
      case FMADD_D: fmaD(in, false, false); return;
      case FMSUB_D: fmaD(in, false, true); return;
      case FNMSUB_D: fmaD(in, true, false); return;
      case FNMADD_D: fmaD(in, true, true); return;
      case FADD_S: binaryS(in, FADD); return;
      case FSUB_S: binaryS(in, FSUB); return;
      case FMUL_S: binaryS(in, FMUL); return;
      case FDIV_S: binaryS(in, FDIV); return;
      case FSQRT_S: sqrtS(in); return;
      case FCVT_S_D: cvtSD(in); return;
      case FCVT_D_S: cvtDS(in); return;
      case FCVT_D_L: fromLong(in, false, true); return;
      case FCVT_S_L: fromLong(in, false, false); return;
      case FCVT_S_W: fromLong(in, true, false); return;
      case FCVT_D_W: cvtDW(in); return;
      case FCVT_L_D: truncate(in, false, false); return;
      case FCVT_W_D: truncate(in, true, false); return;
      case FCVT_L_S: truncate(in, false, true); return;
      case FCVT_W_S: truncate(in, true, true); return;
      case FEQ_D: case FLT_D: case FLE_D: case FEQ_S: case FLT_S: case FLE_S:
        compare(in);
        return;
      case FSGNJ_D: // fmv.d: a copy of the raw bits
        t.loadFDouble(in.rs1);
        t.storeFDouble(in.rd);
        return;
      case FSGNJ_S: // fmv.s: the single view boxed again (an unboxed source gives the boxed qNaN)
        loadSF(in.rs1);
        storeSF(in.rd);
        return;
      default:
        throw new IllegalStateException("no inline path for " + in);
    }
  }

  // ------------------------------------------------------------------ shared pieces

  /**
   * Jumps to {@code slow} unless NX is already set and the effective rounding mode is
   * nearest-even (static modes other than 0 and 7 never get here).
   */
  private void guards(Insn in, Label slow) {
    mv.visitVarInsn(ILOAD, fpMode);
    mv.visitInsn(ICONST_1);
    if (in.rm == 7) {
      mv.visitJumpInsn(IF_ICMPNE, slow); // NX set and frm = 0
    } else {
      mv.visitInsn(IAND);
      mv.visitJumpInsn(IFEQ, slow); // NX set
    }
  }

  /**
   * Recomputes the local {@code (fflags & NX) | frm << 1} that the guards test, instead of
   * reading both hart fields at every operation. Emitted at unit entry and after everything in
   * the unit that may change fflags or frm: CSR instructions and calls to {@code Fpu} (which only
   * ever set flags, so a stale value is merely conservative until the next refresh).
   */
  void refreshMode() {
    mv.visitVarInsn(ALOAD, h);
    mv.visitMethodInsn(INVOKESTATIC, FPU, "fastMode", "(L" + HART + ";)I", false);
    mv.visitVarInsn(ISTORE, fpMode);
  }

  /** f[r] as a double (raw bits) into local {@code slot}. */
  private void loadD(int r, int slot) {
    t.loadFDouble(r);
    mv.visitVarInsn(DSTORE, slot);
  }

  /** f[r] as a single widened to double (an unboxed value reads as NaN) into {@code slot}. */
  private void loadS(int r, int slot) {
    loadSF(r);
    mv.visitInsn(F2D);
    mv.visitVarInsn(DSTORE, slot);
  }

  /** Stores the double in local {@code slot} as raw bits into f[rd]. */
  private void storeD(int slot, int rd) {
    mv.visitVarInsn(DLOAD, slot);
    t.storeFDouble(rd);
  }

  /**
   * Ends the fast path (a jump to {@code end}) and emits the slow path at {@code slow}: the full
   * {@code Fpu} method, from the operand registers, falling through to {@code end}.
   */
  private void slowCall(Insn in, Label slow, Label end) {
    mv.visitJumpInsn(GOTO, end);
    mv.visitLabel(slow);
    call(in);
    mv.visitLabel(end);
  }

  /** Emits {@code in} inline if it has a fast path here, else as a call to {@code Fpu}. */
  void emitOrCall(Insn in) {
    if (!emit(in)) {
      call(in);
    }
  }

  /**
   * The call to {@code Fpu}: operands and result by the instruction's {@link Kind}, the rounding
   * field where it has one; then the mode local is refreshed (the call may have set flags).
   */
  private void call(Insn in) {
    mv.visitVarInsn(ALOAD, h);
    String desc;
    boolean toX = false;
    switch (in.op.kind) {
      case X_TO_FP:
        t.loadX(in.rs1);
        t.pushInt(in.rm);
        desc = "JI";
        break;
      case FP_TO_X:
        toX = true;
        t.loadF(in.rs1);
        t.pushInt(in.rm);
        desc = "JI";
        break;
      case FP_R:
        t.loadF(in.rs1);
        t.pushInt(in.rm);
        desc = "JI";
        break;
      case FP_RR:
        t.loadF(in.rs1);
        t.loadF(in.rs2);
        t.pushInt(in.rm);
        desc = "JJI";
        break;
      case FP_CMP:
        toX = true;
        t.loadF(in.rs1);
        t.loadF(in.rs2);
        desc = "JJ";
        break;
      case FP_RR_NORM:
        t.loadF(in.rs1);
        t.loadF(in.rs2);
        desc = "JJ";
        break;
      case FP_R4:
        t.loadF(in.rs1);
        t.loadF(in.rs2);
        t.loadF(in.rs3);
        t.pushInt(in.rm);
        desc = "JJJI";
        break;
      default:
        throw new IllegalArgumentException("not an FP computation: " + in);
    }
    mv.visitMethodInsn(INVOKESTATIC, FPU, in.op.sem, "(L" + HART + ";" + desc + ")J", false);
    refreshMode();
    if (toX) {
      t.storeX(in.rd);
    } else {
      t.storeF(in.rd); // also sets the register's single view, if it keeps one
    }
  }

  /** Jumps to {@code slow} unless the static guard {@code Fpu.name(desc)} holds. */
  private void check(String name, String desc, Label slow, int... slots) {
    for (int s : slots) {
      mv.visitVarInsn(DLOAD, s);
    }
    mv.visitMethodInsn(INVOKESTATIC, FPU, name, desc, false);
    mv.visitJumpInsn(IFEQ, slow);
  }


  /**
   * Compares the local {@code slot} (a float if {@code single}, else a double) with zero and jumps
   * to {@code target} on {@code cond} (IFEQ: it is zero, either sign; IFNE: it is not, or NaN).
   */
  private void zeroJump(boolean single, int slot, int cond, Label target) {
    mv.visitVarInsn(single ? FLOAD : DLOAD, slot);
    mv.visitInsn(single ? FCONST_0 : DCONST_0);
    mv.visitInsn(single ? FCMPL : DCMPL); // NaN: -1
    mv.visitJumpInsn(cond, target);
  }


  // ------------------------------------------------------------------ range analysis

  /**
   * Emits a double add, sub, mul, div or sqrt that the range analysis made {@code SAFE} or
   * {@code CHECK} ({@link FpRanges}). Fast path (nearest-even and NX set, as for the other inline
   * paths): Java's result, stored as it is when SAFE; when CHECK, stored if moderate or an exact
   * zero, else a jump to {@code miss} (the unit leaves at this instruction, which is not retired).
   * Otherwise {@code Fpu} computes result and flags: in any rounding mode a SAFE operation's result
   * stays in the range the analysis gave it, and a CHECK's is checked (a zero from {@code Fpu} is
   * exact in value and flags). The trap index must be this instruction's.
   */
  void emitRanged(Insn in, FpRanges.Decision d, Label miss) {
    Label start = new Label();
    Label done = new Label();
    mv.visitLabel(start);
    boolean check = d == FpRanges.Decision.CHECK;
    boolean sqrt = in.op == Opcode.FSQRT_D;
    Label slow = new Label();
    Label end = new Label();
    guards(in, slow);
    loadD(in.rs1, dx);
    if (!sqrt) {
      loadD(in.rs2, dy);
    }
    mv.visitVarInsn(DLOAD, dx);
    if (sqrt) {
      mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "sqrt", "(D)D", false);
    } else {
      mv.visitVarInsn(DLOAD, dy);
      switch (in.op) {
        case FADD_D: mv.visitInsn(DADD); break;
        case FSUB_D: mv.visitInsn(DSUB); break;
        case FMUL_D: mv.visitInsn(DMUL); break;
        case FDIV_D: mv.visitInsn(DDIV); break;
        default: throw new IllegalStateException("not a ranged operation: " + in);
      }
    }
    mv.visitVarInsn(DSTORE, dr);
    if (check) {
      Label zero = new Label();
      check("moderateD", "(D)Z", zero, dr);
      storeD(dr, in.rd);
      mv.visitJumpInsn(GOTO, end);
      mv.visitLabel(zero);
      zeroJump(false, dr, IFNE, miss); // not moderate and not zero: leave
      // A zero is exact if a sum (exact cancellation), a square root (of a zero), a product with
      // a zero factor or a quotient of a zero dividend; else it underflowed: leave.
      if (in.op == Opcode.FMUL_D) {
        Label exact = new Label();
        zeroJump(false, dx, IFEQ, exact);
        zeroJump(false, dy, IFNE, miss);
        mv.visitLabel(exact);
      } else if (in.op == Opcode.FDIV_D) {
        zeroJump(false, dx, IFNE, miss);
      }
    }
    storeD(dr, in.rd);
    mv.visitJumpInsn(GOTO, end);
    mv.visitLabel(slow);
    mv.visitVarInsn(ALOAD, h);
    t.loadF(in.rs1);
    if (!sqrt) {
      t.loadF(in.rs2);
    }
    t.pushInt(in.rm);
    mv.visitMethodInsn(INVOKESTATIC, FPU, in.op.sem,
        "(L" + HART + ";" + (sqrt ? "JI" : "JJI") + ")J", false);
    refreshMode();
    if (check) {
      mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
      mv.visitVarInsn(DSTORE, dr);
      moderateOrZero(miss); // Fpu's zero is exact in value and flags
      storeD(dr, in.rd);
    } else {
      t.storeF(in.rd);
    }
    mv.visitLabel(end);
    mv.visitLabel(done);
    bytes += done.getOffset() - start.getOffset();
  }

  /**
   * The fast path of a run of double adds and subtracts that neither read nor write each other's
   * results (Translator.sumRun): under the mode their fast paths need, each result goes to its
   * own local from {@code slot} on, and one guard covers them all: their sum is finite only if
   * every one of them is (an infinity or NaN among them makes it infinite or NaN), which is what
   * each sum's own guard asks ({@link Fpu#finiteD}). Then the results go to their registers;
   * otherwise (or in another mode) a jump to {@code alone}, with no register changed. For three
   * sums: two additions and one guard instead of three guards.
   */
  void emitSumRun(Insn[] sums, int slot, Label alone) {
    Label start = new Label();
    mv.visitLabel(start);
    Insn strictest = sums[0]; // a dynamic rounding mode also needs frm = 0
    for (Insn in : sums) {
      if (in.rm == 7) {
        strictest = in;
      }
    }
    guards(strictest, alone);
    for (int k = 0; k < sums.length; k++) {
      t.loadFDouble(sums[k].rs1);
      t.loadFDouble(sums[k].rs2);
      mv.visitInsn(sums[k].op == Opcode.FADD_D ? DADD : DSUB);
      mv.visitVarInsn(DSTORE, slot + 2 * k);
    }
    for (int k = 0; k < sums.length; k++) {
      mv.visitVarInsn(DLOAD, slot + 2 * k);
      if (k > 0) {
        mv.visitInsn(DADD);
      }
    }
    mv.visitMethodInsn(INVOKESTATIC, FPU, "finiteD", "(D)Z", false);
    mv.visitJumpInsn(IFEQ, alone);
    for (int k = 0; k < sums.length; k++) {
      storeD(slot + 2 * k, sums[k].rd);
    }
    Label end = new Label();
    mv.visitLabel(end);
    bytes += end.getOffset() - start.getOffset();
  }

  /** Jumps to {@code miss} unless f[r] is moderate or zero ({@link FpRanges}). */
  void emitOperandCheck(int r, Label miss) {
    Label start = new Label();
    Label end = new Label();
    mv.visitLabel(start);
    loadD(r, dr);
    moderateOrZero(miss);
    mv.visitLabel(end);
    bytes += end.getOffset() - start.getOffset();
  }

  /** Jumps to {@code miss} unless the double in local {@code dr} is moderate or zero. */
  private void moderateOrZero(Label miss) {
    Label ok = new Label();
    mv.visitVarInsn(DLOAD, dr);
    mv.visitMethodInsn(INVOKESTATIC, FPU, "moderateD", "(D)Z", false);
    mv.visitJumpInsn(IFNE, ok);
    zeroJump(false, dr, IFNE, miss);
    mv.visitLabel(ok);
  }

  // ------------------------------------------------------------------ double

  private void binaryD(Insn in, int op) {
    Label slow = new Label();
    Label end = new Label();
    guards(in, slow);
    loadD(in.rs1, dx);
    loadD(in.rs2, dy);
    mv.visitVarInsn(DLOAD, dx);
    mv.visitVarInsn(DLOAD, dy);
    mv.visitInsn(op);
    mv.visitVarInsn(DSTORE, dr);
    if (op == DADD || op == DSUB) {
      check("finiteD", "(D)Z", slow, dr); // a tiny or zero sum passes: it is exact
      storeD(dr, in.rd);
      slowCall(in, slow, end);
      return;
    }
    // Multiply, divide: when the guard fails, an exact zero result (a zero operand: loops often
    // start from zero) is still the spec's result with no flag; anything else is slow. (Every
    // jump here goes forward: a backward one would look like a loop to HotSpot.)
    // The common case falls through; the zero case has its own copy of the store.
    Label zero = new Label();
    Label exactZero = new Label();
    check("normalD", "(D)Z", zero, dr);
    storeD(dr, in.rd);
    mv.visitJumpInsn(GOTO, end);
    mv.visitLabel(zero);
    zeroJump(false, dr, IFNE, slow);
    zeroJump(false, dx, IFEQ, exactZero);
    if (op == DMUL) {
      zeroJump(false, dy, IFEQ, exactZero);
    }
    mv.visitJumpInsn(GOTO, slow);
    mv.visitLabel(exactZero);
    storeD(dr, in.rd);
    slowCall(in, slow, end);
  }

  private void sqrtD(Insn in) {
    Label slow = new Label();
    Label end = new Label();
    guards(in, slow);
    loadD(in.rs1, dx);
    Label zero = new Label();
    check("sqrtOkD", "(D)Z", zero, dx);
    mv.visitVarInsn(DLOAD, dx);
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "sqrt", "(D)D", false);
    mv.visitVarInsn(DSTORE, dr);
    storeD(dr, in.rd);
    mv.visitJumpInsn(GOTO, end);
    mv.visitLabel(zero); // sqrt(±0) = ±0, exact: the operand itself
    zeroJump(false, dx, IFNE, slow);
    storeD(dx, in.rd);
    slowCall(in, slow, end);
  }

  private void fmaD(Insn in, boolean negateProduct, boolean negateAddend) {
    Label slow = new Label();
    Label end = new Label();
    guards(in, slow);
    loadD(in.rs1, dx);
    loadD(in.rs2, dy);
    loadD(in.rs3, dz);
    if (negateProduct) {
      mv.visitVarInsn(DLOAD, dx);
      mv.visitInsn(DNEG);
      mv.visitVarInsn(DSTORE, dx);
    }
    if (negateAddend) {
      mv.visitVarInsn(DLOAD, dz);
      mv.visitInsn(DNEG);
      mv.visitVarInsn(DSTORE, dz);
    }
    mv.visitVarInsn(DLOAD, dx);
    mv.visitVarInsn(DLOAD, dy);
    mv.visitVarInsn(DLOAD, dz);
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "fma", "(DDD)D", false);
    mv.visitVarInsn(DSTORE, dr);
    check("fmaOkD", "(DDDD)Z", slow, dx, dy, dz, dr);
    storeD(dr, in.rd);
    slowCall(in, slow, end);
  }

  // ------------------------------------------------------------------ single


  /**
   * Ends a single-result fast path whose float is in local {@code dr}: stores it if normal (the
   * common case falls through), or if zero and {@code zeroExact} (emitted; it jumps to
   * {@code slow} when the zero is not exact) falls through; everything else goes to the slow path,
   * which follows.
   */
  private void finishSingle(Insn in, Label slow, Label end, Runnable zeroExact) {
    Label zero = new Label();
    mv.visitVarInsn(FLOAD, dr);
    boolean sum = in.op == Opcode.FADD_S || in.op == Opcode.FSUB_S; // a tiny sum is exact
    mv.visitMethodInsn(INVOKESTATIC, FPU, sum ? "finiteS" : "normalS", "(F)Z", false);
    mv.visitJumpInsn(IFEQ, zero);
    mv.visitVarInsn(FLOAD, dr);
    storeSF(in.rd);
    mv.visitJumpInsn(GOTO, end);
    mv.visitLabel(zero);
    zeroJump(true, dr, IFNE, slow);
    zeroExact.run();
    mv.visitVarInsn(FLOAD, dr);
    storeSF(in.rd);
    slowCall(in, slow, end);
  }



  /**
   * Single add, subtract, multiply, divide in Java float arithmetic, which rounds to nearest
   * like the spec. A normal result is final (NX is already set); a zero result is exact for add
   * and subtract (only exact cancellation gives zero), and for multiply and divide when an
   * operand (the dividend) is zero, otherwise it underflowed.
   */
  private void binaryS(Insn in, int op) {
    Label slow = new Label();
    Label end = new Label();
    loadSF(in.rs1);
    mv.visitVarInsn(FSTORE, dx);
    loadSF(in.rs2);
    mv.visitVarInsn(FSTORE, dy);
    guards(in, slow);
    mv.visitVarInsn(FLOAD, dx);
    mv.visitVarInsn(FLOAD, dy);
    mv.visitInsn(op);
    mv.visitVarInsn(FSTORE, dr);
    finishSingle(in, slow, end, () -> {
      if (op == FMUL) {
        Label exact = new Label();
        zeroJump(true, dx, IFEQ, exact);
        zeroJump(true, dy, IFNE, slow);
        mv.visitLabel(exact);
      } else if (op == FDIV) {
        zeroJump(true, dx, IFNE, slow);
      }
    });
  }

  /** fsqrt.s: the double square root of a float rounds to the correctly rounded float. */
  private void sqrtS(Insn in) {
    Label slow = new Label();
    Label end = new Label();
    loadSF(in.rs1);
    mv.visitVarInsn(FSTORE, dx);
    guards(in, slow);
    mv.visitVarInsn(FLOAD, dx);
    mv.visitInsn(F2D);
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "sqrt", "(D)D", false);
    mv.visitInsn(D2F);
    mv.visitVarInsn(FSTORE, dr);
    finishSingle(in, slow, end, () -> { }); // sqrt is zero only for a zero operand
  }

  // ------------------------------------------------------------------ conversions

  /** fcvt.s.d: one rounding of a double to float. */
  private void cvtSD(Insn in) {
    Label slow = new Label();
    Label end = new Label();
    guards(in, slow);
    loadD(in.rs1, dx);
    mv.visitVarInsn(DLOAD, dx);
    mv.visitInsn(D2F);
    mv.visitVarInsn(FSTORE, dr);
    // A zero float is exact only for a zero double (else it underflowed).
    finishSingle(in, slow, end, () -> zeroJump(false, dx, IFNE, slow));
  }

  /** fcvt.d.s with rm = 0: exact widening; NaNs (canonicalized, maybe NV) go to Fpu. */
  private void cvtDS(Insn in) {
    Label slow = new Label();
    Label end = new Label();
    loadS(in.rs1, dr);
    mv.visitVarInsn(DLOAD, dr);
    mv.visitVarInsn(DLOAD, dr);
    mv.visitInsn(DCMPL);
    mv.visitJumpInsn(IFNE, slow); // NaN
    storeD(dr, in.rd);
    slowCall(in, slow, end);
  }

  /** fcvt.d.w with rm = 0: exact. */
  private void cvtDW(Insn in) {
    t.loadX(in.rs1);
    mv.visitInsn(L2I);
    mv.visitInsn(I2D);
    t.storeFDouble(in.rd);
  }

  /** fcvt.d.l, fcvt.s.l, fcvt.s.w: Java's int/long to float/double conversions round to nearest. */
  private void fromLong(Insn in, boolean word, boolean toDouble) {
    Label slow = new Label();
    Label end = new Label();
    guards(in, slow);
    t.loadX(in.rs1);
    if (word) {
      mv.visitInsn(L2I);
      mv.visitInsn(toDouble ? I2D : I2F);
    } else {
      mv.visitInsn(toDouble ? L2D : L2F);
    }
    if (toDouble) {
      t.storeFDouble(in.rd);
    } else {
      storeSF(in.rd);
    }
    slowCall(in, slow, end);
  }

  /**
   * fcvt.l.d, fcvt.w.d, fcvt.l.s, fcvt.w.s with rm = 1 (toward zero): Java's cast, for operands
   * strictly inside the target range (NaN fails both tests); out-of-range values saturate with NV
   * in Fpu.
   */
  private void truncate(Insn in, boolean word, boolean single) {
    Label slow = new Label();
    Label end = new Label();
    if (single) {
      loadS(in.rs1, dx);
    } else {
      loadD(in.rs1, dx);
    }
    guards(in, slow);
    mv.visitVarInsn(DLOAD, dx);
    mv.visitLdcInsn(word ? -2147483649.0 : -0x1p63);
    mv.visitInsn(DCMPL); // NaN: -1
    mv.visitJumpInsn(IFLE, slow);
    mv.visitVarInsn(DLOAD, dx);
    mv.visitLdcInsn(word ? 2147483648.0 : 0x1p63);
    mv.visitInsn(DCMPG); // NaN: 1
    mv.visitJumpInsn(IFGE, slow);
    mv.visitVarInsn(DLOAD, dx);
    if (word) {
      mv.visitInsn(D2I);
      mv.visitInsn(I2L);
    } else {
      mv.visitInsn(D2L);
    }
    t.storeX(in.rd);
    slowCall(in, slow, end);
  }

  // ------------------------------------------------------------------ comparisons

  private void compareJump(int dcmp, int cond, Label target) {
    mv.visitVarInsn(DLOAD, dx);
    mv.visitVarInsn(DLOAD, dy);
    mv.visitInsn(dcmp);
    mv.visitJumpInsn(cond, target);
  }

  /**
   * feq, flt or fle whose result only decides a branch: jumps to {@code isTrue} or {@code isFalse}
   * (which store 1 or 0 into rd themselves); an unordered pair calls {@code Fpu} (flags, and rd =
   * 0) and goes to {@code decidedFalse}, past {@code isFalse}'s store.
   */
  void compareBranch(Insn in, Label isTrue, Label isFalse, Label decidedFalse) {
    Label start = new Label();
    Label end = new Label();
    mv.visitLabel(start);
    orderedJumps(in, isTrue, isFalse);
    call(in);
    mv.visitJumpInsn(GOTO, decidedFalse);
    mv.visitLabel(end);
    bytes += end.getOffset() - start.getOffset();
  }

  /** True for the compares {@link #compareBranch} takes: all of feq, flt and fle, D and S. */
  static boolean isCompare(Insn in) {
    return compareCond(in) != 0;
  }

  /** The condition a compare's dcmpg result is tested with (0: not a compare). */
  private static int compareCond(Insn in) {
    switch (in.op) {
      case FEQ_D: case FEQ_S: return IFEQ;
      case FLT_D: case FLT_S: return IFLT;
      case FLE_D: case FLE_S: return IFLE;
      default: return 0;
    }
  }

  /**
   * A compare's operands as doubles (singles widened, exactly), then two ordered tests, each with
   * the NaN-excluding flavour of dcmp (dcmpg gives 1 for NaN, dcmpl -1): jumps to {@code isTrue}
   * or {@code isFalse}, and an unordered pair falls through both. C2 turns the pair into one
   * ucomisd and branches.
   */
  private void orderedJumps(Insn in, Label isTrue, Label isFalse) {
    if (in.op == Opcode.FEQ_S || in.op == Opcode.FLT_S || in.op == Opcode.FLE_S) {
      loadS(in.rs1, dx);
      loadS(in.rs2, dy);
    } else {
      loadD(in.rs1, dx);
      loadD(in.rs2, dy);
    }
    int cond = compareCond(in);
    compareJump(DCMPG, cond, isTrue); // flt: x < y; fle: x <= y; feq: x == y (dcmpl below)
    if (cond == IFEQ) {
      compareJump(DCMPL, IFGT, isFalse); // x > y
      compareJump(DCMPG, IFLT, isFalse); // x < y
    } else {
      compareJump(DCMPL, cond == IFLT ? IFGE : IFGT, isFalse);
    }
  }

  /** feq, flt, fle: with no NaN operand the answer is Java's comparison and no flag changes. */
  private void compare(Insn in) {
    Label slow = new Label();
    Label end = new Label();
    Label one = new Label();
    Label store = new Label();
    Label zero = new Label();
    orderedJumps(in, one, zero);
    mv.visitJumpInsn(GOTO, slow);
    mv.visitLabel(zero);
    mv.visitInsn(LCONST_0);
    mv.visitJumpInsn(GOTO, store);
    mv.visitLabel(one);
    mv.visitInsn(LCONST_1);
    mv.visitLabel(store);
    t.storeX(in.rd);
    slowCall(in, slow, end);
  }
}
