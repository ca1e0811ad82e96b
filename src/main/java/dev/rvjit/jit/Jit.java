package dev.rvjit.jit;

import dev.rvjit.interp.Block;
import dev.rvjit.interp.BlockCache;
import dev.rvjit.interp.CompiledCode;
import dev.rvjit.interp.Interpreter;
import dev.rvjit.isa.Insn;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongFunction;

/**
 * Tier 1: compiles hot guest regions to JVM classes. The interpreter reports a block whose counter
 * reaches the threshold; the block is queued, a background thread grows a region from it,
 * translates it with ASM, defines it as a hidden class (so it can be unloaded once dropped) and
 * publishes it on the block, where the interpreter finds it at the next entry.
 */
public final class Jit implements Interpreter.Tier1, BlockCache.InvalidationListener {
  /** Default block-entry count that makes a block hot (chosen by measurement, see README). */
  public static final long DEFAULT_THRESHOLD = 1000;
  /**
   * Largest region without floating-point code, in guest instructions. Measured on the compute
   * samples (README): units of 256 instructions / 6,000 bytes made HotSpot's C1 give up ("too
   * many stack slots") and C2 deoptimize and recompile them for tens of seconds (strings ran at a
   * third of the speed 20 to 40 s into the run); 128 / 3,000 ran faster in steady state than
   * 64 / 1,500 (same-core paired runs, guest rate 15 to 30 s in: strings 1.08x, cxx 1.03-1.13x,
   * sha256 1.0-1.19x depending on how its loops fell into units; bytecode and qsort unchanged)
   * at about the same end-to-end time. 192 / 3,000, with {@link #fit} cutting a region to the
   * longest prefix under the caps: bytecode's interpreter loop falls into units of 162-164
   * instructions, entered every 822 guest instructions instead of 152, guest rate 1.24-1.31x
   * (A/B on one core, 12-40 s in); strings 1.01-1.04x at 30-70 s in (0.94-1.00x at 12-40 s: its
   * larger units take HotSpot longer to compile), sha256 and qsort unchanged (0.99-1.07x); cxx's
   * whole run 1.05-1.06x the time (its warm-up is long and compiles more).
   */
  static final int INT_REGION_INSNS = 192;
  /**
   * Largest generated method without floating-point code, in bytes of bytecode (see
   * {@link #overCap}).
   */
  static final int INT_CODE_BYTES = 3000;
  /**
   * The caps of a region with floating-point code. The integer caps (128 / 3,000) make nbody's
   * loop nest one unit of about 6,700 bytes, and HotSpot then stops inlining (its budget for one
   * compilation, DesiredMethodLimit, is 8,000 bytes including the unit's own): the memory and FP
   * helpers became calls, 3x slower. 96 / 1,700 takes in nbody's outer loop with its inner one
   * (79 instructions, 224 instead of 61 per unit entry): steady rate 1.29x against 64 / 1,500
   * (A/B on one core; 80 / 1,800 gave 1.28x), mandelbrot unchanged (0.995x), cxx 0.99x (5 rounds,
   * 0.91 to 1.05).
   */
  static final int FP_REGION_INSNS = 96;
  static final int FP_CODE_BYTES = 1700;
  /** Hard limit on a generated method: HotSpot never compiles methods over 8000 bytes. */
  static final int HARD_CODE_BYTES = 7000;

  /**
   * Whether a unit is too big. The byte caps were measured on integer code, where bytes track
   * HotSpot's compile effort; inline FP fast and slow paths ({@link FpInline}) are long in bytes
   * but simple straight-line code, so they are not counted and only the hard limit bounds them.
   */
  static boolean overCap(Translator.Output out) {
    int cap = out.usesFp ? FP_CODE_BYTES : INT_CODE_BYTES;
    return out.codeSize - out.fpInlineBytes > cap || out.codeSize > HARD_CODE_BYTES;
  }

  /**
   * Grows a region ({@link Region#select}) under the integer caps; one that then holds
   * floating-point code is grown again under the FP caps.
   */
  private Region select(Block entry, CompiledCode mine, java.util.Set<Long> keep) {
    Region r = Region.select(entry, cache, INT_REGION_INSNS, mine, keep);
    return r.usesFp() ? Region.select(entry, cache, FP_REGION_INSNS, mine, keep) : r;
  }

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  /**
   * {@code -Drvjit.jit.visibleClasses=true} defines units as ordinary classes (each in a class
   * loader of its own, so it can still be unloaded) instead of hidden ones, so that profilers
   * which skip hidden frames (JFR) can attribute time to guest code. For diagnosis only.
   */
  static final boolean VISIBLE_CLASSES = Boolean.getBoolean("rvjit.jit.visibleClasses");

