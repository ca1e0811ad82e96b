package dev.rvjit.jit;

import static org.objectweb.asm.Opcodes.*;

import dev.rvjit.memory.LoopRuns;
import java.util.Map;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Emits the skip of a loop's passes ({@link LoopSkips}) into a unit's method, where the loop is
 * entered (for {@link Translator}, which places it before the loop's range tests).
 */
final class SkipCode {
  private static final String RUNS = "dev/rvjit/memory/LoopRuns";
  private static final String MEM = "dev/rvjit/memory/Memory";

  private final Translator t;
  private final MethodVisitor mv;
  /** First of the eight locals the counted loop uses (see Translator's skipSlot). */
  private final int slot;
  /** Instructions compiled code may retire in one pass through the region. */
  private final long regionInsns;

  SkipCode(Translator t, MethodVisitor mv, int slot, long regionInsns) {
    this.t = t;
    this.mv = mv;
    this.slot = slot;
    this.regionInsns = regionInsns;
  }

  /**
   * The skip of a loop's passes ({@link LoopSkips}), made where it is entered, before its range
   * tests. It works out how many passes the budget and the loop's pointer tests let go back, and
   * how many of those touch only memory the fast paths reach ({@link LoopRuns}); then a plain
   * counted loop over the element streams (no budget count, no safepoint poll, no range test,
   * few live values) runs them: compares or scans until the data test would leave, or copies or
   * fills. The pass that leaves is left to the loop's own code (and the whole pass before it,
   * unless {@link LoopSkips.Plan#freshBeforeTests}). Then the pointers, the budget
   * (and the block counts) move on by the passes skipped.
   */
  void emit(LoopSkips.Plan p) {
    final int ptrA = slot;
    final int ptrB = slot + 2;
    final int val = slot + 4;
    final int idx = slot + 6;
    final int cnt = slot + 7;
    boolean stores = p.store != null;
    Label done = new Label();
    // Passes that go back as far as the budget is concerned (plus the one kept): the skipped
    // passes must leave at least regionInsns, as each back edge's check would have.
    int keep = p.freshBeforeTests ? 0 : 1; // whole passes left to the loop's own code
    mv.visitVarInsn(LLOAD, Translator.REMAIN);
    t.pushLong(regionInsns);
    mv.visitInsn(LSUB);
    t.pushLong(p.len);
    mv.visitInsn(LDIV);
    t.pushLong(keep);
    mv.visitInsn(LADD);
    t.pushLong(LoopRuns.MAX_PASSES);
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "min", "(JJ)J", false);
    for (LoopSkips.PtrExit e : p.exits) {
      pushSum(e.d);
      t.pushLong(e.step);
      mv.visitInsn(e.whenEqual ? ICONST_1 : ICONST_0);
      mv.visitMethodInsn(INVOKESTATIC, RUNS, "untilFire", "(JJZ)J", false);
      mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "min", "(JJ)J", false);
    }
    mv.visitVarInsn(LSTORE, Translator.TMP);
    below(done, keep + 1);
    // The streams' fast passes: every load (stores: on pages that take plain stores). The first
    // pass the loop's own code runs must be one of them too (else a fault there would leave
    // registers set earlier in that pass as the skipped passes left them): with none kept, one
    // more fast pass is asked for than are skipped.
    if (keep == 0) {
      mv.visitVarInsn(LLOAD, Translator.TMP);
      mv.visitInsn(LCONST_1);
      mv.visitInsn(LADD);
      mv.visitVarInsn(LSTORE, Translator.TMP);
    }
    for (LoopSkips.Access a : p.loads) {
      pushSum(a.addr);
      if (p.a >= 0 && p.loads.get(p.a) == a) {
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, ptrA);
      } else if (p.b >= 0 && p.loads.get(p.b) == a) {
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, ptrB);
      }
      t.pushLong(a.stride);
      t.pushInt(a.size());
      mv.visitVarInsn(LLOAD, Translator.TMP);
      mv.visitMethodInsn(INVOKESTATIC, RUNS, "loads", "(JJIJ)J", false);
      mv.visitVarInsn(LSTORE, Translator.TMP);
    }
    if (stores) {
      mv.visitVarInsn(ALOAD, Translator.MEMV);
      pushSum(p.store.addr);
      mv.visitInsn(DUP2);
      mv.visitVarInsn(LSTORE, ptrB);
      t.pushLong(p.store.stride);
      t.pushInt(p.store.size());
      mv.visitVarInsn(LLOAD, Translator.TMP);
      mv.visitMethodInsn(INVOKESTATIC, RUNS, "stores", "(L" + MEM + ";JJIJ)J", false);
      mv.visitVarInsn(LSTORE, Translator.TMP);
    }
    if (keep == 0) {
      mv.visitVarInsn(LLOAD, Translator.TMP);
      mv.visitInsn(LCONST_1);
      mv.visitInsn(LSUB);
      mv.visitVarInsn(LSTORE, Translator.TMP);
    }
    if (p.value != null) {
      pushSum(p.value);
      mv.visitVarInsn(LSTORE, val);
    }
    below(done, keep + 1);
    // The count: loops that read run up to n passes and stop at the one whose data test would
    // leave; loops that store run n (less the one kept): every pass goes back.
    mv.visitVarInsn(LLOAD, Translator.TMP);
    if (stores && keep > 0) {
      mv.visitInsn(LCONST_1);
      mv.visitInsn(LSUB);
    }
    t.pushLong(1L << 30);
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "min", "(JJ)J", false);
    mv.visitInsn(L2I);
    mv.visitVarInsn(ISTORE, cnt);
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ISTORE, idx);
    Label head = new Label();
    Label out = new Label();
    mv.visitLabel(head);
    mv.visitVarInsn(ILOAD, idx);
    mv.visitVarInsn(ILOAD, cnt);
    mv.visitJumpInsn(IF_ICMPGE, out);
    LoopSkips.Access a = p.a >= 0 ? p.loads.get(p.a) : null;
    switch (p.shape) {
      case COMPARE:
      case SCAN:
        load(a, ptrA);
        if (p.shape == LoopSkips.Shape.COMPARE) {
          load(p.loads.get(p.b), ptrB);
        } else {
          mv.visitVarInsn(LLOAD, val);
        }
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(p.whenEqual ? IFEQ : IFNE, out); // this pass's data test would leave
        break;
      case COPY:
        mv.visitVarInsn(ALOAD, Translator.MEMV);
        mv.visitVarInsn(LLOAD, ptrB);
        load(a, ptrA);
        store(p.store);
        break;
      default: // FILL
        mv.visitVarInsn(ALOAD, Translator.MEMV);
        mv.visitVarInsn(LLOAD, ptrB);
        mv.visitVarInsn(LLOAD, val);
        store(p.store);
        break;
    }
    mv.visitIincInsn(idx, 1);
    if (a != null) {
      mv.visitVarInsn(LLOAD, ptrA);
      t.pushLong(a.stride);
      mv.visitInsn(LADD);
      mv.visitVarInsn(LSTORE, ptrA);
    }
    if (p.shape == LoopSkips.Shape.COMPARE || stores) {
      mv.visitVarInsn(LLOAD, ptrB);
      t.pushLong(p.shape == LoopSkips.Shape.COMPARE ? p.loads.get(p.b).stride : p.store.stride);
      mv.visitInsn(LADD);
      mv.visitVarInsn(LSTORE, ptrB);
    }
    mv.visitJumpInsn(GOTO, head);
    mv.visitLabel(out);
    // Passes skipped: all that ran for a loop that stores, else those completed (less the one
    // kept).
    mv.visitVarInsn(ILOAD, idx);
    mv.visitInsn(I2L);
    if (!stores && keep > 0) {
      mv.visitInsn(LCONST_1);
      mv.visitInsn(LSUB);
    }
    mv.visitVarInsn(LSTORE, Translator.TMP);
    below(done, 1);
    for (Map.Entry<Integer, Long> e : p.steps.entrySet()) {
      t.loadX(e.getKey());
      mv.visitVarInsn(LLOAD, Translator.TMP);
      t.pushLong(e.getValue());
      mv.visitInsn(LMUL);
      mv.visitInsn(LADD);
      t.storeX(e.getKey());
    }
    mv.visitVarInsn(LLOAD, Translator.REMAIN);
    mv.visitVarInsn(LLOAD, Translator.TMP);
    t.pushLong(p.len);
    mv.visitInsn(LMUL);
    mv.visitInsn(LSUB);
    mv.visitVarInsn(LSTORE, Translator.REMAIN);
    for (long pc : p.blocks) {
      t.countEntries(pc, Translator.TMP);
    }
    mv.visitLabel(done);
  }

  /** Jumps to {@code done} if the long in {@code Translator.TMP} is below {@code min}. */
  private void below(Label done, long min) {
    mv.visitVarInsn(LLOAD, Translator.TMP);
    t.pushLong(min);
    mv.visitInsn(LCMP);
    mv.visitJumpInsn(IFLT, done);
  }

  /** Pushes the element of load {@code a} at the address in long local {@code ptr} (fast). */
  private void load(LoopSkips.Access a, int ptr) {
    mv.visitVarInsn(ALOAD, Translator.MEMV);
    mv.visitVarInsn(LLOAD, ptr);
    mv.visitInsn(ICONST_1);
    mv.visitMethodInsn(INVOKEVIRTUAL, MEM, a.op.name().toLowerCase(java.util.Locale.ROOT),
        "(JZ)J", false);
  }

  /** Stores (fast) with memory, address and value on the stack. */
  private void store(LoopSkips.Access s) {
    mv.visitInsn(ICONST_1);
    mv.visitMethodInsn(INVOKEVIRTUAL, MEM, s.op.name().toLowerCase(java.util.Locale.ROOT),
        "(JJZ)V", false);
  }

  /** Pushes the value of {@code l} from the current registers. */
  private void pushSum(LoopSkips.Lin l) {
    t.pushLong(l.c);
    for (int r = 1; r < 32; r++) {
      if (l.k[r] != 0) {
        t.loadX(r);
        if (l.k[r] != 1) {
          t.pushLong(l.k[r]);
          mv.visitInsn(LMUL);
        }
        mv.visitInsn(LADD);
      }
    }
  }
}
