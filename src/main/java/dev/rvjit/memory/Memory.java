package dev.rvjit.memory;

import dev.rvjit.cpu.MemoryFault;
import dev.rvjit.cpu.MemoryFault.Access;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A 64-bit guest address space with Linux-style mappings: 4 KiB pages, each with read, write and
 * execute permission.
 *
 * <p><b>Fast path.</b> Addresses in {@code [FLAT_BASE, FLAT_END)} (about 1 GiB) live in one flat
 * region indexed by the guest address itself. A load there costs one subtract-and-shift range test;
 * a store also compares its page offset with the page's store limit ({@link #STORE_LIMITS}), so
 * read-only, unmapped and code-holding pages, and stores that would run into such a page, take the
 * slow path (which faults, or invalidates cached code first). The region is a private mapping of a
 * sparse temporary file, so host memory is committed only as the guest touches pages.
 *
 * <p><b>Trade-off (documented in the README):</b> a load from an unmapped or PROT_NONE page inside
 * the flat region reads zero instead of faulting; loads below {@code FLAT_BASE} (null pointers),
 * above the region, and every store, are checked exactly.
 *
 * <p><b>Slow path.</b> Pages outside the flat region live in a hash map and are always checked.
 *
 * <p>Atomics use {@link VarHandle} operations on the flat region, so several harts can later share
 * one {@code Memory}.
 */
public final class Memory {
  public static final int PAGE_BITS = 12;
  public static final long PAGE_SIZE = 1L << PAGE_BITS;
  public static final long PAGE_MASK = PAGE_SIZE - 1;

  /** Lowest address of the flat region; nothing below it can be mapped (Linux mmap_min_addr). */
  public static final long FLAT_BASE = 0x10000;
  /** log2 of the flat region's size. */
  public static final int FLAT_BITS = 30;
  /** First address past the flat region. */
  public static final long FLAT_END = FLAT_BASE + (1L << FLAT_BITS);

  /** Page permission and state bits, as kept in the flat region's flag table ({@link #FLAGS}). */
  public static final int PROT_READ = 1;
  public static final int PROT_WRITE = 2;
  public static final int PROT_EXEC = 4;
  /** The page holds code that an engine has decoded or translated; stores must invalidate it. */
  static final int CODE = 8;
  /** The page is mapped (possibly with no permission at all). */
  static final int MAPPED = 16;
  /** The page was mapped at some time, so it may hold non-zero bytes. */
  static final int USED = 32;
  /** Flag value of a page that plain stores may write on the fast path. */
  static final int FAST_STORE = MAPPED | USED | PROT_READ | PROT_WRITE;

  private static final VarHandle I64 =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I32 =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I16 =
      MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private final ByteBuffer flat;
  /** The innermost loads and stores of the flat region (see {@link RawOps}); use {@link #ops}. */
  private final RawOps own;
  /** Added to a flat-region guest address to get the argument {@link #ops} takes. */
  private final long base;
  /**
   * Where the flags of the flat region's pages live: one byte per page, indexed by
   * {@code addr >>> PAGE_BITS}, in the same host mapping just past the guest's bytes (out of the
   * guest's reach: its accesses end before {@code FLAT_END + 8}). Read with the raw accessors, so a
   * store's flag test costs no array bounds check (measured: see README).
   */
  private static final long FLAGS = FLAT_END + 64;
  /**
   * Beside the flags, in the same mapping: per flat page, a 16-bit bound below which a store's
   * page offset takes the fast path. 0 for a page that plain stores may not write; 4089 for one
   * that they may when the next page may not (an 8-byte store from there would reach the next
   * page unchecked); 8185 when the next page may be written too: any store of at most 8 bytes
   * from this page passes, and so does a group of stores reaching up to 8,184 bytes past the page
   * start ({@link #storesFast}). One test per store, as for the flag alone.
   */
  private static final long STORE_LIMITS = (FLAGS + (FLAT_END >>> PAGE_BITS) + 64) & ~1L;
  /** Pages outside the flat region, by page number. */
  private final Map<Long, HighPage> high = new HashMap<>();
  private volatile CodeWatcher codeWatcher;
  /** Bytes currently mapped (for limits and statistics). */
  private long mappedBytes;
  /** Bytes mapped outside the flat region (each such page is a Java heap object). */
  private long highBytes;
  /** --max-memory: the most bytes the guest's system calls may leave mapped. */
  private long mappedLimit = Long.MAX_VALUE;

  private static final class HighPage {
    final byte[] data = new byte[(int) PAGE_SIZE];
    int flags;
  }

  /** Told when a store hits a page that holds cached code, before the store happens. */
  public interface CodeWatcher {
    /** Drops every cached or compiled unit that holds code from the page at {@code pageAddr}. */
    void codeModified(long pageAddr);
  }