  /** One loader per unit, so a dropped unit's class can be unloaded. */
  private static final class VisibleLoader extends ClassLoader {
    VisibleLoader() {
      super(Jit.class.getClassLoader());
    }

    static Class<?> define(byte[] bytes) {
      return new VisibleLoader().defineClass(null, bytes, 0, bytes.length);
    }
  }
  private static final MethodType CTOR =
      MethodType.methodType(void.class, int.class, Insn[].class, int[].class, long[].class);

  private final BlockCache cache;
  private final long threshold;
  private final boolean synchronous;
  private final LinkedBlockingQueue<Block> queue = new LinkedBlockingQueue<>();
  private final List<Unit> units = new ArrayList<>();
  private volatile PrintStream log;
  private volatile LongFunction<String> symbolizer = pc -> null;
  private boolean keepClassBytes;
  private boolean countBlocks;
  private Thread worker;

  // Statistics (written by the compiling thread, read at exit).
  private volatile long unitsCompiled;
  private volatile long bytecodeBytes;
  private volatile long translateNanos;
  private volatile long unitsInvalidated;
  private volatile long unitsRejected;
  /** Units that could not be made (see {@link #failed}). */
  private int failures;
  /** Units the JVM refused as version-49 files and that were made again with stack maps. */
  private volatile long unitsRemade;
  private volatile long unitsReplaced;
  private volatile long unitsWithoutRanges;
  /** Dispatcher entries of units no longer live (see {@link #unitEntries}). */
  private long retiredEntries;

  /** What the JIT knows about one compiled unit (for stats, logs and inspection). */
  public static final class Unit {
    public final long entryPc;
    public final long start;
    public final long end;
    public final int guestInsns;
    public final int blocks;
    public final int codeBytes;
    public final String className;
    /** The class file, if kept (see {@link #keepClassBytes}). */
    public final byte[] classBytes;
    /** The guest blocks the unit covers, entry first. */
    public final List<Block> regionBlocks;
    /** Start pcs of the blocks the dispatcher may enter the unit at. */
    public final java.util.Set<Long> entries;
    final CompiledCode code;
    final Block entry;
    final Region region;
    /** The region uses f registers. */
    final boolean usesFp;

    Unit(Region r, Translator.Output out, CompiledCode code, boolean keepBytes) {
      this.entryPc = r.entry.pc;
      this.start = r.start();
      this.end = r.end();
      this.guestInsns = r.insnCount();
      this.blocks = r.blocks.size();
      this.codeBytes = out.codeSize;
      this.className = out.className;
      this.classBytes = keepBytes ? out.classBytes : null;
      this.regionBlocks = List.copyOf(r.blocks.values());
      this.entries = java.util.Set.copyOf(out.entries);
      this.code = code;
      this.entry = r.entry;
      this.region = r;
      this.usesFp = out.usesFp;
    }

    /** True until the guest code under the unit changes. */
    public boolean live() {
      return code.valid;
    }

    /** Times the dispatcher entered the unit. */
    public long entries() {
      return code.entries;
    }

    /** Per-block entry counts in {@link #regionBlocks} order, or null if not counted. */
    public long[] blockCounts() {
      return code.blockCounts;
    }
  }

  /**
   * @param threshold block entries before a block is compiled (at least 1)
   * @param synchronous compile on the interpreter's thread at once (deterministic; for tests)
   */
  public Jit(BlockCache cache, long threshold, boolean synchronous) {
    this.cache = cache;
    this.threshold = Math.max(1, threshold);
    this.synchronous = synchronous;
    cache.addListener(this);
  }

  /** Logs one line per translation and invalidation to {@code out} (null: off). */
  public void setLog(PrintStream out, LongFunction<String> symbolizer) {
    this.log = out;
    if (symbolizer != null) {
      this.symbolizer = symbolizer;
    }
  }

  /** Make compiled code count entries per block (for profiles); a little slower. */
  public void countBlocks(boolean count) {
    this.countBlocks = count;
  }

  /** Keep each unit's class file (for inspection and dumping). */
  public void keepClassBytes(boolean keep) {
    this.keepClassBytes = keep;
  }

  @Override
  public long threshold() {
    return threshold;
  }

  @Override
  public void hot(Block b) {
    if (b.jitState == 1 || b.jitState == 3) {
      return;
    }
    b.jitState = b.jitState == 0 ? 1 : 3; // 3: second request after a skip, always compiled
    if (synchronous) {
      compile(b);
      return;
    }
    if (worker == null) {
      worker = new Thread(this::work, "rvjit-compiler");
      worker.setDaemon(true);
      worker.start();
    }
    queue.add(b);
  }

