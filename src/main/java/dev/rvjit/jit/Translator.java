package dev.rvjit.jit;

import static org.objectweb.asm.Opcodes.*;

import dev.rvjit.interp.Block;
import dev.rvjit.isa.Insn;
import dev.rvjit.isa.Kind;
import dev.rvjit.isa.Opcode;
import dev.rvjit.jit.LoopWindows.WinBase;
import dev.rvjit.jit.LoopWindows.Window;
import dev.rvjit.memory.Memory;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Turns a {@link Region} into the bytes of a class extending
 * {@link dev.rvjit.interp.CompiledCode}, whose {@code run} method holds the whole region.
 *
 * <p>Shape of the generated method: guest registers the region uses live in JVM locals (loaded
 * once at entry, written back at every exit and trap), so HotSpot keeps them in machine
 * registers; each guest block is a label, and branches between blocks of the region are direct
 * jumps, so a hot loop never leaves the method. Every block takes its length off a local that
 * counts down the instruction budget ({@code --max-insns}), which is checked where control may
 * repeat (backward and indirect jumps) and at entry, against the size of the whole region. The
 * dispatcher caps that budget at each entry, which is how another thread stops a guest spinning in
 * a compiled loop: the generated code reads no volatile field. Instruction semantics are not restated here: each instruction becomes a call to the same static method the
 * interpreter calls (by {@link Kind}), which HotSpot inlines.
 *
 * <p>System instructions (ecall, ebreak, fence.i) and invalid encodings leave the unit just
 * before them; the interpreter executes them, so their effects are written down once.
 */
final class Translator {
  static final String SUPER = "dev/rvjit/interp/CompiledCode";
  private static final String HART = "dev/rvjit/cpu/Hart";
  private static final String IW = "dev/rvjit/jit/IndexWindows";
  private static final String MEM = "dev/rvjit/memory/Memory";
  private static final String ALU = "dev/rvjit/cpu/Alu";
  private static final String ATOMICS = "dev/rvjit/cpu/Atomics";
  private static final String CSR = "dev/rvjit/cpu/Csr";
  private static final String TRAP = "dev/rvjit/cpu/GuestTrap";
  private static final String INSN_ARRAY = "[Ldev/rvjit/isa/Insn;";
  /**
   * {@code -Drvjit.jit.lazyStores=true} turns off {@link #xEager} (every written register is
   * written back at exits only), for side-by-side measurements. For diagnosis only.
   */
  static final boolean EAGER_STORES = !Boolean.getBoolean("rvjit.jit.lazyStores");
  /**
   * {@code -Drvjit.jit.memRegs=false} keeps every x register a unit uses in a local loaded at
   * entry ({@link #xMem} stays empty), for side-by-side measurements. Measured against that, same
   * units, A/B on one core: strings 1.05, 1.08, 1.08; sha256 1.13, 1.18; cxx 1.03, 1.02; nbody
   * 1.05, 1.08; bytecode 1.02, 1.06; qsort 1.04, 0.98 (README, twenty-third session).
   */
  static final boolean MEM_REGS = !"false".equals(System.getProperty("rvjit.jit.memRegs"));
  /**
   * Unit classes are class files of version 49 (Java 5), which carry no stack map frames: the
   * JVM checks them with its type-inferring verifier, in the VM's own native code. Frames for a
   * version 50+ file would have to come from ASM's {@code COMPUTE_FRAMES}, a data-flow analysis
   * over every instruction that ran on the translator thread and was itself Java code HotSpot had
   * to compile (C2 spent more time on ASM's frame code than on any unit): without it, cxx 180000
   * ran end to end in 0.90x the time (11.51 s against 12.86 s, one CPU, medians of 3 alternating
   * runs; translation 2.8 s against 3.5 s). A unit uses nothing a version-49 file cannot hold.
   * {@code -Drvjit.jit.stackMaps=true} makes version-61 files with computed frames instead (for
   * comparison, or for a JVM that no longer verifies old class files). The two verifiers are not
   * equally strict (ASM's frame pass also replaces unreachable code), so a unit the JVM refuses
   * as a version-49 file is made again with frames ({@code Jit}: "re-made with stack maps" in
   * {@code --stats}).
   */
  static final boolean STACK_MAPS = Boolean.getBoolean("rvjit.jit.stackMaps");
  /**
   * {@code -Drvjit.jit.callEntries=false}: the functions an integer region calls directly are
   * entries only where {@link Region#entryPlan} makes them so (see {@link #planEntries}). For
   * side-by-side measurements.
   */
  static final boolean CALL_ENTRIES = !"false".equals(System.getProperty("rvjit.jit.callEntries"));
  private static final String CTOR_DESC = "(I" + INSN_ARRAY + "[I[J)V";

  // Local variable slots of run(Hart h, long limit).
  private static final int THIS = 0;
  private static final int H = 1;
  private static final int LIMIT = 2;
  private static final int XARR = 4;
  private static final int FARR = 5;
  static final int MEMV = 6;
  /**
   * Instructions the budget still allows: {@code limit - h.instret} at entry, less each block's
   * length as it starts. So instret is {@code limit - REMAIN} at every point ({@link
   * #pushRetired}), and one local, counting down, is both the instruction count and the budget
   * test (a counter and a budget were two: register pressure in loops such as sha256's).
   */
  static final int REMAIN = 7;
  private static final int TRAPIDX = 9;
  private static final int EXIT = 10;
  private static final int NEXTPC = 11;
  static final int TMP = 13;
  private static final int FIRST_FREE = 15;
  // From FIRST_FREE on, slots are handed out densely (allocateLocals) to the registers the region
  // uses, so frames, verification and HotSpot's compilers see few locals: x registers (longs),
  // f registers (doubles), FpInline's mode int, four double temporaries and single views.
  private final int[] xSlot = new int[32];
  private final int[] fSlot = new int[32];
  private final int[] viewSlot = new int[32];

  /** Result of a translation. */
  static final class Output {
    final byte[] classBytes;
    final String className;
    final int codeSize;
    /** Bytes of {@link #codeSize} that are inline FP fast and slow paths ({@link FpInline}). */
    final int fpInlineBytes;
    final int exits;
    final Insn[] trapInsns;
    final int[] trapAdjust;
    final List<Long> exitTargets;
    /** Start pcs of the blocks the unit may be entered at. */
    final java.util.Set<Long> entries;
    /** The region uses f registers (then every block is an entry: see planEntries). */
    final boolean usesFp;

    Output(byte[] classBytes, String className, int codeSize, int fpInlineBytes, int exits,
        Insn[] trapInsns, int[] trapAdjust, List<Long> exitTargets,
        java.util.Set<Long> entries, boolean usesFp) {
      this.entries = entries;
      this.usesFp = usesFp;
      this.fpInlineBytes = fpInlineBytes;
      this.classBytes = classBytes;
      this.className = className;
      this.codeSize = codeSize;
      this.exits = exits;
      this.trapInsns = trapInsns;
      this.trapAdjust = trapAdjust;
      this.exitTargets = exitTargets;
    }
  }

  private final Region region;
  /** Blocks the dispatcher may enter the unit at ({@link Region#entryPlan}). */
  private java.util.Set<Long> entries;
  /** Blocks copied to lead the region entry to the head of its loop ({@link Region#entryPlan}). */
  private List<Long> shadow;
  /** Labels of the copies in {@link #shadow}. */
  private final Map<Long, Label> shadowLabels = new HashMap<>();
  /** True while the copies in {@link #shadow} are emitted (jumps go to other copies first). */
  private boolean inShadow;
  /** Emit per-block entry counters (for profiles); costs a little speed. */
  private final boolean countBlocks;
  private final Map<Long, Integer> blockIndex = new HashMap<>();
  private final Map<Long, Label> labels = new HashMap<>();
  private final BitSet xUsed = new BitSet(32);
  private final BitSet xWritten = new BitSet(32);
  /**
   * x registers written only outside the unit's loops: each write also goes to {@code h.x} at
   * once, so their values need not stay live to the unit's exits and trap handler (which write
   * back only the other written registers). See {@link #storeX}.
   */
  private final BitSet xEager = new BitSet(32);
  /**
   * x registers the unit reads from {@code h.x} wherever it uses them instead of keeping them in
   * locals: those no loop of the region writes (a write outside loops goes to {@code h.x} at once,
   * see {@link #xEager}). Nothing is loaded for them at entry: C2 loads what a path reads and may
   * share repeated loads, forward the unit's own stores and hoist loads out of loops (no loop
   * stores to {@code h.x}). See {@link #MEM_REGS}.
   */
  private final BitSet xMem = new BitSet(32);
  private final BitSet fUsed = new BitSet(32);
  private final BitSet fWritten = new BitSet(32);
  /** f registers whose single view FpInline keeps (read by inline single operations). */
  private final BitSet singleViews = new BitSet(32);
  private final List<Insn> trapInsns = new ArrayList<>();
  private final List<Integer> trapAdjust = new ArrayList<>();
  private final List<Long> exitTargets = new ArrayList<>();
  private MethodVisitor mv;
  private FpInline fp;
  private Label epilogue;
  /** Instructions compiled code may retire in one pass through the region. */
  private long regionInsns;
  /** Per block: its checked groups of accesses by instruction index ({@link #planGroups}). */
  private final Map<Block, Group[]> groups = new HashMap<>();
  /** The groups of the block being emitted. */
  private Group[] blockGroups;
  /** The window of each block of a loop whose range tests are made once ({@link LoopWindows}). */
  private Map<Long, Window> windowOf = Collections.emptyMap();
  /** The block being emitted (null in the entry code). */
  private Block curBlock;
  /** First of the windows' int locals: a covered base register's is {@code winSlot + slot}. */
  private int winSlot;
  private int winCount;
  /**
   * First of the eight locals of the skips' counted loops ({@link SkipCode}): two stream
   * pointers and a value (longs), a pass index and a count (ints).
   */
  private int skipSlot;
  /** Most groups in one block: each gets an int local from {@link #groupSlot} on. */
  private int maxGroups;
  private int groupSlot;
  /** Most double sums in one run checked together ({@link #sumRun}). */
  private static final int SUM_RUN = 4;
  /** The first of {@link #SUM_RUN} double locals that hold a run's results until its check. */
  private int sumSlot;
  /**
   * Per block: the x registers known to hold a sign-extended 32-bit value whenever the block
   * starts ({@link #planSext}); {@link #sext} follows them through the block being emitted.
   */
  private final Map<Long, BitSet> sextIn = new HashMap<>();
  private BitSet sext = new BitSet(32);
  /** Code emitted already (a jump to it may close a loop). */
  private final java.util.Set<Label> emitted = new java.util.HashSet<>();