  public Memory() {
    this.flat = allocateFlat(STORE_LIMITS + 2 * ((FLAT_END >>> PAGE_BITS) + 1));
    this.own = RawOps.create(flat);
    this.base = own.base();
  }

  /** The flags of the flat-region page holding {@code a} (which must be in the flat region). */
  private int pflag(long a) {
    return pageFlag(a >>> PAGE_BITS);
  }

  /** The flags of flat-region page number {@code page}. */
  private int pageFlag(long page) {
    return (int) ops().getByteU(base + FLAGS + page);
  }

  /** Sets a flat page's flags and the store limits of it and the page before it. */
  private void setPflag(long a, int fl) {
    long page = a >>> PAGE_BITS;
    ops().putByte(base + FLAGS + page, fl);
    updateStoreLimit(page);
    if (page > 0) {
      updateStoreLimit(page - 1);
    }
  }

  private void updateStoreLimit(long page) {
    long last = (FLAT_END - 1) >>> PAGE_BITS;
    int limit = 0;
    if (pageFlag(page) == FAST_STORE) {
      boolean nextFast = page < last && pageFlag(page + 1) == FAST_STORE;
      limit = nextFast ? 2 * (int) PAGE_SIZE - 7 : (int) PAGE_SIZE - 7;
    }
    ops().putShort(base + STORE_LIMITS + 2 * page, limit);
  }

  /** True if loads and stores use raw host addresses rather than VarHandles. */
  public boolean rawAccess() {
    return ops().raw();
  }

  private static ByteBuffer allocateFlat(long size) {
    // A private mapping of a sparse file: zero pages that the OS commits only when touched.
    try {
      Path file = newScratchFile();
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(size);
        return raf.getChannel().map(FileChannel.MapMode.PRIVATE, 0, size);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // No usable temporary directory: fall back to direct memory (committed at once).
      return ByteBuffer.allocateDirect((int) size);
    }
  }

  private static final AtomicLong SCRATCH = new AtomicLong();