  private void work() {
    try {
      while (true) {
        Block b = queue.take();
        try {
          compile(b);
        } catch (RuntimeException | LinkageError e) {
          failed(b, e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A unit that could not be made (a bug in rvjit: the translator threw, or the JVM refused the
   * class): its block stays with the interpreter, the run goes on, and the first such failure is
   * reported in one line on stderr. Before, the compiler thread died with a stack trace and the
   * rest of the run was interpreted. (With {@code --sync}, as in the tests, the exception
   * reaches the guest's thread instead and ends the run.)
   */
  private void failed(Block b, Throwable e) {
    unitsRejected++;
    if (failures++ == 0) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String msg = firstLine(String.valueOf(e.getMessage()))
          + (root != e ? ": " + firstLine(root.toString()) : "");
      System.err.println("rvjit: internal error, the JIT could not compile the code at "
          + where(b.pc) + " (it stays interpreted): " + msg);
    }
    logLine(String.format("fail    %s: %s", where(b.pc), e));
  }

  /** Grows, translates and installs a unit for {@code entry}; a unit too large is cut down. */
  void compile(Block entry) {
    if (!entry.valid || entry.insns.length == 1 && Region.endsInInterpreter(entry)) {
      unitsRejected++;
      return; // nothing compiled code could run before handing back
    }
    if (entry.jitState == 1 && coveredByLiveUnit(entry)) {
      // Often a block of a loop whose unit was being compiled when this block became hot too:
      // once that unit runs, the interpreter never sees the block again. Re-arm its counter; if
      // the interpreter keeps entering it (from outside the unit), compile it next time.
      rearm(entry);
      return;
    }
    long t0 = System.nanoTime();
    String reason = entry.jitState == 3 ? "entered again from outside a live unit"
        : "hot: entered " + threshold + " times";
    // A block that became hot because a live unit keeps leaving towards it (a path that had not
    // run yet when the unit was made): grow that unit to take it in, rather than starting a unit
    // at a block that is often a rarely taken side path of someone else's loop.
    Unit replaced = entry.jitState == 1 ? exitingTo(entry) : null;
    Fitted f = null;
    if (replaced != null) {
      // An integer unit keeps the blocks it had (see Region.select); if the size caps then cut
      // the hot block off again, growing gains nothing: the block gets a unit of its own instead.
      // A unit with FP code grows from the profile alone, as before: there the bigger region
      // that keeping makes was slower (mandelbrot 1.24x the time: the pixel loop's rarely taken
      // exit joined the unit of the loop around it, whose blocks are all entries).
      Region grown = select(replaced.entry, replaced.code,
          replaced.usesFp ? java.util.Set.of() : replaced.region.blocks.keySet());
      Fitted g = grown.contains(entry.pc) ? fit(grown, replaced.entry) : null;
      if (g != null && g.region.contains(entry.pc)) {
        f = g;
        reason = "grown: " + where(entry.pc) + " was hot beyond the unit's exit (the unit was"
            + " entered " + replaced.code.entries + " times)";
        rearm(entry); // if it keeps being entered from outside, it gets a unit of its own
        entry = replaced.entry;
      } else {
        replaced = null;
      }
    }
    if (f == null) {
      f = fit(select(entry, null, java.util.Set.of()), entry);
    }
    Region r = f.region;
    Translator.Output out = f.out;
    // One block over the soft cap is still compiled: rejecting it would leave it to the
    // interpreter for good (measured: a 48-instruction cap left sha256's round block interpreted,
    // 17x slower). Only HotSpot's own limit rejects.
    if (out.codeSize > HARD_CODE_BYTES) {
      unitsRejected++;
      logLine(String.format("reject  %s: %d bytes of bytecode for one block", where(entry.pc),
          out.codeSize));
      return;
    }
    CompiledCode code;
    try {
      code = load(out, r);
    } catch (VerifyError e) {
      if (Translator.STACK_MAPS) {
        throw new IllegalStateException("could not load the unit for " + where(entry.pc), e);
      }
      // The JVM's inferring verifier refused the version-49 file: the same code with frames.
      unitsRemade++;
      logLine(String.format("re-make %s with stack maps: %s", where(entry.pc), e.getMessage()));
      out = Translator.translateWithStackMaps(r, countBlocks);
      try {
        code = load(out, r);
      } catch (Throwable again) {
        again.addSuppressed(e);
        throw new IllegalStateException("could not load the unit for " + where(entry.pc), again);
      }
    } catch (Throwable e) {
      throw new IllegalStateException("could not load the unit for " + where(entry.pc), e);
    }
    Unit u = new Unit(r, out, code, keepClassBytes);
    long dt = System.nanoTime() - t0;
    synchronized (this) {
      // Publish only if no block changed meanwhile; a later invalidation unpublishes.
      for (Block b : r.blocks.values()) {
        if (!b.valid) {
          unitsRejected++;
          return;
        }
      }
      if (replaced != null) {
        if (!units.remove(replaced) || !replaced.code.valid) {
          unitsRejected++;
          return; // invalidated meanwhile
        }
        unpublish(replaced);
        unitsReplaced++;
      }
      units.add(u);
      entry.compiled = code;
      // The unit's other entries; blocks already served by a live unit keep it.
      for (Block b : r.blocks.values()) {
        CompiledCode old = b.compiled;
        if (b != entry && out.entries.contains(b.pc) && (old == null || !old.valid)) {
          b.compiled = code;
        }
      }
      unitsCompiled++;
      bytecodeBytes += out.codeSize;
      translateNanos += dt;
    }
    logLine(String.format("compile %s: %d blocks, %d guest insns [%x..%x), %d bytes of bytecode,"
        + " %d exits, %.2f ms; %s", where(entry.pc), u.blocks, u.guestInsns, u.start, u.end,
        u.codeBytes, out.exits, dt / 1e6, reason));
  }

  /** Defines the class of {@code out} and makes its instance. */
  private CompiledCode load(Translator.Output out, Region r) throws Throwable {
    Class<?> cls = VISIBLE_CLASSES ? VisibleLoader.define(out.classBytes)
        : LOOKUP.defineHiddenClass(out.classBytes, true).lookupClass();
    MethodHandle ctor = LOOKUP.findConstructor(cls, CTOR);
    return (CompiledCode) ctor.invoke(out.exits, out.trapInsns, out.trapAdjust,
        countBlocks ? new long[r.blocks.size()] : null);
  }

  private record Fitted(Region region, Translator.Output out) {}

  /**
   * Translates {@code r}; one over the size caps is cut down to the longest run of its first
   * blocks (in selection order) that fits. Halving instead cut regions far below the caps: cxx's
   * sort loop with its virtual {@code area()} calls went from 22 blocks (4,476 bytes) to 11,
   * leaving the triangle's square root out of the loop's unit.
   */
  private Fitted fit(Region r, Block entry) {
    Translator.Output out = Translator.translate(r, countBlocks);
    if (!overCap(out) || r.blocks.size() == 1) {
      return new Fitted(r, out);
    }
    int before = r.blocks.size();
    int bytes = out.codeSize;
    // Bytes grow about in proportion to blocks: the first prefix tried is the proportional one,
    // the next its neighbour on the side the answer lies, then bisection. (Bisection alone
    // translated a 35-block region six times while HotSpot was still cold: sieve's whole run
    // 1.1x the time.)
    int cap = out.usesFp ? FP_CODE_BYTES : INT_CODE_BYTES;
    int lo = 0; // the longest prefix known to fit (0: none yet)
    int hi = before; // the shortest known to be over the caps
    Region best = null;
    Translator.Output bestOut = null;
    int mid = (int) Math.max(1, Math.min(before - 1,
        (long) before * cap / Math.max(1, out.codeSize - out.fpInlineBytes)));
    boolean first = true;
    while (hi - lo > 1) {
      Region m = r.firstBlocks(mid);
      Translator.Output o = Translator.translate(m, countBlocks);
      boolean fits = !overCap(o);
      if (fits) {
        lo = mid;
        best = m;
        bestOut = o;
      } else {
        hi = mid;
      }
      mid = first ? (fits ? mid + 1 : mid - 1) : (lo + hi) >>> 1;
      if (mid <= lo || mid >= hi) {
        mid = (lo + hi) >>> 1;
      }
      first = false;
    }
    if (best == null) {
      best = r.firstBlocks(1); // one block over the caps is still compiled (see compile)
      bestOut = Translator.translate(best, countBlocks);
    }
    logLine(String.format("shrink  %s: region cut from %d to %d blocks (%d guest insns):"
        + " %d bytes of bytecode is over the %d-byte cap", where(entry.pc), before,
        best.blocks.size(), best.insnCount(), bytes, cap));
    return new Fitted(best, bestOut);
  }

  /**
   * Restarts a hot block's counter (keeping what it counted for the profile); the next time it
   * gets hot, it is compiled as a unit of its own ({@link #hot}: state 2, then 3).
   */
  private static void rearm(Block b) {
    b.jitState = 2;
    b.earlierCount += b.count;
    b.count = 0;
  }

  /** Marks a unit dead and takes it off the blocks it was published on (callers hold the lock). */
  private void unpublish(Unit u) {
    u.code.valid = false;
    retiredEntries += u.code.entries; // a run already inside it may still add its last entry
    for (Block b : u.regionBlocks) {
      if (b.compiled == u.code) {
        b.compiled = null;
      }
    }
  }

  /**
   * A unit kept missing its ranges (floating-point values, {@link FpRanges}; the assumptions of an
   * index window, {@link IndexWindows}): it is dropped, its blocks are marked so that units made
   * from them do without those analyses, and its entry block counts again from zero (it is
   * compiled anew when hot, meanwhile interpreted).
   */
  @Override
  public void rangesFailed(CompiledCode cc) {
    Unit dropped = null;
    synchronized (this) {
      for (Unit u : units) {
        if (u.code == cc && cc.valid) {
          dropped = u;
          break;
        }
      }
      if (dropped == null) {
        return;
      }
      units.remove(dropped);
      for (Block b : dropped.regionBlocks) {
        b.noRanges = true;
      }
      unpublish(dropped);
      Block e = dropped.entry;
      e.jitState = 0;
      e.earlierCount += e.count;
      e.count = 0;
      unitsWithoutRanges++;
    }
    logLine(String.format("ranges  %s: left %d times at values outside its compiled ranges (FP"
        + " values, index windows); made again without them when hot", where(dropped.entryPc),
        cc.rangeMisses));
  }

  /** Units dropped to be made again without the FP range analysis. */
  public long unitsWithoutRanges() {
    return unitsWithoutRanges;
  }

  /** A live unit with an exit to {@code b} whose region does not hold it, or null. */
  private synchronized Unit exitingTo(Block b) {
    for (Unit u : units) {
      if (!u.code.valid || u.region.contains(b.pc)) {
        continue;
      }
      for (Block rb : u.regionBlocks) {
        if (Region.successors(rb).contains(b.pc)) {
          return u;
        }
      }
    }
    return null;
  }

  private synchronized boolean coveredByLiveUnit(Block b) {
    for (Unit u : units) {
      if (u.region.contains(b.pc) && u.code.valid) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void invalidated(long start, long end) {
    List<Unit> dropped = new ArrayList<>();
    synchronized (this) {
      units.removeIf(u -> {
        if (u.region.overlaps(start, end)) {
          unpublish(u);
          dropped.add(u);
          return true;
        }
        return false;
      });
      unitsInvalidated += dropped.size();
    }
    for (Unit u : dropped) {
      logLine(String.format("invalidate %s: guest code in [%x..%x) changed", where(u.entryPc),
          start, end));
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private String where(long pc) {
    String s = symbolizer.apply(pc);
    return s == null ? String.format("0x%x", pc) : String.format("0x%x <%s>", pc, s);
  }

  private void logLine(String s) {
    PrintStream p = log;
    if (p != null) {
      p.println("[jit] " + s);
    }
  }

  /**
   * The guest address a unit's code was made for (its region's entry), from the name its class
   * was given ({@link Translator#className}); also for units no longer live.
   */
  public static long entryPcOf(CompiledCode code) {
    String n = code.getClass().getName();
    int at = n.lastIndexOf("Unit_");
    if (at < 0) {
      throw new IllegalArgumentException("not a unit made by the JIT: " + n);
    }
    int end = n.indexOf('/', at);
    return Long.parseUnsignedLong(n.substring(at + 5, end < 0 ? n.length() : end), 16);
  }

  public synchronized List<Unit> units() {
    return new ArrayList<>(units);
  }

  public long unitsCompiled() {
    return unitsCompiled;
  }

  public long bytecodeBytes() {
    return bytecodeBytes;
  }

  public long translateNanos() {
    return translateNanos;
  }

  public long unitsInvalidated() {
    return unitsInvalidated;
  }

  public long unitsRejected() {
    return unitsRejected;
  }

  /** Units the JVM refused as version-49 class files, made again with stack maps. */
  public long unitsRemade() {
    return unitsRemade;
  }

  /** Units replaced by a grown unit (their region plus a block they kept leaving towards). */
  public long unitsReplaced() {
    return unitsReplaced;
  }

  /** Times the dispatcher entered units in all, replaced and invalidated ones included. */
  public synchronized long unitEntries() {
    long n = retiredEntries;
    for (Unit u : units) {
      n += u.code.entries;
    }
    return n;
  }

  /** Bytes of bytecode in live units. */
  public synchronized long codeCacheBytes() {
    long n = 0;
    for (Unit u : units) {
      n += u.codeBytes;
    }
    return n;
  }
}