  /** Whether this translation writes a version-61 file with frames ({@link #STACK_MAPS}). */
  private final boolean stackMaps;

  /**
   * {@code -Drvjit.jit.fpRanges=false} turns the range analysis of double-precision code off
   * ({@link FpRanges}); a region with a block that missed its ranges before is compiled without it.
   */
  static final boolean FP_RANGES = !"false".equals(System.getProperty("rvjit.jit.fpRanges"));
  /** The range analysis of this unit (see {@link #planRanges}); null when it does not use one. */
  private RangePlan rangePlan;
  /** The range state at the instruction being emitted; null with the analysis off. */
  private FpRanges.State ranges;
  /** Operands the analysis checks before the instruction being emitted. */
  private final BitSet operandChecks = new BitSet(32);
  /** What the analysis decided for the instruction being emitted. */
  private FpRanges.Decision rangeDecision = FpRanges.Decision.LEGACY;
  /** Where compiled code throws {@link dev.rvjit.cpu.RangeMiss} (emitted if used). */
  private final Label missLabel = new Label();
  private boolean missUsed;
  /**
   * Bytes of the range analysis' entry checks and trap-index stores: counted with the inline FP
   * code ({@link Output#fpInlineBytes}), not against the size caps.
   */
  private int rangeBytes;

  private Translator(Region region, boolean countBlocks, boolean stackMaps) {
    this.region = region;
    this.countBlocks = countBlocks;
    this.stackMaps = stackMaps;
  }

  /**
   * Translates a region; the class is named after its entry address. With {@code countBlocks},
   * the code counts the entries of each block into {@code CompiledCode.blockCounts} (region
   * order).
   */
  static Output translate(Region region, boolean countBlocks) {
    return new Translator(region, countBlocks, STACK_MAPS).run();
  }

  /** {@link #translate} as a version-61 class file with frames computed by ASM. */
  static Output translateWithStackMaps(Region region, boolean countBlocks) {
    return new Translator(region, countBlocks, true).run();
  }

  /** Name of the class for a unit entered at {@code pc} (visible in javap and stack traces). */
  static String className(long pc) {
    return String.format("dev/rvjit/jit/Unit_%x", pc);
  }

  private Output run() {
    scanRegisters();
    planEntries();
    planWindows();
    planSext();
    planRanges();
    for (Block b : region.blocks.values()) {
      regionInsns += compiledLength(b);
    }
    for (long pc : shadow) {
      regionInsns += compiledLength(region.blocks.get(pc));
      shadowLabels.put(pc, new Label());
    }
    String name = className(region.entry.pc);
    ClassWriter cw = new ClassWriter(
        stackMaps ? ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS : ClassWriter.COMPUTE_MAXS) {
      @Override
      protected String getCommonSuperClass(String a, String b) {
        return "java/lang/Object";
      }
    };
    cw.visit(stackMaps ? V17 : V1_5, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, SUPER, null);
    cw.visitSource(String.format("guest@%x", region.entry.pc), null);

    mv = cw.visitMethod(ACC_PUBLIC, "run", "(L" + HART + ";J)I", null, null);
    mv.visitCode();
    int next = allocateLocals();
    fp = new FpInline(this, mv, H, next + 1, next + 3, next + 5, next + 7, viewSlot, singleViews,
        next);
    Label codeStart = new Label();
    Label codeEnd = new Label();
    Label handler = new Label();
    epilogue = new Label();
    prologue();
    for (Block b : region.blocks.values()) {
      blockIndex.put(b.pc, labels.size());
      labels.put(b.pc, new Label());
    }
    // Decline (exit -1, nothing changed) when the budget may not cover one pass through the
    // region: the dispatcher then interprets the block, which counts exactly.
    Label enough = new Label();
    pushLong(regionInsns);
    mv.visitVarInsn(LLOAD, REMAIN);
    mv.visitInsn(LCMP);
    mv.visitJumpInsn(IFLE, enough);
    mv.visitInsn(ICONST_M1);
    mv.visitInsn(IRETURN);
    mv.visitLabel(enough);
    mv.visitTryCatchBlock(codeStart, codeEnd, handler, TRAP);
    mv.visitLabel(codeStart);
    emitEntrySwitch();
    inShadow = true; // first, so that without a switch the code starts with the entry's copy
    for (long pc : shadow) {
      emitBlock(region.blocks.get(pc));
    }
    inShadow = false;
    for (Block b : region.blocks.values()) {
      emitBlock(b);
    }
    if (missUsed) {
      // Inside the protected range: the handler makes the hart exact at the instruction whose
      // trap index is set, then the dispatcher interprets from there.
      mv.visitLabel(missLabel);
      mv.visitTypeInsn(NEW, "dev/rvjit/cpu/RangeMiss");
      mv.visitInsn(DUP);
      mv.visitMethodInsn(INVOKESPECIAL, "dev/rvjit/cpu/RangeMiss", "<init>", "()V", false);
      mv.visitInsn(ATHROW);
    }
    mv.visitLabel(codeEnd);
    emitEpilogue();
    emitHandler(handler);
    Label methodEnd = new Label();
    mv.visitLabel(methodEnd);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    int codeSize = methodEnd.getOffset();

    emitConstructor(cw);
    cw.visitEnd();
    int[] adj = new int[trapAdjust.size()];
    for (int i = 0; i < adj.length; i++) {
      adj[i] = trapAdjust.get(i);
    }
    return new Output(cw.toByteArray(), name, codeSize, fp.bytes + rangeBytes, exitTargets.size(),
        trapInsns.toArray(new Insn[0]), adj, exitTargets, entries, !fUsed.isEmpty());
  }

  private void emitConstructor(ClassWriter cw) {
    MethodVisitor c = cw.visitMethod(ACC_PUBLIC, "<init>", CTOR_DESC, null, null);
    c.visitCode();
    c.visitVarInsn(ALOAD, 0);
    c.visitVarInsn(ILOAD, 1);
    c.visitVarInsn(ALOAD, 2);
    c.visitVarInsn(ALOAD, 3);
    c.visitVarInsn(ALOAD, 4);
    c.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", CTOR_DESC, false);
    c.visitInsn(RETURN);
    c.visitMaxs(0, 0);
    c.visitEnd();
  }

  /**
   * The dispatcher calls the unit with {@code h.pc} at the block it is about to run; this switch
   * jumps there. Only the blocks {@link #planEntries} chose are entries (in integer code the
   * region entry, blocks outside cycles and one head per cycle), so every guest loop has a single
   * way in and stays reducible for C2. Measured against making every block an entry (a loop
   * entered in the middle is irreducible, and C2 then hoists nothing out of it): see README,
   * Performance.
   */
  private void emitEntrySwitch() {
    Map<Long, Label> stubs = new HashMap<>();
    if (rangePlan != null) {
      for (long pc : entries.size() < 2 ? java.util.Set.of(region.entry.pc) : entries) {
        if (!entryChecks(pc).isEmpty()) {
          stubs.put(pc, new Label());
        }
      }
    }
    if (entries.size() < 2) {
      // The default entry only (always so when the span is too wide for the switch).
      Label stub = stubs.get(region.entry.pc);
      if (stub != null) {
        mv.visitJumpInsn(GOTO, stub);
        emitEntryStubs(stubs);
      }
      return;
    }
    mv.visitVarInsn(ALOAD, H);
    mv.visitFieldInsn(GETFIELD, HART, "pc", "J");
    pushLong(region.start());
    mv.visitInsn(LSUB);
    mv.visitInsn(L2I);
    java.util.function.LongFunction<Label> target = pc -> {
      Label stub = stubs.get(pc);
      return stub != null ? stub : entryTarget(pc);
    };
    blockSwitch(target.apply(region.entry.pc), entries, target);
    emitEntryStubs(stubs);
  }