  /**
   * A new empty file, readable and writable by its owner only, in the temporary directory. Not
   * {@code Files.createTempFile}: that names files with a {@code SecureRandom}, whose set-up
   * (security providers, a message digest: some 40 classes in {@code -Xlog:class+load}) ran at
   * the start of every run. The name here (pid, clock, counter) need not be unpredictable: the
   * file is created exclusively ({@code O_EXCL}, which also refuses an existing link), another
   * name is tried if it exists, and it is deleted once mapped.
   */
  private static Path newScratchFile() throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    FileAttribute<?>[] owner =
        dir.getFileSystem().supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];
    long pid = ProcessHandle.current().pid();
    for (int attempt = 0; ; attempt++) {
      Path p = dir.resolve("rvjit-mem-" + pid + "-" + Long.toHexString(System.nanoTime()) + "-"
          + SCRATCH.incrementAndGet() + ".bin");
      try {
        return Files.createFile(p, owner);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 100) {
          throw e;
        }
      }
    }
  }

  public void setCodeWatcher(CodeWatcher w) {
    this.codeWatcher = w;
  }

  /**
   * The object whose accessors reach the flat region: {@link RawOps#SHARED} (a constant to
   * HotSpot) where the raw implementation exists, else this Memory's own.
   */
  private RawOps ops() {
    RawOps shared = RawOps.SHARED;
    return shared != null ? shared : own;
  }

  /** True if {@code a} is inside the flat region. */
  private static boolean inFlat(long a) {
    return ((a - FLAT_BASE) >>> FLAT_BITS) == 0;
  }

  // ---------------------------------------------------------------- loads and stores (hot)
  // Each of these stays under HotSpot's 35-byte inlining limit for call sites it does not consider
  // hot, so the interpreter's switch and large compiled regions inline them all.

  public long ld(long a) {
    if (inFlat(a)) {
      return ops().getLong(base + a);
    }
    return slowLoad(a, 8);
  }

  public long lw(long a) {
    if (inFlat(a)) {
      return ops().getInt(base + a);
    }
    return (int) slowLoad(a, 4);
  }

  public long lwu(long a) {
    if (inFlat(a)) {
      return ops().getIntU(base + a);
    }
    return slowLoad(a, 4);
  }

  public long lh(long a) {
    if (inFlat(a)) {
      return ops().getShort(base + a);
    }
    return (short) slowLoad(a, 2);
  }

  public long lhu(long a) {
    if (inFlat(a)) {
      return ops().getShortU(base + a);
    }
    return slowLoad(a, 2);
  }

  public long lb(long a) {
    if (inFlat(a)) {
      return ops().getByte(base + a);
    }
    return (byte) slowLoad(a, 1);
  }

  public long lbu(long a) {
    if (inFlat(a)) {
      return ops().getByteU(base + a);
    }
    return slowLoad(a, 1);
  }

  /**
   * True if a store of at most 8 bytes to {@code a} may take the fast path: its page takes plain
   * stores, and either so does the next page or the store ends in this one (so a misaligned store
   * at a page's end cannot reach a read-only, unmapped or code page unchecked).
   */
  private boolean fastStore(long a) {
    // storeLimit(a) spelt out on every store's path: calling it instead measured 0.92x and 0.99x
    // of this (strings' steady guest rate, the two builds at once on one core), so it stays.
    return inFlat(a)
        && (a & PAGE_MASK) < ops().getShortU(base + STORE_LIMITS + ((a >>> PAGE_BITS) << 1));
  }

  public void sd(long a, long v) {
    if (fastStore(a)) {
      ops().putLong(base + a, v);
    } else {
      slowStore(a, v, 8);
    }
  }

  public void sw(long a, long v) {
    if (fastStore(a)) {
      ops().putInt(base + a, v);
    } else {
      slowStore(a, v, 4);
    }
  }

  public void sh(long a, long v) {
    if (fastStore(a)) {
      ops().putShort(base + a, v);
    } else {
      slowStore(a, v, 2);
    }
  }

  public void sb(long a, long v) {
    if (fastStore(a)) {
      ops().putByte(base + a, v);
    } else {
      slowStore(a, v, 1);
    }
  }

  // ---------------------------------------------------------------- grouped accesses (hot)
  // Compiled code checks a run of accesses off one base register once (a function's saves and
  // restores off sp, a struct's fields), then passes the answer to each access: the ranges below
  // are at most a page long, so they touch at most two pages. Page permissions cannot shrink
  // between the check and the accesses (only system calls and decoding, neither of which runs
  // inside compiled code, take them away). When the check says no, every access takes its own
  // checked path above, which faults exactly where the interpreter would.

  /** The longest range {@link #loadsFast} and {@link #storesFast} may be asked about. */
  public static final int GROUP_SPAN = (int) PAGE_SIZE;

  /**
   * True if every load of {@code [first, first + reach]} may take the fast path (the range is in
   * the flat region); {@code reach} must be below {@link #GROUP_SPAN}. Compiled code passes a
   * constant {@code reach}, so the test is one subtraction and two compares with constants.
   */
  public boolean loadsFast(long first, int reach) {
    long x = first - FLAT_BASE;
    return x >= 0 && x < (1L << FLAT_BITS) - reach;
  }

  /**
   * True if every load and store of {@code [first, first + reach]} may take the fast path: the
   * range is in the flat region and its (at most two) pages take plain stores; {@code reach} must
   * be below {@link #GROUP_SPAN}. One look-up of the store limits ({@link #STORE_LIMITS}) covers
   * both pages: 8185 says the next page takes plain stores too, and 4089 lets the range pass only
   * if it ends in this page (its last byte at most 4095: within 7 bytes for short ranges).
   */
  public boolean storesFast(long first, int reach) {
    return loadsFast(first, reach)
        && (first & PAGE_MASK) + Math.max(reach - 7, 0) < storeLimit(first);
  }

  /** Most passes back a loop may have for {@link #loopFast} to vouch for it. */
  static final long LOOP_PASSES = 1L << 24;
  /** Widest range of stores {@link #loopFast} checks page by page. */
  static final long LOOP_STORE_SPAN = 1L << 18;

  /** {@link #loopFast}'s loop conditions: go back while the counter is not the end. */
  public static final int LOOP_NE = 0;
  /** Go back while the counter is short of the end (it moves towards it). */
  public static final int LOOP_BEFORE = 1;
  /** Go back while the counter is short of or at the end. */
  public static final int LOOP_UP_TO = 2;
  /** Added to {@link #LOOP_BEFORE} or {@link #LOOP_UP_TO}: the compare is unsigned. */
  public static final int LOOP_UNSIGNED = 4;

  /**
   * The range test of a compiled loop's accesses off one base register, made once where the loop
   * is entered (jit.LoopWindows): true if every access {@code [q' + lo, q' + end)} lies
   * in the flat region (and, if {@code stores}, on pages that take plain stores) for every value
   * {@code q'} the register can take while the loop runs. The register holds {@code q} now and
   * moves by {@code step} at most once per pass (0: not at all); the loop goes back only while
   * its counter, {@code p} now and moved by {@code c} at most once per pass, meets {@code cond}
   * against {@code e}: {@link #LOOP_NE} (at most {@code (e - p) / c} passes back, which must be a
   * positive whole number, else the answer is false), {@link #LOOP_BEFORE} or {@link #LOOP_UP_TO}
   * (at most {@code ceil((e - p) / c)} or {@code floor((e - p) / c) + 1}). When the answer is
   * false the loop tests its accesses one by one.
   */
  public boolean loopFast(long q, long step, long p, long e, long c, int cond, long lo, long end,
      boolean stores) {
    long big = 1L << 62; // (no wrap-around in the sums below, signed and unsigned agree)
    if (q < -big || q > big || p < -big || p > big || e < -big || e > big
        || (cond & LOOP_UNSIGNED) != 0 && (p < 0 || e < 0 || c < 0 && e < -c)) {
      return false; // (counting down, unsigned, the counter must not pass below zero)
    }
    long qlo = q;
    long qhi = q;
    if (step != 0) {
      long d = c > 0 ? e - p : p - e; // the distance to go, in the counter's direction
      long ac = Math.abs(c);
      long n; // passes back, at most
      switch (cond & ~LOOP_UNSIGNED) {
        case LOOP_NE:
          if (d <= 0 || d % ac != 0) {
            return false;
          }
          n = d / ac;
          break;
        case LOOP_BEFORE:
          n = d <= 0 ? 0 : (d + ac - 1) / ac;
          break;
        default:
          n = d < 0 ? 0 : d / ac + 1;
          break;
      }
      if (n > LOOP_PASSES) {
        return false;
      }
      long span = (n + 1) * step;
      if (span > 0) {
        qhi += span;
      } else {
        qlo += span;
      }
    }
    return rangeFast(qlo + lo, qhi + end, stores);
  }

  /**
   * True if {@code [first, last)} lies in the flat region and, if {@code stores}, on pages that
   * take plain stores (at most {@link #LOOP_STORE_SPAN} bytes): the test of an index window
   * (jit.IndexWindows) and the end of {@link #loopFast}'s.
   */
  public boolean rangeFast(long first, long last, boolean stores) {
    if (first < FLAT_BASE || last > FLAT_END || first >= last) {
      return false;
    }
    if (stores) {
      if (last - first > LOOP_STORE_SPAN) {
        return false;
      }
      for (long a = first & ~PAGE_MASK; a < last; a += PAGE_SIZE) {
        if (storeLimit(a) == 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** The store limit of the flat page holding {@code a} (0: plain stores may not write it). */
  private int storeLimit(long a) {
    return (int) ops().getShortU(base + STORE_LIMITS + ((a >>> PAGE_BITS) << 1));
  }

  // A load or store of a checked group: {@code fast} is what loadsFast or storesFast said for a
  // range holding the access.

  public long ld(long a, boolean fast) {
    return fast ? ops().getLong(base + a) : ld(a);
  }

  /**
   * fld for compiled code: the double {@link #ld} reads (see {@link RawOps#getDouble}); as with
   * the other accessors of a checked group, {@code fast} is what the group's check said.
   */
  public double fld(long a, boolean fast) {
    return fast ? ops().getDouble(base + a) : fld(a);
  }

  /** fld for compiled code, alone: {@link #ld} as a double. */
  public double fld(long a) {
    if (inFlat(a)) {
      return ops().getDouble(base + a);
    }
    return Double.longBitsToDouble(slowLoad(a, 8));
  }

  public long lw(long a, boolean fast) {
    return fast ? ops().getInt(base + a) : lw(a);
  }

  public long lwu(long a, boolean fast) {
    return fast ? ops().getIntU(base + a) : lwu(a);
  }

  public long lh(long a, boolean fast) {
    return fast ? ops().getShort(base + a) : lh(a);
  }

  public long lhu(long a, boolean fast) {
    return fast ? ops().getShortU(base + a) : lhu(a);
  }

  public long lb(long a, boolean fast) {
    return fast ? ops().getByte(base + a) : lb(a);
  }

  public long lbu(long a, boolean fast) {
    return fast ? ops().getByteU(base + a) : lbu(a);
  }

  public void sd(long a, long v, boolean fast) {
    if (fast) {
      ops().putLong(base + a, v);
    } else {
      sd(a, v);
    }
  }

  public void sw(long a, long v, boolean fast) {
    if (fast) {
      ops().putInt(base + a, v);
    } else {
      sw(a, v);
    }
  }

  public void sh(long a, long v, boolean fast) {
    if (fast) {
      ops().putShort(base + a, v);
    } else {
      sh(a, v);
    }
  }

  public void sb(long a, long v, boolean fast) {
    if (fast) {
      ops().putByte(base + a, v);
    } else {
      sb(a, v);
    }
  }

  // ---------------------------------------------------------------- slow paths

  private int flagsOf(long a) {
    if (inFlat(a)) {
      return pflag(a);
    }
    HighPage p = high.get(a >>> PAGE_BITS);
    return p == null ? 0 : p.flags;
  }

  private long slowLoad(long a, int size) {
    long v = 0;
    for (int i = 0; i < size; i++) {
      long b = a + i;
      if ((flagsOf(b) & (MAPPED | PROT_READ)) != (MAPPED | PROT_READ)) {
        throw new MemoryFault(b, Access.READ);
      }
      v |= (rawByte(b) & 0xffL) << (8 * i);
    }
    return v;
  }

  private void slowStore(long a, long v, int size) {
    for (int i = 0; i < size; i++) {
      checkWritable(a + i, a);
    }
    for (int i = 0; i < size; i++) {
      rawPut(a + i, (byte) (v >>> (8 * i)));
    }
  }

  /** Faults unless {@code b} is writable; invalidates cached code on its page first. */
  private void checkWritable(long b, long reportAddr) {
    int fl = flagsOf(b);
    if ((fl & (MAPPED | PROT_WRITE)) != (MAPPED | PROT_WRITE)) {
      throw new MemoryFault(reportAddr, Access.WRITE);
    }
    if ((fl & CODE) != 0) {
      long page = b & ~PAGE_MASK;
      setFlags(page, fl & ~CODE);
      CodeWatcher w = codeWatcher;
      if (w != null) {
        w.codeModified(page);
      }
    }
  }

  private byte rawByte(long a) {
    if (inFlat(a)) {
      return flat.get((int) a);
    }
    HighPage p = high.get(a >>> PAGE_BITS);
    return p == null ? 0 : p.data[(int) (a & PAGE_MASK)];
  }

  private void rawPut(long a, byte v) {
    if (inFlat(a)) {
      flat.put((int) a, v);
      return;
    }
    HighPage p = high.get(a >>> PAGE_BITS);
    if (p != null) {
      p.data[(int) (a & PAGE_MASK)] = v;
    }
  }

  private void setFlags(long page, int fl) {
    if (inFlat(page)) {
      setPflag(page, fl);
    } else {
      HighPage p = high.get(page >>> PAGE_BITS);
      if (p != null) {
        p.flags = fl;
      }
    }
  }

  // ---------------------------------------------------------------- atomics

  /** Checks an atomic access: aligned, readable and writable. Returns true if on the flat region. */
  private boolean atomicCheck(long a, int size) {
    if ((a & (size - 1)) != 0) {
      throw new MemoryFault(a, Access.WRITE, true);
    }
    if (fastStore(a)) {
      return true;
    }
    checkWritable(a, a);
    if ((flagsOf(a) & PROT_READ) == 0) {
      throw new MemoryFault(a, Access.READ);
    }
    return false;
  }

  /**
   * Faults exactly as an atomic access of {@code size} bytes at {@code a} would (misaligned: bus
   * error; not writable: segmentation fault), without accessing memory.
   */
  public void checkAtomic(long a, int size) {
    atomicCheck(a, size);
  }

  /** Operation codes of {@link #amo32} and {@link #amo64}. */
  private static final int SWAP = 0, ADD = 1, XOR = 2, AND = 3, OR = 4, MIN = 5, MAX = 6,
      MINU = 7, MAXU = 8;

  private long amo32(long a, long val, int op) {
    int v = (int) val;
    if (!atomicCheck(a, 4)) {
      synchronized (this) {
        int old = (int) slowLoad(a, 4);
        slowStore(a, combine(old, v, op), 4);
        return old;
      }
    }
    int i = (int) a;
    switch (op) {
      case SWAP:
        return (int) I32.getAndSet(flat, i, v);
      case ADD:
        return (int) I32.getAndAdd(flat, i, v);
      case XOR:
        return (int) I32.getAndBitwiseXor(flat, i, v);
      case AND:
        return (int) I32.getAndBitwiseAnd(flat, i, v);
      case OR:
        return (int) I32.getAndBitwiseOr(flat, i, v);
      default:
        while (true) {
          int old = (int) I32.getVolatile(flat, i);
          if (I32.compareAndSet(flat, i, old, (int) combine(old, v, op))) {
            return old;
          }
        }
    }
  }

  private long amo64(long a, long v, int op) {
    if (!atomicCheck(a, 8)) {
      synchronized (this) {
        long old = slowLoad(a, 8);
        slowStore(a, combine(old, v, op), 8);
        return old;
      }
    }
    int i = (int) a;
    switch (op) {
      case SWAP:
        return (long) I64.getAndSet(flat, i, v);
      case ADD:
        return (long) I64.getAndAdd(flat, i, v);
      case XOR:
        return (long) I64.getAndBitwiseXor(flat, i, v);
      case AND:
        return (long) I64.getAndBitwiseAnd(flat, i, v);
      case OR:
        return (long) I64.getAndBitwiseOr(flat, i, v);
      default:
        while (true) {
          long old = (long) I64.getVolatile(flat, i);
          if (I64.compareAndSet(flat, i, old, combine(old, v, op))) {
            return old;
          }
        }
    }
  }

  /**
   * The new memory value of an AMO. Word forms pass sign-extended words: sign extension keeps both
   * signed and unsigned order, so one 64-bit rule serves both widths (the caller truncates).
   */
  private static long combine(long old, long v, int op) {
    switch (op) {
      case SWAP:
        return v;
      case ADD:
        return old + v;
      case XOR:
        return old ^ v;
      case AND:
        return old & v;
      case OR:
        return old | v;
      case MIN:
        return Math.min(old, v);
      case MAX:
        return Math.max(old, v);
      case MINU:
        return Long.compareUnsigned(old, v) < 0 ? old : v;
      default:
        return Long.compareUnsigned(old, v) > 0 ? old : v;
    }
  }

  // AMO semantics methods, named as the Opcode table says (they return the old value, sign-extended).
  public long amoswap_w(long a, long v) {
    return amo32(a, v, SWAP);
  }

  public long amoadd_w(long a, long v) {
    return amo32(a, v, ADD);
  }

  public long amoxor_w(long a, long v) {
    return amo32(a, v, XOR);
  }

  public long amoand_w(long a, long v) {
    return amo32(a, v, AND);
  }

  public long amoor_w(long a, long v) {
    return amo32(a, v, OR);
  }

  public long amomin_w(long a, long v) {
    return amo32(a, v, MIN);
  }

  public long amomax_w(long a, long v) {
    return amo32(a, v, MAX);
  }

  public long amominu_w(long a, long v) {
    return amo32(a, v, MINU);
  }

  public long amomaxu_w(long a, long v) {
    return amo32(a, v, MAXU);
  }

  public long amoswap_d(long a, long v) {
    return amo64(a, v, SWAP);
  }

  public long amoadd_d(long a, long v) {
    return amo64(a, v, ADD);
  }

  public long amoxor_d(long a, long v) {
    return amo64(a, v, XOR);
  }

  public long amoand_d(long a, long v) {
    return amo64(a, v, AND);
  }

  public long amoor_d(long a, long v) {
    return amo64(a, v, OR);
  }

  public long amomin_d(long a, long v) {
    return amo64(a, v, MIN);
  }

  public long amomax_d(long a, long v) {
    return amo64(a, v, MAX);
  }

  public long amominu_d(long a, long v) {
    return amo64(a, v, MINU);
  }

  public long amomaxu_d(long a, long v) {
    return amo64(a, v, MAXU);
  }

  /** Load-reserved word: an aligned, readable load (the reservation is kept by the caller). */
  public long loadReserved(long a, int size) {
    if ((a & (size - 1)) != 0) {
      throw new MemoryFault(a, Access.READ, true);
    }
    if (!inFlat(a) || (pflag(a) & (MAPPED | PROT_READ)) != (MAPPED
        | PROT_READ)) {
      return size == 4 ? (int) slowLoad(a, 4) : slowLoad(a, 8);
    }
    return size == 4 ? (int) I32.getVolatile(flat, (int) a) : (long) I64.getVolatile(flat, (int) a);
  }

  /**
   * Store-conditional: stores {@code v} if memory still holds {@code expected}; true on success.
   * Faults like a store (alignment, permission) whether or not it would succeed.
   */
  public boolean storeConditional(long a, long expected, long v, int size) {
    if (!atomicCheck(a, size)) {
      synchronized (this) {
        long cur = size == 4 ? (int) slowLoad(a, 4) : slowLoad(a, 8);
        if (cur != expected) {
          return false;
        }
        slowStore(a, v, size);
        return true;
      }
    }
    if (size == 4) {
      return I32.compareAndSet(flat, (int) a, (int) expected, (int) v);
    }
    return I64.compareAndSet(flat, (int) a, expected, v);
  }

  // ---------------------------------------------------------------- instruction fetch

  /**
   * Fetches 16 bits of code for the decoder, checking execute permission, and marks the page as
   * holding code so that later stores to it invalidate what was decoded.
   */
  public int fetch16(long a) {
    int fl = flagsOf(a);
    if ((fl & (MAPPED | PROT_EXEC)) != (MAPPED | PROT_EXEC)) {
      throw new MemoryFault(a, Access.EXECUTE);
    }
    if ((fl & CODE) == 0) {
      setFlags(a & ~PAGE_MASK, fl | CODE);
    }
    return (rawByte(a) & 0xff) | (rawByte(a + 1) & 0xff) << 8;
  }

  // ---------------------------------------------------------------- mappings

  /**
   * Maps {@code [addr, addr+len)} (page-aligned) with {@code prot}; the pages read as zero
   * afterwards. Existing mappings in the range are replaced, as with MAP_FIXED.
   */
  public synchronized void map(long addr, long len, int prot) {
    checkRange(addr, len);
    for (long p = addr; p < addr + len; p += PAGE_SIZE) {
      int fl = flagsOf(p);
      if ((fl & CODE) != 0 && codeWatcher != null) {
        codeWatcher.codeModified(p);
      }
      if ((fl & MAPPED) != 0) {
        mappedBytes -= PAGE_SIZE;
        if (!inFlat(p)) {
          highBytes -= PAGE_SIZE;
        }
      }
      if (inFlat(p)) {
        if ((fl & USED) != 0) {
          zeroFlat(p);
        }
        setPflag(p, (MAPPED | USED | (prot & 7)));
      } else {
        HighPage hp = new HighPage();
        hp.flags = MAPPED | USED | (prot & 7);
        high.put(p >>> PAGE_BITS, hp);
        highBytes += PAGE_SIZE;
      }
      mappedBytes += PAGE_SIZE;
    }
  }

  private void zeroFlat(long page) {
    int base = (int) page;
    for (int i = 0; i < PAGE_SIZE; i += 8) {
      I64.set(flat, base + i, 0L);
    }
  }

  /** Unmaps {@code [addr, addr+len)}; unmapped pages in the range are ignored, as under Linux. */
  public synchronized void unmap(long addr, long len) {
    checkRange(addr, len);
    for (long p = addr; p < addr + len; p += PAGE_SIZE) {
      int fl = flagsOf(p);
      if ((fl & MAPPED) == 0) {
        continue;
      }
      if ((fl & CODE) != 0 && codeWatcher != null) {
        codeWatcher.codeModified(p);
      }
      mappedBytes -= PAGE_SIZE;
      if (inFlat(p)) {
        setPflag(p, USED);
      } else {
        high.remove(p >>> PAGE_BITS);
        highBytes -= PAGE_SIZE;
      }
    }
  }

  /**
   * Changes the permission of {@code [addr, addr+len)}. Returns false (and changes nothing) if any
   * page in the range is unmapped (Linux answers ENOMEM).
   */
  public synchronized boolean protect(long addr, long len, int prot) {
    checkRange(addr, len);
    if (!isMapped(addr, len)) {
      return false;
    }
    for (long p = addr; p < addr + len; p += PAGE_SIZE) {
      int fl = flagsOf(p);
      if ((fl & CODE) != 0 && codeWatcher != null) {
        codeWatcher.codeModified(p);
        fl &= ~CODE;
      }
      setFlags(p, (fl & ~7) | (prot & 7));
    }
    return true;
  }

  /** True if every page of {@code [addr, addr+len)} is mapped. */
  public synchronized boolean isMapped(long addr, long len) {
    for (long p = addr & ~PAGE_MASK; Long.compareUnsigned(p, addr + len) < 0; p += PAGE_SIZE) {
      if ((flagsOf(p) & MAPPED) == 0) {
        return false;
      }
      if (p + PAGE_SIZE == 0) {
        break;
      }
    }
    return true;
  }

  /** True if no page of {@code [addr, addr+len)} is mapped. */
  public synchronized boolean isFree(long addr, long len) {
    for (long p = addr & ~PAGE_MASK; Long.compareUnsigned(p, addr + len) < 0; p += PAGE_SIZE) {
      if ((flagsOf(p) & MAPPED) != 0) {
        return false;
      }
    }
    return true;
  }

  /** The permission bits of the page holding {@code addr}, or -1 if it is unmapped. */
  public synchronized int protectionOf(long addr) {
    int fl = flagsOf(addr);
    return (fl & MAPPED) == 0 ? -1 : fl & 7;
  }

  /**
   * Finds a free, page-aligned range of {@code len} bytes, searching downward from {@code top}
   * to {@code bottom} (as Linux places mmap areas below the stack). Returns -1 if none.
   */
  public synchronized long findFreeDown(long len, long top, long bottom) {
    long pages = (len + PAGE_MASK) >>> PAGE_BITS;
    long run = 0;
    for (long p = (top & ~PAGE_MASK) - PAGE_SIZE; p >= bottom; p -= PAGE_SIZE) {
      if ((flagsOf(p) & MAPPED) == 0) {
        if (++run == pages) {
          return p;
        }
      } else {
        run = 0;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- accounting (--max-memory)

  /** Sets the most bytes {@link #fitsLimit} lets the guest have mapped (--max-memory). */
  public synchronized void setMappedLimit(long bytes) {
    mappedLimit = bytes;
  }

  /** The --max-memory limit in bytes ({@link Long#MAX_VALUE} when there is none). */
  public synchronized long mappedLimit() {
    return mappedLimit;
  }

  /**
   * True if mapping {@code [addr, addr+len)} (page-aligned) keeps the guest within the
   * --max-memory limit and keeps the pages outside the flat region (Java heap objects) within
   * {@code heapBudget} bytes. The system-call layer asks before it maps and answers ENOMEM
   * otherwise; the loader's initial mappings count but are not refused.
   */
  public synchronized boolean fitsLimit(long addr, long len, long heapBudget) {
    long add = 0;
    long addHigh = 0;
    for (long p = addr; Long.compareUnsigned(p, addr + len) < 0; p += PAGE_SIZE) {
      if ((flagsOf(p) & MAPPED) == 0) {
        add += PAGE_SIZE;
        if (!inFlat(p)) {
          addHigh += PAGE_SIZE;
        }
      }
      if (add > mappedLimit || addHigh > heapBudget) {
        return false; // stop early: a huge range must not take long to refuse
      }
    }
    return mappedBytes + add <= mappedLimit && highBytes + addHigh <= heapBudget;
  }

  /** Bytes currently mapped outside the flat region. */
  public synchronized long highMappedBytes() {
    return highBytes;
  }

  /** Bytes currently mapped. */
  public synchronized long mappedBytes() {
    return mappedBytes;
  }

  private static void checkRange(long addr, long len) {
    if ((addr & PAGE_MASK) != 0 || (len & PAGE_MASK) != 0 || len < 0) {
      throw new IllegalArgumentException(
          String.format("unaligned mapping range 0x%x+0x%x", addr, len));
    }
  }

  // ---------------------------------------------------------------- bulk access (syscalls, loader)

  /** Copies guest memory to {@code dst}, checking read permission (MemoryFault if not readable). */
  public void read(long addr, byte[] dst, int off, int len) {
    if (len == 0) {
      return;
    }
    if (inFlat(addr) && inFlat(addr + len - 1) && readableRange(addr, len)) {
      flat.get((int) addr, dst, off, len);
      return;
    }
    for (int i = 0; i < len; i++) {
      dst[off + i] = (byte) slowLoad(addr + i, 1);
    }
  }

  private boolean readableRange(long addr, long len) {
    for (long p = addr & ~PAGE_MASK; p < addr + len; p += PAGE_SIZE) {
      if ((pflag(p) & (MAPPED | PROT_READ)) != (MAPPED | PROT_READ)) {
        return false;
      }
    }
    return true;
  }

  /** Copies {@code src} into guest memory, checking write permission (and invalidating code). */
  public void write(long addr, byte[] src, int off, int len) {
    if (len == 0) {
      return;
    }
    for (long p = addr & ~PAGE_MASK; Long.compareUnsigned(p, addr + len) < 0; p += PAGE_SIZE) {
      checkWritable(Math.max(p, addr), Math.max(p, addr));
    }
    if (inFlat(addr) && inFlat(addr + len - 1)) {
      flat.put((int) addr, src, off, len);
      return;
    }
    for (int i = 0; i < len; i++) {
      rawPut(addr + i, src[off + i]);
    }
  }

  /** Reads {@code len} bytes of guest memory (checked) into a new array. */
  public byte[] read(long addr, int len) {
    byte[] b = new byte[len];
    read(addr, b, 0, len);
    return b;
  }

  /**
   * Writes bytes ignoring permissions (the loader filling read-only segments). The range must be
   * mapped. Cached code on the pages is invalidated.
   */
  public void poke(long addr, byte[] src, int off, int len) {
    for (int i = 0; i < len; i++) {
      long a = addr + i;
      int fl = flagsOf(a);
      if ((fl & MAPPED) == 0) {
        throw new MemoryFault(a, Access.WRITE);
      }
      if ((fl & CODE) != 0) {
        setFlags(a & ~PAGE_MASK, fl & ~CODE);
        CodeWatcher w = codeWatcher;
        if (w != null) {
          w.codeModified(a & ~PAGE_MASK);
        }
      }
      rawPut(a, src[off + i]);
    }
  }

  /** Reads bytes ignoring permissions (mapped pages only; unmapped read as zero). */
  public byte peek(long addr) {
    return rawByte(addr);
  }

  /**
   * Reads a NUL-terminated string of at most {@code max} bytes (checked); returns null if no NUL
   * was found within {@code max} bytes.
   */
  public String readCString(long addr, int max) {
    byte[] buf = new byte[64];
    int n = 0;
    while (n < max) {
      byte b = (byte) slowOrFastByte(addr + n);
      if (b == 0) {
        return new String(buf, 0, n, StandardCharsets.UTF_8);
      }
      if (n == buf.length) {
        buf = java.util.Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = b;
    }
    return null;
  }

  /** Like {@link #readCString} but returns the raw bytes (file names need not be UTF-8). */
  public byte[] readCStringBytes(long addr, int max) {
    byte[] buf = new byte[64];
    int n = 0;
    while (n < max) {
      byte b = (byte) slowOrFastByte(addr + n);
      if (b == 0) {
        return java.util.Arrays.copyOf(buf, n);
      }
      if (n == buf.length) {
        buf = java.util.Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = b;
    }
    return null;
  }

  private long slowOrFastByte(long a) {
    if (inFlat(a) && (pflag(a) & (MAPPED | PROT_READ)) == (MAPPED
        | PROT_READ)) {
      return flat.get((int) a);
    }
    return slowLoad(a, 1);
  }
}