  /**
   * The registers an entry must check: those the range analysis knows something of where the
   * block starts and that the block's code relies on before writing them.
   */
  private List<Integer> entryChecks(long pc) {
    List<Integer> regs = new ArrayList<>();
    if (rangePlan == null) {
      return regs;
    }
    FpRanges.State in = rangePlan.in(pc);
    BitSet live = rangePlan.relied(pc);
    if (in == null || live == null) {
      return regs;
    }
    for (int r = live.nextSetBit(0); r >= 0; r = live.nextSetBit(r + 1)) {
      if (in.known(r)) {
        regs.add(r);
      }
    }
    return regs;
  }

  /**
   * For each entry with range checks: tests each register against what the analysis assumes
   * where the block starts, declining the entry (-2, nothing changed) if one is out of range.
   */
  private void emitEntryStubs(Map<Long, Label> stubs) {
    if (stubs.isEmpty()) {
      return;
    }
    Label decline = new Label();
    Label from = new Label();
    mv.visitLabel(from);
    for (Map.Entry<Long, Label> e : stubs.entrySet()) {
      long pc = e.getKey();
      mv.visitLabel(e.getValue());
      FpRanges.State in = rangePlan.in(pc);
      for (int r : entryChecks(pc)) {
        int[] t = FpRanges.entryTest(in, r);
        loadFDouble(r);
        pushInt(t[0]);
        pushInt(t[1]);
        mv.visitInsn(in.zero[r] ? ICONST_1 : ICONST_0);
        mv.visitInsn(in.nonneg[r] ? ICONST_1 : ICONST_0);
        mv.visitMethodInsn(INVOKESTATIC, "dev/rvjit/cpu/Fpu", "inExponentRange", "(DIIZZ)Z",
            false);
        mv.visitJumpInsn(IFEQ, decline);
      }
      mv.visitJumpInsn(GOTO, entryTarget(pc));
    }
    mv.visitLabel(decline);
    pushInt(-2);
    mv.visitInsn(IRETURN);
    Label to = new Label();
    mv.visitLabel(to);
    rangeBytes += to.getOffset() - from.getOffset();
  }

  /** Where the entry switch sends the dispatcher for entry {@code pc}. */
  private Label entryTarget(long pc) {
    Label copy = pc == region.entry.pc ? shadowLabels.get(pc) : null;
    if (copy != null) {
      return copy;
    }
    Window w = windowOf.get(pc);
    return w != null && w.head == pc ? w.pre : labels.get(pc);
  }

  /** A lookupswitch on the int offset (from the region's start) on the stack to block labels. */
  private void blockSwitch(Label dflt, java.util.Collection<Long> pcs,
      java.util.function.LongFunction<Label> labelOf) {
    long start = region.start();
    List<Long> sorted = new ArrayList<>(pcs);
    sorted.sort(Long::compareUnsigned);
    int[] keys = new int[sorted.size()];
    Label[] targets = new Label[sorted.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = (int) (sorted.get(i) - start);
      targets[i] = labelOf.apply(sorted.get(i));
    }
    mv.visitLookupSwitchInsn(dflt, keys, targets);
  }

  /**
   * Chooses the unit's entries. Integer code gets {@link Region#entryPlan}: loops with one way in,
   * which C2 optimizes (measured, steady state, against every block an entry: sieve 1.5x,
   * bytecode 1.12x, strings 1.10x, qsort 1.05x faster, cxx unchanged). A region with
   * floating-point instructions keeps every block an entry: there the reducible loops came out
   * slower (mandelbrot 1.46x, nbody 1.24x; the profiler put mandelbrot's loss in its
   * single-precision unit, 4x the samples), which is not understood yet.
   *
   * <p>An integer region also makes every function it calls directly an entry, though the call
   * and the return put the function on a cycle of the region (a caller's loop around the call):
   * other callers reach the function from outside the unit, and without the entry each such
   * way in became a unit of its own that copied the same code from another block (strings made
   * 13 overlapping units of memcpy and its word copy, each of about 24 blocks, handing over
   * about 11 times per call). Measured against {@code -Drvjit.jit.callEntries=false}, A/B on one
   * core: strings' guest rate 1.06, 1.05 (same units) and 1.04, 1.01, 1.07
   * (compiling in the background); cxx 1.00, 1.01 and 1.14, 1.03; sha256 0.997, 0.992; whole
   * qsort runs 1.03, 1.03, 1.16 (though 0.90, 0.90 at 8-25 s with the same units). Return sites
   * made entries too: strings 1.05, 1.07, but cxx 0.96, 0.97; measured again the next session,
   * strings 1.00, 0.98, 0.99 and cxx 0.98, 0.96, 0.97 (same units), so they are not.
   */
  private void planEntries() {
    Region.EntryPlan plan = fUsed.isEmpty() ? region.entryPlan() : null;
    if (!smallSpan(region)) {
      entries = java.util.Set.of(region.entry.pc); // no switch: offsets must fit its int keys
    } else {
      entries = new java.util.HashSet<>(plan != null ? plan.entries : region.blocks.keySet());
      if (plan != null && CALL_ENTRIES) {
        entries.addAll(calledFunctions());
      }
      // A block that is only a system instruction has nothing for a unit to run: entered there,
      // the unit would leave at once at the same pc and the dispatcher would enter it again, for
      // ever. The interpreter runs such a block (SystemBlockEntryTest).
      entries.removeIf(pc -> compiledLength(region.blocks.get(pc)) == 0);
    }
    shadow = plan != null ? plan.shadow : List.of();
  }

  /**
   * The blocks of the region that one of its calls ({@code jal} linking ra or t0) jumps to: the
   * start of a function the region holds.
   */
  private java.util.Set<Long> calledFunctions() {
    java.util.Set<Long> out = new java.util.HashSet<>();
    for (Block b : region.blocks.values()) {
      Insn in = b.last();
      if (in.op.kind == Kind.JAL && (in.rd == 1 || in.rd == 5) && region.contains(in.pc + in.imm)) {
        out.add(in.pc + in.imm);
      }
    }
    return out;
  }

  /**
   * Where a jump to block {@code pc} goes from the code being emitted: within the lead-in copies
   * to the copy, else to the block itself; null if the block is not in the region.
   */
  private Label labelOf(long pc) {
    Label copy = inShadow ? shadowLabels.get(pc) : null;
    if (copy != null) {
      return copy;
    }
    Window w = windowOf.get(pc);
    if (w != null && w.head == pc
        && (inShadow || curBlock == null || windowOf.get(curBlock.pc) != w)) {
      return w.pre; // into the loop from outside it: through its range tests
    }
    return labels.get(pc);
  }

  /** True if every block's offset from the region's start fits an int (switch keys). */
  static boolean smallSpan(Region r) {
    return r.end() - r.start() < Integer.MAX_VALUE;
  }

  // ------------------------------------------------------------------ register bookkeeping

  private void scanRegisters() {
    java.util.Set<Long> cyclic = EAGER_STORES ? region.cyclicBlocks() : java.util.Set.of();
    BitSet writtenInLoops = new BitSet(32);
    for (Block b : region.blocks.values()) {
      BitSet writes = blockWrites(b);
      xWritten.or(writes);
      xUsed.or(writes);
      if (!EAGER_STORES || cyclic.contains(b.pc)) {
        writtenInLoops.or(writes);
      }
      int n = compiledLength(b);
      for (int i = 0; i < n; i++) {
        Insn in = b.insns[i];
        Opcode op = in.op;
        Kind k = op.kind;
        if (k == Kind.LUI || k == Kind.AUIPC || k == Kind.JAL || k == Kind.CSRI) {
          continue; // no register operands
        }
        FpInline.singleSources(in, singleViews);
        if (op.readsFprRs1()) {
          fUsed.set(in.rs1);
        } else {
          xUsed.set(in.rs1);
        }
        if (k == Kind.FP_R4) {
          fUsed.set(in.rs2);
          fUsed.set(in.rs3);
        } else if (op.readsFprRs2()) {
          fUsed.set(in.rs2);
        } else if (readsRs2(k)) {
          xUsed.set(in.rs2);
        }
        if (op.writesFpr()) {
          fUsed.set(in.rd);
          fWritten.set(in.rd);
        }
      }
    }
    xUsed.clear(0);
    xEager.or(xWritten);
    xEager.andNot(writtenInLoops);
    if (MEM_REGS && EAGER_STORES) {
      xMem.or(xUsed);
      xMem.andNot(writtenInLoops);
    }
    for (Block b : region.blocks.values()) {
      Group[] g = planGroups(b, compiledLength(b));
      groups.put(b, g);
      int distinct = 0;
      for (int i = 0; i < g.length; i++) {
        if (g[i] != null && g[i].first == i) {
          g[i].index = distinct++;
        }
      }
      maxGroups = Math.max(maxGroups, distinct);
    }
  }

  /** The offsets {@code [lo, end)} some loads and stores reach from their base register. */
  static class Span {
    long lo = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    boolean stores;

    void add(Insn in) {
      lo = Math.min(lo, in.imm);
      end = Math.max(end, in.imm + accessSize(in.op));
      stores |= in.op.kind == Kind.STORE || in.op.kind == Kind.FSTORE;
    }
  }

  /**
   * Loads and stores off one base register whose value does not change in between, within one
   * block and one {@link Memory#GROUP_SPAN} of offsets: compiled code checks the whole range once,
   * at the first of them ({@code Memory.loadsFast}/{@code storesFast}), and each access then takes
   * the fast path on that answer, without a check of its own. A function's saves and restores
   * off sp are the common case. Measured: without any checks at all strings ran 1.35x faster.
   */
  static final class Group extends Span {
    final int base;
    final int first;
    int count;
    /** The group's number in its block (its local). */
    int index;

    Group(int base, int first) {
      this.base = base;
      this.first = first;
    }
  }

  /** The groups of {@code b}'s first {@code n} instructions, by index (null: checked alone). */
  static Group[] planGroups(Block b, int n) {
    Group[] of = new Group[n];
    if (!GROUPS) {
      return of;
    }
    Group[] open = new Group[32];
    for (int i = 0; i < n; i++) {
      Insn in = b.insns[i];
      Kind k = in.op.kind;
      if ((k == Kind.LOAD || k == Kind.STORE || k == Kind.FLOAD || k == Kind.FSTORE)
          && in.rs1 != 0) {
        long end = in.imm + accessSize(in.op);
        Group g = open[in.rs1];
        if (g == null || Math.max(g.end, end) - Math.min(g.lo, in.imm)
            > dev.rvjit.memory.Memory.GROUP_SPAN) {
          g = open[in.rs1] = new Group(in.rs1, i);
        }
        g.add(in);
        g.count++;
        of[i] = g;
      }
      int w = writtenX(in);
      if (w > 0) {
        open[w] = null;
      }
    }
    for (int i = 0; i < n; i++) {
      if (of[i] != null && of[i].count < 2) {
        of[i] = null;
      }
    }
    return of;
  }

  /** Plans the unit's windows ({@link WindowPlan}) and numbers their locals. */
  private void planWindows() {
    if (!smallSpan(region)) {
      return;
    }
    WindowPlan w = WindowPlan.of(region, entries, shadow, groups);
    windowOf = w.windowOf;
    winCount = w.count;
  }

  /**
   * The test of an index window ({@link IndexWindows}), made where its loop is entered: every
   * symbol within its bound, every register the loop changes within the interval the head
   * assumes, every access range in the flat region (stores: on pages that take plain stores).
   * If all hold, the loop runs with its covered accesses untested; if not, the unit leaves with
   * the hart exact at the head as at a floating-point range miss ({@code RangeMiss}), the
   * dispatcher interprets from there and counts the miss against the unit, which is made again
   * without its windows if that keeps happening ({@code Jit.rangesFailed}).
   */
  private void emitIndexTest(Window w) {
    IndexWindows.Plan p = w.index;
    Block head = region.blocks.get(w.head);
    mv.visitInsn(ICONST_1);
    for (Map.Entry<Integer, Long> e : p.symbols.entrySet()) {
      loadX(e.getKey());
      pushLong(e.getValue());
      mv.visitInsn(p.nonneg.get(e.getKey()) ? ICONST_1 : ICONST_0);
      mv.visitMethodInsn(INVOKESTATIC, IW, "symbolOk", "(JJZ)Z", false);
      mv.visitInsn(IAND);
    }
    for (Map.Entry<Integer, IndexWindows.Itv> e : p.head.entrySet()) {
      loadX(e.getKey());
      pushLin(e.getValue().lo, Long.MIN_VALUE);
      pushLin(e.getValue().hi, Long.MAX_VALUE);
      mv.visitMethodInsn(INVOKESTATIC, IW, "within", "(JJJ)Z", false);
      mv.visitInsn(IAND);
    }
    for (IndexWindows.Access a : p.ranges) {
      mv.visitVarInsn(ALOAD, MEMV);
      pushLin(a.lo, 0);
      pushLin(a.end, 0);
      mv.visitInsn(a.stores ? ICONST_1 : ICONST_0);
      mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "rangeFast", "(JJZ)Z", false);
      mv.visitInsn(IAND);
    }
    Label go = new Label();
    mv.visitJumpInsn(IFNE, go);
    // A miss: exact at the head's first instruction, none of the head retired.
    pushInt(trapInsns.size());
    mv.visitVarInsn(ISTORE, TRAPIDX);
    trapInsns.add(head.insns[0]);
    trapAdjust.add(0);
    missUsed = true;
    mv.visitJumpInsn(GOTO, missLabel);
    mv.visitLabel(go);
  }

  /** Pushes the value of {@code l} (or {@code none} if null) from the current registers. */
  private void pushLin(IndexWindows.Lin l, long none) {
    if (l == null) {
      pushLong(none);
      return;
    }
    pushLong(l.c);
    for (int i = 0; i < l.regs.length; i++) {
      loadX(l.regs[i]);
      if (l.ks[i] != 1) {
        pushLong(l.ks[i]);
        mv.visitInsn(LMUL);
      }
      mv.visitInsn(LADD);
    }
  }

  /** The range tests of a windowed loop, made where it is entered (falls into its head). */
  private void emitWindowTests(Window w) {
    if (w.index != null) {
      emitIndexTest(w);
    }
    for (WinBase wb : w.bases.values()) {
      mv.visitVarInsn(ALOAD, MEMV);
      loadX(wb.reg);
      pushLong(wb.step);
      loadX(w.p);
      loadX(w.e);
      pushLong(w.c);
      pushInt(w.cond);
      pushLong(wb.lo);
      pushLong(wb.end);
      mv.visitInsn(wb.stores ? ICONST_1 : ICONST_0);
      mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "loopFast", "(JJJJJIJJZ)Z", false);
      mv.visitVarInsn(ISTORE, winSlot + wb.slot);
    }
  }

  /** Bytes a load or store moves. */
  static int accessSize(Opcode op) {
    switch (op) {
      case LB:
      case LBU:
      case SB:
        return 1;
      case LH:
      case LHU:
      case SH:
        return 2;
      case LW:
      case LWU:
      case SW:
      case FLW:
      case FSW:
        return 4;
      default:
        return 8;
    }
  }

  /**
   * {@code -Drvjit.jit.groups=false}: every access checked alone ({@link Group}). For
   * side-by-side measurements.
   */
  static final boolean GROUPS = !"false".equals(System.getProperty("rvjit.jit.groups"));

  /** The x registers block {@code b}'s compiled instructions write. */
  private static BitSet blockWrites(Block b) {
    BitSet w = new BitSet(32);
    int n = compiledLength(b);
    for (int i = 0; i < n; i++) {
      int r = writtenX(b.insns[i]);
      if (r > 0) {
        w.set(r);
      }
    }
    return w;
  }

  /** The x register {@code in} writes, or 0 if none (or x0). */
  static int writtenX(Insn in) {
    Kind k = in.op.kind;
    if (!in.op.writesFpr() && (k == Kind.LUI || k == Kind.AUIPC || k == Kind.JAL
        || k == Kind.CSRI || writesX(k))) {
      return in.rd;
    }
    return 0;
  }

  private static boolean readsRs2(Kind k) {
    switch (k) {
      case ALU_RR:
      case BRANCH:
      case STORE:
      case SC:
      case AMO:
        return true;
      default:
        return false;
    }
  }

  private static boolean writesX(Kind k) {
    switch (k) {
      case STORE:
      case FSTORE:
      case BRANCH:
      case FENCE:
        return false;
      default:
        return true;
    }
  }

  /** Instructions of {@code b} that compiled code executes (all but a final system instruction). */
  static int compiledLength(Block b) {
    return Region.endsInInterpreter(b) ? b.insns.length - 1 : b.insns.length;
  }

  /** Assigns slots to the registers the region uses; returns the first slot left free. */
  private int allocateLocals() {
    int next = FIRST_FREE;
    for (int r = xUsed.nextSetBit(1); r >= 0; r = xUsed.nextSetBit(r + 1)) {
      xSlot[r] = next;
      next += 2;
    }
    for (int r = fUsed.nextSetBit(0); r >= 0; r = fUsed.nextSetBit(r + 1)) {
      fSlot[r] = next;
      next += 2;
    }
    int views = next + 9; // after FpInline's mode (1 slot) and four double temporaries (8)
    for (int r = singleViews.nextSetBit(0); r >= 0; r = singleViews.nextSetBit(r + 1)) {
      viewSlot[r] = views++;
    }
    groupSlot = views;
    sumSlot = groupSlot + maxGroups;
    winSlot = sumSlot + 2 * SUM_RUN;
    skipSlot = winSlot + winCount;
    return next;
  }

  private int xslot(int r) {
    return xSlot[r];
  }

  private int fslot(int r) {
    return fSlot[r];
  }

  void loadX(int r) {
    if (r == 0) {
      mv.visitInsn(LCONST_0);
    } else if (xMem.get(r)) {
      mv.visitVarInsn(ALOAD, XARR);
      pushInt(r);
      mv.visitInsn(LALOAD);
    } else {
      mv.visitVarInsn(LLOAD, xslot(r));
    }
  }

  /**
   * Stores the long on the stack into x[rd] (dropped for x0); a register written only outside the
   * unit's loops ({@link #xEager}) goes to {@code h.x} as well.
   */
  void storeX(int r) {
    if (r == 0) {
      mv.visitInsn(POP2);
    } else {
      mv.visitVarInsn(LSTORE, xslot(r));
      if (xEager.get(r)) {
        mv.visitVarInsn(ALOAD, XARR);
        pushInt(r);
        mv.visitVarInsn(LLOAD, xslot(r));
        mv.visitInsn(LASTORE);
      }
    }
  }

  /** Pushes f[r] as raw bits (a long). */
  void loadF(int r) {
    mv.visitVarInsn(DLOAD, fslot(r));
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
  }

  /** Pushes f[r] as a double (for NaN-boxed singles, a NaN whose payload holds the bits). */
  void loadFDouble(int r) {
    mv.visitVarInsn(DLOAD, fslot(r));
  }

  /** Stores the double on the stack into f[r]. */
  void storeFDouble(int r) {
    if (singleViews.get(r)) {
      mv.visitInsn(DUP2);
      mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
      fp.updateView(r);
      mv.visitInsn(POP2);
    }
    mv.visitVarInsn(DSTORE, fslot(r));
  }

  /** Stores the raw bits (a long) on the stack into f[r]. */
  void storeF(int r) {
    if (singleViews.get(r)) {
      fp.updateView(r);
    }
    storeFRaw(r);
  }

  /** {@link #storeF} without updating the register's single view (its writer did). */
  void storeFRaw(int r) {
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
    mv.visitVarInsn(DSTORE, fslot(r));
  }

  void pushLong(long v) {
    if (v == 0) {
      mv.visitInsn(LCONST_0);
    } else if (v == 1) {
      mv.visitInsn(LCONST_1);
    } else {
      mv.visitLdcInsn(v);
    }
  }

  void pushInt(int v) {
    if (v >= -1 && v <= 5) {
      mv.visitInsn(ICONST_0 + v);
    } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
      mv.visitIntInsn(BIPUSH, v);
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      mv.visitIntInsn(SIPUSH, v);
    } else {
      mv.visitLdcInsn(v);
    }
  }

  // ------------------------------------------------------------------ prologue, exits, traps

  private void prologue() {
    mv.visitVarInsn(ALOAD, H);
    mv.visitFieldInsn(GETFIELD, HART, "x", "[J");
    mv.visitVarInsn(ASTORE, XARR);
    mv.visitVarInsn(ALOAD, H);
    mv.visitFieldInsn(GETFIELD, HART, "f", "[J");
    mv.visitVarInsn(ASTORE, FARR);
    mv.visitVarInsn(ALOAD, H);
    mv.visitFieldInsn(GETFIELD, HART, "mem", "L" + MEM + ";");
    mv.visitVarInsn(ASTORE, MEMV);
    mv.visitVarInsn(LLOAD, LIMIT);
    mv.visitVarInsn(ALOAD, H);
    mv.visitFieldInsn(GETFIELD, HART, "instret", "J");
    mv.visitInsn(LSUB);
    mv.visitVarInsn(LSTORE, REMAIN);
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ISTORE, TRAPIDX);
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ISTORE, EXIT);
    mv.visitInsn(LCONST_0);
    mv.visitVarInsn(LSTORE, NEXTPC);
    for (int k = 0; k < winCount; k++) {
      mv.visitInsn(ICONST_0);
      mv.visitVarInsn(ISTORE, winSlot + k);
    }
    fp.refreshMode();
    // Every register local is defined before the protected range, so the trap handler may read
    // them all; registers the region never touches, and those read from h.x where used
    // (xMem), have no local to load.
    for (int r = xUsed.nextSetBit(1); r >= 0; r = xUsed.nextSetBit(r + 1)) {
      if (xMem.get(r)) {
        continue;
      }
      mv.visitVarInsn(ALOAD, XARR);
      pushInt(r);
      mv.visitInsn(LALOAD);
      mv.visitVarInsn(LSTORE, xslot(r));
    }
    for (int r = fUsed.nextSetBit(0); r >= 0; r = fUsed.nextSetBit(r + 1)) {
      mv.visitVarInsn(ALOAD, FARR);
      pushInt(r);
      mv.visitInsn(LALOAD);
      storeF(r);
    }
  }

  private void writeBack() {
    for (int r = xWritten.nextSetBit(1); r >= 0; r = xWritten.nextSetBit(r + 1)) {
      if (xEager.get(r)) {
        continue; // in h.x already
      }
      mv.visitVarInsn(ALOAD, XARR);
      pushInt(r);
      mv.visitVarInsn(LLOAD, xslot(r));
      mv.visitInsn(LASTORE);
    }
    for (int r = fWritten.nextSetBit(0); r >= 0; r = fWritten.nextSetBit(r + 1)) {
      mv.visitVarInsn(ALOAD, FARR);
      pushInt(r);
      loadF(r);
      mv.visitInsn(LASTORE);
    }
  }

  /** Leaves the unit towards the constant guest address {@code target}. */
  private void exitTo(long target) {
    int slot = exitTargets.indexOf(target);
    if (slot < 0) {
      slot = exitTargets.size();
      exitTargets.add(target);
    }
    pushLong(target);
    mv.visitVarInsn(LSTORE, NEXTPC);
    pushInt(slot);
    mv.visitVarInsn(ISTORE, EXIT);
    mv.visitJumpInsn(GOTO, epilogue);
  }

  /** Leaves the unit towards the address in local {@code TMP} (an indirect jump). */
  private void exitDynamic() {
    int slot = exitTargets.size();
    exitTargets.add(-1L);
    mv.visitVarInsn(LLOAD, TMP);
    mv.visitVarInsn(LSTORE, NEXTPC);
    pushInt(slot);
    mv.visitVarInsn(ISTORE, EXIT);
    mv.visitJumpInsn(GOTO, epilogue);
  }

  /**
   * Goes to {@code target}: a jump if it is in the region, else an exit. A backward jump inside the
   * region (a loop) first checks the instruction budget; the dispatcher caps the budget, so a guest
   * that never leaves the loop still comes back to it, where a pending trap is raised.
   */
  private void jumpTo(long target) {
    Label l = labelOf(target);
    if (l == null) {
      exitTo(target);
      return;
    }
    if (emitted.contains(l)) {
      Label leave = new Label();
      Label go = new Label();
      loopCheck(leave);
      mv.visitJumpInsn(GOTO, go);
      mv.visitLabel(leave);
      exitTo(target);
      mv.visitLabel(go);
    }
    mv.visitJumpInsn(GOTO, l);
  }

  /**
   * The checks made where control may repeat (a backward jump, an indirect jump within the
   * region): jumps to {@code leave} if the instruction budget may not cover one more pass through
   * the region. (No volatile read of {@code h.pending} here: at a loop's back edge it would keep
   * HotSpot from hoisting loads out of the loop.) Between two such checks
   * each block runs at most once, so at most {@link #regionInsns} instructions retire: checking
   * here instead of at every block keeps {@code --max-insns} exact (the interpreter finishes).
   */
  private void loopCheck(Label leave) {
    mv.visitVarInsn(LLOAD, REMAIN);
    pushLong(regionInsns);
    mv.visitInsn(LCMP);
    mv.visitJumpInsn(IFLT, leave);
  }

  /**
   * With block counting on, adds to block {@code pc}'s entry count 1, or the long in local
   * {@code amount} if that is not -1 (passes a skip ran: {@link SkipCode}); else nothing.
   */
  void countEntries(long pc, int amount) {
    if (!countBlocks) {
      return;
    }
    mv.visitVarInsn(ALOAD, THIS);
    mv.visitFieldInsn(GETFIELD, SUPER, "blockCounts", "[J");
    pushInt(blockIndex.get(pc));
    mv.visitInsn(DUP2);
    mv.visitInsn(LALOAD);
    if (amount == -1) {
      mv.visitInsn(LCONST_1);
    } else {
      mv.visitVarInsn(LLOAD, amount);
    }
    mv.visitInsn(LADD);
    mv.visitInsn(LASTORE);
  }

  /** Pushes the instructions retired so far (through the current block), {@code limit - REMAIN}. */
  private void pushRetired() {
    mv.visitVarInsn(LLOAD, LIMIT);
    mv.visitVarInsn(LLOAD, REMAIN);
    mv.visitInsn(LSUB);
  }

  private void emitEpilogue() {
    mv.visitLabel(epilogue);
    writeBack();
    mv.visitVarInsn(ALOAD, H);
    pushRetired();
    mv.visitFieldInsn(PUTFIELD, HART, "instret", "J");
    mv.visitVarInsn(ALOAD, H);
    mv.visitVarInsn(LLOAD, NEXTPC);
    mv.visitFieldInsn(PUTFIELD, HART, "pc", "J");
    mv.visitVarInsn(ILOAD, EXIT);
    mv.visitInsn(IRETURN);
  }

  private void emitHandler(Label handler) {
    mv.visitLabel(handler);
    mv.visitVarInsn(ASTORE, TMP);
    writeBack();
    mv.visitVarInsn(ALOAD, THIS);
    mv.visitVarInsn(ALOAD, TMP);
    mv.visitVarInsn(ALOAD, H);
    mv.visitVarInsn(ILOAD, TRAPIDX);
    pushRetired();
    mv.visitMethodInsn(INVOKEVIRTUAL, SUPER, "trapped",
        "(L" + TRAP + ";L" + HART + ";IJ)L" + TRAP + ";", false);
    mv.visitInsn(ATHROW);
  }

  /** Records that instruction {@code i} of a block with {@code n} instructions may trap. */
  private void markTrap(Insn in, int i, int n) {
    int idx = trapInsns.size();
    trapInsns.add(in);
    trapAdjust.add(n - i);
    pushInt(idx);
    mv.visitVarInsn(ISTORE, TRAPIDX);
  }

  /** FP instructions trap only when a dynamic rounding mode finds frm invalid. */
  private void markTrapIfDynamicRm(Insn in, int i, int n) {
    if (in.rm == 7) {
      markTrap(in, i, n);
    }
  }

  // ------------------------------------------------------------------ blocks

  private void emitBlock(Block b) {
    blockGroups = groups.get(b);
    BitSet known = inShadow ? null : sextIn.get(b.pc);
    sext = known == null ? new BitSet(32) : (BitSet) known.clone();
    if (rangePlan != null) {
      FpRanges.State in = rangePlan.in(b.pc); // (no lead-in copies: see planRanges)
      ranges = in == null ? FpRanges.State.unknown() : in.copy();
      for (int r = 0; r < 32; r++) {
        if (ranges.kind[r] == FpRanges.TOP) {
          ranges.setUnknown(r); // nothing relies on it here (see RangePlan)
        }
      }
    }
    Label here = inShadow ? shadowLabels.get(b.pc) : labels.get(b.pc);
    Window win = inShadow ? null : windowOf.get(b.pc);
    if (win != null && win.head == b.pc) {
      mv.visitLabel(win.pre);
      if (win.skip != null) {
        emitted.add(win.pre); // a jump here may close a loop around this one
        new SkipCode(this, mv, skipSlot, regionInsns).emit(win.skip);
      }
      emitWindowTests(win);
    }
    curBlock = b;
    mv.visitLabel(here);
    emitted.add(here);
    Window copied = inShadow ? windowOf.get(b.pc) : null;
    if (copied != null && copied.skip != null && copied.head == b.pc) {
      // The lead-in copy of a loop's head: the hart is at the head here as well (the copies lead
      // the dispatcher's entry into the loop; nothing jumps back to them).
      new SkipCode(this, mv, skipSlot, regionInsns).emit(copied.skip);
    }
    int n = compiledLength(b);
    countEntries(b.pc, -1);
    if (n > 0) {
      mv.visitVarInsn(LLOAD, REMAIN);
      pushLong(n);
      mv.visitInsn(LSUB);
      mv.visitVarInsn(LSTORE, REMAIN);
    }
    for (int i = 0; i < n; i++) {
      Insn in = b.insns[i];
      if (in.op.endsBlock()) {
        checkRangesOut(b);
        emitControl(b, in);
        return;
      }
      rangeDecision = ranges == null ? FpRanges.Decision.LEGACY
          : rangePlan.step(ranges, b, i, operandChecks);
      if (i == n - 2 && n == b.insns.length && testsResult(b.insns[n - 1], in)) {
        checkRangesOut(b);
        emitCompareBranch(in, b.insns[n - 1]);
        return;
      }
      int run = sumRun(b, i, n);
      if (run > 0) {
        emitSumRun(b, i, run, n); // double sums only: no x register changes
        i += run - 1;
        continue;
      }
      emitInsn(in, i, n);
      sextAfter(sext, in);
    }
    checkRangesOut(b);
    if (n < b.insns.length) {
      exitTo(b.insns[n].pc); // the interpreter runs the system instruction
    } else {
      jumpTo(b.endPc);
    }
  }

  /**
   * Makes sure what the emitted block leaves in the f registers is within what each internal
   * successor assumes, for the registers it relies on (the dataflow's fixed point guarantees it;
   * this catches a translator bug before it becomes a wrong result).
   */
  private void checkRangesOut(Block b) {
    if (ranges == null) {
      return;
    }
    for (long t : region.internalSuccessors(b)) {
      FpRanges.State want = rangePlan.in(t);
      BitSet live = rangePlan.relied(t);
      FpRanges.State have = FpRanges.State.top();
      FpRanges.State need = FpRanges.State.top();
      for (int r = live.nextSetBit(0); r >= 0; r = live.nextSetBit(r + 1)) {
        have.copyFrom(ranges, r, r);
        need.copyFrom(want, r, r);
      }
      if (!have.within(need)) {
        StringBuilder regs = new StringBuilder();
        for (int r = live.nextSetBit(0); r >= 0; r = live.nextSetBit(r + 1)) {
          regs.append(String.format("; f%d leaves %s, assumed %s", r, have.describe(r),
              need.describe(r)));
        }
        throw new IllegalStateException(String.format(
            "FP range analysis: block 0x%x leaves values block 0x%x does not assume%s", b.pc, t,
            regs));
      }
    }
  }

  /**
   * True if {@code branch} is a beqz or bnez of what FP compare {@code cmp} just wrote (the
   * shape of a loop's exit test, {@code flt.s a4,ft1,fa1; beqz a4,...}).
   */
  private static boolean testsResult(Insn branch, Insn cmp) {
    return FpInline.isCompare(cmp) && cmp.rd != 0
        && (branch.op == Opcode.BEQ || branch.op == Opcode.BNE)
        && (branch.rs1 == cmp.rd && branch.rs2 == 0 || branch.rs2 == cmp.rd && branch.rs1 == 0);
  }

  /**
   * An FP compare and the branch on its result as one decision: each ordered outcome stores its
   * constant into rd and jumps on, so C2 need not keep the 0 or 1 and test it again (mandelbrot's
   * loops kept it in an XMM register); an unordered pair goes through {@code Fpu} as before.
   */
  private void emitCompareBranch(Insn cmp, Insn branch) {
    Label isTrue = new Label();
    Label isFalse = new Label();
    Label decidedFalse = new Label();
    fp.compareBranch(cmp, isTrue, isFalse, decidedFalse);
    boolean takenIfTrue = branch.op == Opcode.BNE; // bnez rd: taken when the compare holds
    mv.visitLabel(isTrue);
    mv.visitInsn(LCONST_1);
    storeX(cmp.rd);
    jumpTo(takenIfTrue ? branch.pc + branch.imm : branch.pc + branch.len);
    mv.visitLabel(isFalse);
    mv.visitInsn(LCONST_0);
    storeX(cmp.rd);
    mv.visitLabel(decidedFalse);
    jumpTo(takenIfTrue ? branch.pc + branch.len : branch.pc + branch.imm);
  }

  private void emitControl(Block b, Insn in) {
    switch (in.op.kind) {
      case JAL:
        if (in.rd != 0) {
          pushLong(in.pc + in.len);
          storeX(in.rd);
        }
        jumpTo(in.pc + in.imm);
        break;
      case JALR: {
        loadX(in.rs1);
        pushLong(in.imm);
        mv.visitInsn(LADD);
        pushLong(~1L);
        mv.visitInsn(LAND);
        mv.visitVarInsn(LSTORE, TMP);
        if (in.rd != 0) {
          pushLong(in.pc + in.len);
          storeX(in.rd);
        }
        // Stay inside when the target is one the interpreter saw and a block of the region (a
        // function pointer, a return site): a switch over those; anything else leaves through
        // an exit. Only seen targets, so that the jump adds no other way into a loop.
        Label leave = new Label();
        List<Long> inside = region.internalSuccessors(b);
        if (!inside.isEmpty() && smallSpan(region)) {
          loopCheck(leave); // it may close a loop
          mv.visitVarInsn(LLOAD, TMP);
          pushLong(region.start());
          mv.visitInsn(LSUB);
          mv.visitInsn(DUP2);
          pushInt(31);
          mv.visitInsn(LUSHR); // 0 only for offsets in [0, 2^31): then the int cast is exact
          mv.visitInsn(LCONST_0);
          mv.visitInsn(LCMP);
          Label inRange = new Label();
          mv.visitJumpInsn(IFEQ, inRange);
          mv.visitInsn(POP2);
          mv.visitJumpInsn(GOTO, leave);
          mv.visitLabel(inRange);
          mv.visitInsn(L2I);
          blockSwitch(leave, inside, this::labelOf);
        }
        mv.visitLabel(leave);
        exitDynamic();
        break;
      }
      case BRANCH: {
        loadX(in.rs1);
        loadX(in.rs2);
        mv.visitMethodInsn(INVOKESTATIC, ALU, in.op.sem, "(JJ)Z", false);
        Label notTaken = new Label();
        mv.visitJumpInsn(IFEQ, notTaken);
        jumpTo(in.pc + in.imm);
        mv.visitLabel(notTaken);
        jumpTo(in.pc + in.len);
        break;
      }
      default:
        throw new IllegalStateException("not a compiled control instruction: " + in);
    }
  }

  /**
   * Calls Memory accessor {@code name} for instruction {@code i} of the block, whose operands are
   * on the stack: alone, or as a member of its {@link Group}, whose check the group's first access
   * makes (before its operands, which are on the stack already: the check goes to a local).
   */
  private void memCall(int i, String name, String desc) {
    Window w = inShadow || curBlock == null ? null : windowOf.get(curBlock.pc);
    IndexWindows.Access ia = w == null || w.index == null ? null : w.index.of(curBlock.pc, i);
    if (ia != null) {
      mv.visitInsn(ICONST_1); // tested where the loop was entered
      mv.visitMethodInsn(INVOKEVIRTUAL, MEM, name, desc.replace(")", "Z)"), false);
      return;
    }
    WinBase wb = w == null ? null : w.bases.get(curBlock.insns[i].rs1);
    if (wb != null) {
      mv.visitVarInsn(ILOAD, winSlot + wb.slot); // tested where the loop was entered
      mv.visitMethodInsn(INVOKEVIRTUAL, MEM, name, desc.replace(")", "Z)"), false);
      return;
    }
    Group g = blockGroups[i];
    if (g == null) {
      mv.visitMethodInsn(INVOKEVIRTUAL, MEM, name, desc, false);
      return;
    }
    int slot = groupSlot + g.index;
    if (g.first == i) {
      mv.visitVarInsn(ALOAD, MEMV);
      loadX(g.base);
      pushLong(g.lo);
      mv.visitInsn(LADD);
      pushInt((int) (g.end - 1 - g.lo));
      mv.visitMethodInsn(INVOKEVIRTUAL, MEM, g.stores ? "storesFast" : "loadsFast", "(JI)Z",
          false);
      mv.visitVarInsn(ISTORE, slot);
    }
    mv.visitVarInsn(ILOAD, slot);
    mv.visitMethodInsn(INVOKEVIRTUAL, MEM, name, desc.replace(")", "Z)"), false);
  }

  private void addrToStack(Insn in) {
    loadX(in.rs1);
    if (in.imm != 0) {
      pushLong(in.imm);
      mv.visitInsn(LADD);
    }
  }

  /**
   * True if {@code in} is an and, or or xor (register or immediate form) whose operands are both
   * known to be sign-extended 32-bit values: then {@code Alu.and32} and friends compute it on the
   * low halves, with the same result, and HotSpot keeps a chain of 32-bit arithmetic (sha256's
   * rotations: W-form shifts combined with or and xor) in 32-bit registers instead of
   * sign-extending every intermediate value.
   */
  private boolean bitwise32(Insn in) {
    switch (in.op) {
      case AND:
      case OR:
      case XOR:
        return isSext(in.rs1) && isSext(in.rs2);
      case ANDI:
      case ORI:
      case XORI:
        return isSext(in.rs1); // a 12-bit immediate always is
      default:
        return false;
    }
  }

  private boolean isSext(int r) {
    return r == 0 || sext.get(r);
  }

  /**
   * Works out, for every block, which x registers hold a sign-extended 32-bit value whenever it
   * starts: nothing is known where the dispatcher enters (and in lead-in copies), and a block
   * reached along several internal edges knows what all of them agree on (a forward dataflow to
   * its fixed point).
   */
  private void planSext() {
    Map<Long, BitSet> out = new HashMap<>();
    java.util.ArrayDeque<Block> work = new java.util.ArrayDeque<>(region.blocks.values());
    for (Block b : region.blocks.values()) {
      if (entries.contains(b.pc) || b == region.entry) {
        sextIn.put(b.pc, new BitSet(32));
      }
    }
    while (!work.isEmpty()) {
      Block b = work.poll();
      BitSet in = sextIn.get(b.pc);
      if (in == null) {
        continue; // not reached from a block seen yet
      }
      BitSet o = (BitSet) in.clone();
      int n = compiledLength(b);
      for (int i = 0; i < n; i++) {
        sextAfter(o, b.insns[i]);
      }
      if (o.equals(out.get(b.pc))) {
        continue;
      }
      out.put(b.pc, o);
      for (long t : region.internalSuccessors(b)) {
        BitSet prev = sextIn.get(t);
        BitSet next = (BitSet) o.clone();
        if (prev != null) {
          next.and(prev);
        }
        if (!next.equals(prev)) {
          sextIn.put(t, next);
          work.add(region.blocks.get(t));
        }
      }
    }
  }

  /**
   * Decides whether the unit uses the range analysis ({@link FpRanges}, {@link RangePlan}): a
   * region with f registers and no lead-in copies, none of whose blocks missed its ranges before.
   */
  private void planRanges() {
    if (!FP_RANGES || !shadow.isEmpty() || fUsed.isEmpty()) {
      return;
    }
    for (Block b : region.blocks.values()) {
      if (b.noRanges) {
        return;
      }
    }
    rangePlan = RangePlan.of(region, entries, fWritten);
  }

  private static boolean isSum(Insn in) {
    return (in.op == Opcode.FADD_D || in.op == Opcode.FSUB_D) && FpRanges.ranged(in);
  }

  /**
   * The length of the run of double adds and subtracts from instruction {@code i} of {@code b}
   * on that is checked as one ({@link FpInline#emitSumRun}), at least 2, or 0 for none: each is
   * LEGACY with no operand checks (instruction {@code i}'s decision was just made; the others'
   * are worked out on a copy of the range state), rounds to nearest or dynamically, and neither
   * reads nor writes a register an earlier one of the run writes, so that until the run's check
   * passes every register still holds what it held before the run.
   */
  private int sumRun(Block b, int i, int n) {
    if (!isSum(b.insns[i]) || rangeDecision != FpRanges.Decision.LEGACY
        || !operandChecks.isEmpty()) {
      return 0;
    }
    FpRanges.State s = ranges == null ? null : ranges.copy();
    BitSet written = new BitSet(32);
    written.set(b.insns[i].rd);
    BitSet checks = new BitSet(32);
    int k = i + 1;
    for (; k < n && k - i < SUM_RUN; k++) {
      Insn in = b.insns[k];
      if (!isSum(in) || written.get(in.rs1) || written.get(in.rs2) || written.get(in.rd)) {
        break;
      }
      if (s != null) {
        if (rangePlan.step(s, b, k, checks) != FpRanges.Decision.LEGACY || !checks.isEmpty()) {
          break;
        }
      }
      written.set(in.rd);
    }
    return k - i >= 2 ? k - i : 0;
  }

  /**
   * A run of {@code run} sums from instruction {@code i} ({@link #sumRun}): one check of them all
   * ({@link FpInline#emitSumRun}); when it fails, each as it would be alone (its own guard, and
   * {@code Fpu} when that fails too), from the registers the run has not changed yet.
   */
  private void emitSumRun(Block b, int i, int run, int n) {
    Insn[] sums = java.util.Arrays.copyOfRange(b.insns, i, i + run);
    for (int k = 1; k < run && ranges != null; k++) {
      // LEGACY, as sumRun found; keeps the state in step
      rangePlan.step(ranges, b, i + k, operandChecks);
    }
    Label alone = new Label();
    Label end = new Label();
    fp.emitSumRun(sums, sumSlot, alone);
    mv.visitJumpInsn(GOTO, end);
    mv.visitLabel(alone);
    for (int k = 0; k < run; k++) {
      markTrapIfDynamicRm(sums[k], i + k, n);
      fp.emitOrCall(sums[k]);
    }
    mv.visitLabel(end);
  }

  /** Updates {@code s} (registers holding sign-extended 32-bit values) past instruction {@code in}. */
  static void sextAfter(BitSet s, Insn in) {
    int rd = writtenX(in);
    if (rd == 0) {
      return;
    }
    boolean yes;
    switch (in.op) {
      case ADDW: case SUBW: case SLLW: case SRLW: case SRAW:
      case ADDIW: case SLLIW: case SRLIW: case SRAIW:
      case MULW: case DIVW: case DIVUW: case REMW: case REMUW:
      case LW: case LH: case LHU: case LB: case LBU: case LUI:
      case SLT: case SLTU: case SLTI: case SLTIU:
        yes = true;
        break;
      case AND: case OR: case XOR:
        yes = (in.rs1 == 0 || s.get(in.rs1)) && (in.rs2 == 0 || s.get(in.rs2));
        break;
      case ORI: case XORI:
        yes = in.rs1 == 0 || s.get(in.rs1);
        break;
      case ANDI:
        yes = in.imm >= 0 || in.rs1 == 0 || s.get(in.rs1);
        break;
      default:
        yes = false;
    }
    s.set(rd, yes);
  }

  private void emitInsn(Insn in, int i, int n) {
    String sem = in.op.sem;
    switch (in.op.kind) {
      case ALU_RR:
        if (in.rd == 0) {
          return; // no effect, cannot trap
        }
        loadX(in.rs1);
        loadX(in.rs2);
        mv.visitMethodInsn(INVOKESTATIC, ALU, bitwise32(in) ? sem + "32" : sem, "(JJ)J", false);
        storeX(in.rd);
        return;
      case ALU_RI:
        if (in.rd == 0) {
          return;
        }
        loadX(in.rs1);
        pushLong(in.imm);
        mv.visitMethodInsn(INVOKESTATIC, ALU, bitwise32(in) ? sem + "32" : sem, "(JJ)J", false);
        storeX(in.rd);
        return;
      case LUI:
        if (in.rd != 0) {
          pushLong(in.imm);
          storeX(in.rd);
        }
        return;
      case AUIPC:
        if (in.rd != 0) {
          pushLong(in.pc + in.imm);
          storeX(in.rd);
        }
        return;
      case LOAD:
        markTrap(in, i, n);
        mv.visitVarInsn(ALOAD, MEMV);
        addrToStack(in);
        memCall(i, sem, "(J)J");
        storeX(in.rd);
        return;
      case STORE:
        markTrap(in, i, n);
        mv.visitVarInsn(ALOAD, MEMV);
        addrToStack(in);
        loadX(in.rs2);
        memCall(i, sem, "(JJ)V");
        return;
      case FLOAD:
        markTrap(in, i, n);
        mv.visitVarInsn(ALOAD, MEMV);
        addrToStack(in);
        if (in.op == Opcode.FLW) {
          memCall(i, "lwu", "(J)J");
          pushLong(0xffffffff00000000L);
          mv.visitInsn(LOR);
          storeF(in.rd);
        } else {
          memCall(i, "fld", "(J)D"); // a double load: see RawOps.getDouble
          storeFDouble(in.rd);
        }
        return;
      case FSTORE:
        markTrap(in, i, n);
        mv.visitVarInsn(ALOAD, MEMV);
        addrToStack(in);
        loadF(in.rs2);
        memCall(i, in.op == Opcode.FSW ? "sw" : "sd", "(JJ)V");
        return;
      case LR:
        markTrap(in, i, n);
        mv.visitVarInsn(ALOAD, H);
        loadX(in.rs1);
        mv.visitMethodInsn(INVOKESTATIC, ATOMICS, sem, "(L" + HART + ";J)J", false);
        storeX(in.rd);
        return;
      case SC:
        markTrap(in, i, n);
        mv.visitVarInsn(ALOAD, H);
        loadX(in.rs1);
        loadX(in.rs2);
        mv.visitMethodInsn(INVOKESTATIC, ATOMICS, sem, "(L" + HART + ";JJ)J", false);
        storeX(in.rd);
        return;
      case AMO:
        markTrap(in, i, n);
        mv.visitVarInsn(ALOAD, MEMV);
        loadX(in.rs1);
        loadX(in.rs2);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEM, sem, "(JJ)J", false);
        storeX(in.rd);
        return;
      case FP_RR:
      case FP_R:
      case FP_R4:
      case FP_TO_X:
      case X_TO_FP:
        if (rangeDecision != FpRanges.Decision.LEGACY || !operandChecks.isEmpty()) {
          Label from = new Label();
          mv.visitLabel(from);
          markTrap(in, i, n); // a range miss leaves at this instruction
          for (int r = operandChecks.nextSetBit(0); r >= 0; r = operandChecks.nextSetBit(r + 1)) {
            fp.emitOperandCheck(r, missLabel);
          }
          Label to = new Label();
          mv.visitLabel(to);
          rangeBytes += to.getOffset() - from.getOffset();
          missUsed = true;
          if (rangeDecision != FpRanges.Decision.LEGACY) {
            fp.emitRanged(in, rangeDecision, missLabel);
            return;
          }
        } else {
          markTrapIfDynamicRm(in, i, n);
        }
        fp.emitOrCall(in);
        return;
      case FP_RR_NORM:
      case FP_CMP:
        fp.emitOrCall(in);
        return;
      case CSR:
      case CSRI:
        emitCsr(in, i, n);
        return;
      case FENCE:
        return;
      default:
        throw new IllegalStateException("no translation for " + in);
    }
  }

  /** CSR access: instret must be exact for the instret/cycle counters, so it is stored first. */
  private void emitCsr(Insn in, int i, int n) {
    int csr = (int) in.imm;
    if (csr == dev.rvjit.cpu.Csr.FFLAGS || csr == dev.rvjit.cpu.Csr.FRM) {
      emitFpCsr(in, csr);
      return;
    }
    markTrap(in, i, n);
    mv.visitVarInsn(ALOAD, H);
    pushRetired();
    pushLong(n - i);
    mv.visitInsn(LSUB);
    mv.visitFieldInsn(PUTFIELD, HART, "instret", "J");
    boolean imm = in.op.kind == Kind.CSRI;
    boolean write = csrWrites(in);
    mv.visitVarInsn(ALOAD, H);
    pushInt((int) in.imm);
    pushOperand(in, imm);
    mv.visitInsn(write ? ICONST_1 : ICONST_0);
    pushInt(in.raw);
    mv.visitMethodInsn(INVOKESTATIC, CSR, in.op.sem, "(L" + HART + ";IJZI)J", false);
    storeX(in.rd);
    fp.refreshMode(); // the CSR may be fflags, frm or fcsr
  }

  /**
   * An access to fflags or frm (frflags, fsflags, fsrm, feclearexcept's csrc, ...) as field
   * accesses of the hart, with {@code Csr}'s semantics: neither can trap or reads instret, and the
   * general path's call into {@code Csr} (its read and write switches) cost HotSpot's inlining
   * budget in every FP loop that saves and restores the flags around a libm call (nbody's sqrt).
   */
  private void emitFpCsr(Insn in, int csr) {
    String field = csr == dev.rvjit.cpu.Csr.FFLAGS ? "fflags" : "frm";
    int mask = csr == dev.rvjit.cpu.Csr.FFLAGS ? 0x1f : 0x7;
    boolean imm = in.op.kind == Kind.CSRI;
    boolean write = csrWrites(in);
    boolean rw = in.op == Opcode.CSRRW || in.op == Opcode.CSRRWI;
    boolean clear = in.op == Opcode.CSRRC || in.op == Opcode.CSRRCI;
    mv.visitVarInsn(ALOAD, H);
    mv.visitFieldInsn(GETFIELD, HART, field, "I");
    mv.visitInsn(I2L); // [old]
    if (write) {
      if (rw) {
        mv.visitVarInsn(ALOAD, H); // [old, h]
        pushOperand(in, imm);
      } else {
        mv.visitInsn(DUP2); // [old, old]
        mv.visitVarInsn(ALOAD, H); // [old, old, h]
        mv.visitInsn(DUP_X2); // [old, h, old, h]
        mv.visitInsn(POP); // [old, h, old]
        pushOperand(in, imm);
        if (clear) {
          pushLong(-1);
          mv.visitInsn(LXOR);
          mv.visitInsn(LAND);
        } else {
          mv.visitInsn(LOR);
        }
      }
      mv.visitInsn(L2I);
      pushInt(mask);
      mv.visitInsn(IAND);
      mv.visitFieldInsn(PUTFIELD, HART, field, "I"); // [old]
    }
    storeX(in.rd);
    if (write) {
      fp.refreshMode();
    }
  }

  /** True if the CSR instruction writes: csrrw(i) always, the set and clear forms unless x0 / 0. */
  private static boolean csrWrites(Insn in) {
    return in.op == Opcode.CSRRW || in.op == Opcode.CSRRWI || in.rs1 != 0;
  }

  /** The CSR instruction's source: its register, or its 5-bit immediate. */
  private void pushOperand(Insn in, boolean imm) {
    if (imm) {
      pushLong(in.rs1);
    } else {
      loadX(in.rs1);
    }
  }
}
