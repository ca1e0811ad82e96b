package dev.rvjit.linux;

import dev.rvjit.cpu.Hart;
import dev.rvjit.memory.Memory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a RISC-V Linux executable into a fresh {@link GuestProcess}: maps its segments, loads its
 * dynamic loader (PT_INTERP) if it has one, builds the initial stack and auxiliary vector, and sets
 * the hart's {@code pc} and {@code sp}, as Linux's {@code execve} does.
 *
 * <h2>Address-space layout (fixed, no randomisation)</h2>
 *
 * <pre>
 *   FLAT_END (0x4001_0000)      -- top of the flat region
 *     64 KiB unmapped
 *   stackTop   = FLAT_END - 64 KiB                      (0x4000_0000)
 *     stack, 8 MiB, RW          (Linux's default RLIMIT_STACK; RWX if PT_GNU_STACK has PF_X)
 *   stackBottom = stackTop - 8 MiB                      (0x3f80_0000)
 *     1 MiB unmapped            (guard gap below the stack)
 *   mmapTop    = stackBottom - 1 MiB                    (0x3f70_0000)
 *     mmap area, filled top-down: the interpreter first, then the guest's mmaps
 *   mmapBottom = brkLimit
 *     heap (brk), at most 256 MiB
 *   brkStart   = page-aligned end of the main executable's highest segment
 *     main executable
 *   FLAT_BASE (0x1_0000)        -- ET_DYN executables (PIE, static-PIE) start here
 * </pre>
 *
 * <p>An ET_EXEC loads at its own addresses; an ET_DYN at the bias that puts its lowest segment at
 * {@code FLAT_BASE} rounded up to its largest segment alignment. The interpreter goes at the
 * highest free, suitably aligned range below {@code mmapTop} (as a top-down mmap would place it).
 *
 * <p>Unusual ET_EXEC placements: if the executable lies wholly at or above {@code FLAT_END}, its
 * pages live outside the flat region (slower, but correct) and the heap starts at {@code
 * FLAT_BASE} (Linux also places the break independently of the executable when it randomises).
 * If it ends so high in the flat region that less than 320 MiB remain below {@code mmapTop}, the
 * heap gets half of what remains. An executable that overlaps the stack area, lies below {@code
 * FLAT_BASE} (Linux's {@code mmap_min_addr}) or above the 47-bit user address space is refused.
 *
 * <h2>Auxiliary vector</h2>
 *
 * <p>The entries qemu-riscv64 and Linux give a RISC-V process, minus the vDSO: AT_PHDR, AT_PHENT,
 * AT_PHNUM, AT_PAGESZ, AT_BASE, AT_FLAGS, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID, AT_HWCAP
 * (I, M, A, F, D, C), AT_CLKTCK, AT_SECURE, AT_RANDOM, AT_EXECFN. Like Linux on RISC-V (where
 * {@code ELF_PLATFORM} is NULL and there is no {@code ELF_HWCAP2}) and qemu-riscv64, there is no
 * AT_PLATFORM and no AT_HWCAP2.
 */
public final class ElfLoader {
  /** Auxiliary vector entry types (from the Linux {@code auxvec.h} ABI). */
  public static final int AT_NULL = 0;
  /** Address of the main program's program headers. */
  public static final int AT_PHDR = 3;
  /** Size of one program header. */
  public static final int AT_PHENT = 4;
  /** Number of program headers. */
  public static final int AT_PHNUM = 5;
  /** Page size. */
  public static final int AT_PAGESZ = 6;
  /** Load bias of the interpreter. */
  public static final int AT_BASE = 7;
  /** Flags (always 0). */
  public static final int AT_FLAGS = 8;
  /** Entry point of the main program. */
  public static final int AT_ENTRY = 9;
  /** Real user id. */
  public static final int AT_UID = 11;
  /** Effective user id. */
  public static final int AT_EUID = 12;
  /** Real group id. */
  public static final int AT_GID = 13;
  /** Effective group id. */
  public static final int AT_EGID = 14;
  /** Platform string address (not provided on RISC-V). */
  public static final int AT_PLATFORM = 15;
  /** Hardware capabilities: bit {@code letter - 'A'} per single-letter extension. */
  public static final int AT_HWCAP = 16;
  /** Clock ticks per second for times(). */
  public static final int AT_CLKTCK = 17;
  /** Secure mode (setuid); always 0. */
  public static final int AT_SECURE = 23;
  /** Address of 16 random bytes. */
  public static final int AT_RANDOM = 25;
  /** Address of the program's file name. */
  public static final int AT_EXECFN = 31;

  /** AT_HWCAP value: the I, M, A, F, D and C extensions. */
  public static final long HWCAP_RV64GC = hwcap("IMAFDC");
  /** Clock ticks per second (Linux USER_HZ). */
  public static final long CLOCK_TICKS = 100;

  /** Unmapped space left between the stack and the end of the flat region. */
  public static final long STACK_TOP_GAP = 64L << 10;
  /** Size of the stack mapping (Linux's default RLIMIT_STACK). */
  public static final long STACK_SIZE = 8L << 20;
  /** Unmapped guard gap between the mmap area and the stack. */
  public static final long STACK_GUARD_GAP = 1L << 20;
  /** How far the break may grow from its start. */
  public static final long BRK_SIZE = 256L << 20;
  /** Smallest mmap window below the stack that the normal policy keeps. */
  static final long MIN_MMAP_WINDOW = 64L << 20;
  /** First address past the user address space rvjit accepts for ET_EXEC segments (47 bits). */
  static final long USER_TOP = 1L << 47;

  private static final long PAGE = Memory.PAGE_SIZE;

  /**
   * What the loader did, beyond the fields it set in {@link GuestProcess}.
   *
   * @param sp the initial stack pointer
   * @param auxv the auxiliary vector as (type, value) pairs, ending with AT_NULL, 0 (for {@code
   *     /proc/self/auxv})
   * @param bias load bias of the main executable (0 for ET_EXEC)
   * @param interpreterPath host path of the loaded interpreter, or null
   */
  public record Loaded(long sp, long[] auxv, long bias, Path interpreterPath) {}

  private ElfLoader() {}

  /**
   * Loads {@code exe} into {@code p} with fresh random AT_RANDOM bytes. See {@link #load(
   * GuestProcess, Path, String, List, List, byte[])}.
   *
   * @param p the process, with empty memory; {@code p.sysroot} is used for the interpreter
   * @param exe host path of the executable
   * @param exeName the name the user gave (AT_EXECFN); null means {@code exe.toString()}
   * @param argv the complete argv, argv[0] included; empty means {@code [exeName]}
   * @param env environment strings, {@code NAME=value}
   * @return what was loaded
   * @throws ElfException if the program or its interpreter cannot be loaded
   */
  public static Loaded load(GuestProcess p, Path exe, String exeName, List<String> argv,
      List<String> env) {
    return load(p, exe, exeName, argv, env, null);
  }

  /**
   * Loads {@code exe} into {@code p}: maps it, loads its interpreter, builds the stack, and sets
   * {@code p.exePath, exeName, argv, env, entry, startPc, interpBase, brkStart, brk, brkLimit,
   * mmapTop, mmapBottom, stackTop, stackBottom, symbols} and the hart's registers ({@code sp},
   * {@code pc = p.startPc}, all others 0).
   *
   * @param p the process, with empty memory; {@code p.sysroot} is used for the interpreter
   * @param exe host path of the executable
   * @param exeName the name the user gave (AT_EXECFN); null means {@code exe.toString()}
   * @param argv the complete argv, argv[0] included; empty means {@code [exeName]}
   * @param env environment strings, {@code NAME=value}
   * @param random the 16 AT_RANDOM bytes (for reproducible runs), or null for secure random ones
   * @return what was loaded
   * @throws ElfException if the program or its interpreter cannot be loaded
   */
  public static Loaded load(GuestProcess p, Path exe, String exeName, List<String> argv,
      List<String> env, byte[] random) {
    String name = exeName != null ? exeName : exe.toString();
    ElfFile elf = ElfFile.read(exe);
    Memory mem = p.mem;

    // Layout of the top of the address space.
    long stackTop = Memory.FLAT_END - STACK_TOP_GAP;
    long stackBottom = stackTop - STACK_SIZE;
    long mmapTop = stackBottom - STACK_GUARD_GAP;

    long bias = elf.isDyn() ? dynBias(elf, Memory.FLAT_BASE) : 0;
    long lo = (elf.lowAddress() + bias) & -PAGE;
    long hi = pageUp(elf.highAddress() + bias);
    checkPlacement(elf, lo, hi, mmapTop);
    mapSegments(mem, elf, bias);

    // Heap and mmap window.
    long brkStart;
    long brkLimit;
    if (Long.compareUnsigned(lo, Memory.FLAT_END) >= 0) {
      brkStart = Memory.FLAT_BASE;
      brkLimit = brkStart + BRK_SIZE;
    } else if (hi + BRK_SIZE + MIN_MMAP_WINDOW <= mmapTop) {
      brkStart = hi;
      brkLimit = hi + BRK_SIZE;
    } else {
      brkStart = hi;
      brkLimit = hi + ((mmapTop - hi) / 2 & -PAGE);
    }
    p.brkStart = brkStart;
    p.brk = brkStart;
    p.brkLimit = brkLimit;
    p.mmapBottom = brkLimit;
    p.mmapTop = mmapTop;
    p.stackTop = stackTop;
    p.stackBottom = stackBottom;

    // Symbols of the executable first, so its names win over the interpreter's.
    SymbolTable symbols = new SymbolTable();
    for (SymbolTable.Symbol s : elf.symbols(bias)) {
      symbols.add(s);
    }

    // The dynamic loader.
    long interpBias = 0;
    Path interpPath = null;
    long startPc = elf.entry() + bias;
    if (elf.interpreter() != null) {
      interpPath = p.fs.confined() ? p.fs.interpreter(name, elf.interpreter())
          : resolveInterpreter(name, elf.interpreter(), p.sysroot);
      ElfFile interp = ElfFile.read(interpPath);
      if (interp.interpreter() != null) {
        throw ElfException.malformed(interp.name(), "the interpreter itself requests an interpreter");
      }
      interpBias = placeInterpreter(mem, interp, mmapTop, p.mmapBottom);
      mapSegments(mem, interp, interpBias);
      startPc = interp.entry() + interpBias;
      for (SymbolTable.Symbol s : interp.symbols(interpBias)) {
        symbols.add(s);
      }
    }

    // The stack.
    ElfFile.ProgramHeader gnuStack = elf.find(ElfFile.PT_GNU_STACK);
    boolean execStack = gnuStack != null && (gnuStack.flags() & ElfFile.PF_X) != 0;
    mem.map(stackBottom, STACK_SIZE,
        Memory.PROT_READ | Memory.PROT_WRITE | (execStack ? Memory.PROT_EXEC : 0));
    List<String> args = argv == null || argv.isEmpty() ? List.of(name) : List.copyOf(argv);
    List<String> envs = env == null ? List.of() : List.copyOf(env);
    StackBuilder sb = new StackBuilder(mem, stackTop, stackBottom);
    sb.push(new byte[8], 8);
    long execfn = sb.pushString(name);
    long[] strings = sb.pushStrings(args, envs);
    byte[] rnd = random != null ? Arrays.copyOf(random, 16) : secureRandom16();
    long randomAddr = sb.push(rnd, 16);
    long phdr = elf.phdrAddress();
    if (phdr == -1) {
      // The table is in no segment: give the program a copy on the stack, as qemu does.
      phdr = sb.push(elf.programHeaderBytes(), 8);
    } else {
      phdr += bias;
    }
    long[] ids = HostIds.get();
    long[] auxv = {
      AT_PHDR, phdr,
      AT_PHENT, ElfFile.PHENT_SIZE,
      AT_PHNUM, elf.programHeaders().size(),
      AT_PAGESZ, PAGE,
      AT_BASE, interpBias,
      AT_FLAGS, 0,
      AT_ENTRY, elf.entry() + bias,
      AT_UID, ids[0],
      AT_EUID, ids[0],
      AT_GID, ids[1],
      AT_EGID, ids[1],
      AT_HWCAP, HWCAP_RV64GC,
      AT_CLKTCK, CLOCK_TICKS,
      AT_SECURE, 0,
      AT_RANDOM, randomAddr,
      AT_EXECFN, execfn,
    };
    long sp = sb.finish(Arrays.copyOfRange(strings, 0, args.size()),
        Arrays.copyOfRange(strings, args.size(), strings.length), auxv);

    // The process and hart.
    p.exePath = realPath(exe);
    p.exeName = name;
    p.argv = args;
    p.env = envs;
    p.entry = elf.entry() + bias;
    p.startPc = startPc;
    p.interpBase = interpBias;
    p.symbols = symbols;
    Hart h = p.hart;
    Arrays.fill(h.x, 0);
    h.x[2] = sp;
    h.pc = startPc;

    long[] fullAuxv = Arrays.copyOf(auxv, auxv.length + 2);
    return new Loaded(sp, fullAuxv, bias, interpPath);
  }

  // ------------------------------------------------------------------ placement

  /**
   * The bias that puts an ET_DYN file's lowest segment at {@code base} rounded up to the file's
   * alignment (at least a page), keeping every segment congruent to its alignment.
   *
   * @param elf the file
   * @param base the lowest address wanted
   * @return the load bias
   */
  static long dynBias(ElfFile elf, long base) {
    long a = Math.max(PAGE, elf.maxAlign());
    return roundUp(base, a) - (elf.lowAddress() & -a);
  }

  private static void checkPlacement(ElfFile elf, long lo, long hi, long mmapTop) {
    if (Long.compareUnsigned(lo, Memory.FLAT_BASE) < 0) {
      throw ElfException.of(elf.name(), String.format(
          "is linked at 0x%x, below the lowest address a program may use (0x%x)",
          lo, Memory.FLAT_BASE));
    }
    if (Long.compareUnsigned(hi, USER_TOP) > 0) {
      throw ElfException.of(elf.name(), String.format(
          "is linked at 0x%x-0x%x, above the user address space (0x%x)", lo, hi, USER_TOP));
    }
    if (Long.compareUnsigned(lo, Memory.FLAT_END) < 0 && Long.compareUnsigned(hi, mmapTop) > 0) {
      throw ElfException.of(elf.name(), String.format(
          "is linked at 0x%x-0x%x, which overlaps rvjit's stack area 0x%x-0x%x",
          lo, hi, mmapTop, Memory.FLAT_END));
    }
  }

  /**
   * Picks the interpreter's load bias: the highest free range below {@code top} that fits it with
   * its alignment (an ET_EXEC interpreter stays at its own addresses).
   */
  private static long placeInterpreter(Memory mem, ElfFile interp, long top, long bottom) {
    if (!interp.isDyn()) {
      long lo = interp.lowAddress() & -PAGE;
      long hi = pageUp(interp.highAddress());
      if (Long.compareUnsigned(lo, Memory.FLAT_BASE) < 0 || !mem.isFree(lo, hi - lo)) {
        throw ElfException.of(interp.name(), String.format(
            "is a fixed-address interpreter at 0x%x-0x%x, which collides with the program",
            lo, hi));
      }
      return 0;
    }
    long a = Math.max(PAGE, interp.maxAlign());
    long base = interp.lowAddress() & -a;
    long span = pageUp(interp.highAddress()) - base;
    long found = mem.findFreeDown(span + a - PAGE, top, bottom);
    if (found < 0) {
      throw ElfException.of(interp.name(), String.format(
          "does not fit below 0x%x (needs 0x%x bytes of address space)", top, span));
    }
    long start = (found + a - PAGE) & -a;
    return start - base;
  }

  // ------------------------------------------------------------------ mapping

  /**
   * Maps every PT_LOAD of {@code elf} at {@code bias} with its permissions and copies its file
   * bytes. A page shared by two segments gets the union of their permissions (Linux gives it the
   * later segment's; the union never breaks a program that works there) and keeps the bytes of
   * both. A segment's first page also shows the file bytes before the segment on that page, as a
   * file mapping would (this is how the ELF header and program headers become visible).
   *
   * @param mem guest memory
   * @param elf a validated file
   * @param bias its load bias
   */
  static void mapSegments(Memory mem, ElfFile elf, long bias) {
    byte[] data = elf.bytes();
    long prevEnd = Long.MIN_VALUE;
    for (ElfFile.ProgramHeader ph : elf.loads()) {
      if (ph.memsz() == 0) {
        continue;
      }
      long start = ph.vaddr() + bias;
      long ps = start & -PAGE;
      long pe = pageUp(start + ph.memsz());
      long fresh = ps;
      if (prevEnd > ps) {
        // Segments are sorted and disjoint, so only the first page can be shared.
        mem.protect(ps, PAGE, mem.protectionOf(ps) | ph.prot());
        fresh = ps + PAGE;
      }
      if (fresh < pe) {
        mem.map(fresh, pe - fresh, ph.prot());
      }
      long lead = fresh == ps ? Math.min(start - ps, ph.offset()) : 0;
      long n = ph.filesz() + lead;
      if (n > 0) {
        mem.poke(start - lead, data, (int) (ph.offset() - lead), (int) n);
      }
      prevEnd = pe;
    }
  }

  // ------------------------------------------------------------------ interpreter lookup

  /**
   * Finds the interpreter {@code interp} on the host: under {@code sysroot} first (following
   * absolute symbolic links inside the sysroot), then at its own path.
   *
   * @param exeName the executable's name, for the error message
   * @param interp the PT_INTERP path
   * @param sysroot the guest's library root, or null
   * @return an existing host path
   * @throws ElfException if it is found nowhere
   */
  static Path resolveInterpreter(String exeName, String interp, Path sysroot) {
    if (sysroot != null) {
      Path c = underSysroot(sysroot, interp);
      for (int i = 0; i < 16 && Files.isSymbolicLink(c); i++) {
        try {
          Path target = Files.readSymbolicLink(c);
          if (!target.isAbsolute()) {
            break;
          }
          c = underSysroot(sysroot, target.toString());
        } catch (IOException | UnsupportedOperationException e) {
          break;
        }
      }
      if (Files.exists(c)) {
        return c;
      }
    }
    Path host = Path.of(interp);
    if (Files.exists(host)) {
      return host;
    }
    String where = sysroot == null ? "not found (no sysroot given)"
        : "not found under sysroot " + sysroot;
    throw ElfException.of(exeName, "needs the interpreter " + interp + ", " + where
        + " (set --sysroot DIR)");
  }

  private static Path underSysroot(Path sysroot, String path) {
    String rel = path;
    while (rel.startsWith("/")) {
      rel = rel.substring(1);
    }
    return sysroot.resolve(rel);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * AT_HWCAP bits for single-letter extensions.
   *
   * @param letters extension letters, e.g. {@code "IMAFDC"}
   * @return {@code OR of 1 << (letter - 'A')}
   */
  static long hwcap(String letters) {
    long v = 0;
    for (char c : letters.toCharArray()) {
      v |= 1L << (c - 'A');
    }
    return v;
  }

  private static long pageUp(long a) {
    return (a + PAGE - 1) & -PAGE;
  }

  private static long roundUp(long a, long align) {
    return (a + align - 1) & -align;
  }

  private static byte[] secureRandom16() {
    byte[] b = new byte[16];
    HostRandom.fill(b);
    return b;
  }

  private static Path realPath(Path exe) {
    try {
      return exe.toRealPath();
    } catch (IOException e) {
      return exe.toAbsolutePath().normalize();
    }
  }

  /** The host's user and group ids, looked up once. */
  static final class HostIds {
    private static long[] ids;

    private HostIds() {}

    /**
     * The host's real uid and gid (rvjit reports them as effective ids too).
     *
     * @return {@code {uid, gid}}
     */
    static synchronized long[] get() {
      if (ids == null) {
        ids = lookup();
      }
      return ids.clone();
    }

    private static long[] lookup() {
      try {
        Class<?> c = Class.forName("com.sun.security.auth.module.UnixSystem");
        Object u = c.getConstructor().newInstance();
        long uid = (Long) c.getMethod("getUid").invoke(u);
        long gid = (Long) c.getMethod("getGid").invoke(u);
        return new long[] {uid, gid};
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        // Fall through to a file we create and therefore own.
      }
      Path f = null;
      try {
        f = Files.createTempFile("rvjit-id", ".tmp");
        long uid = ((Number) Files.getAttribute(f, "unix:uid")).longValue();
        long gid = ((Number) Files.getAttribute(f, "unix:gid")).longValue();
        return new long[] {uid, gid};
      } catch (IOException | RuntimeException e) {
        return new long[] {0, 0};
      } finally {
        if (f != null) {
          try {
            Files.deleteIfExists(f);
          } catch (IOException e) {
            // Nothing to do: a stray empty temporary file.
          }
        }
      }
    }
  }

  /**
   * The host's user id as the guest sees it (AT_UID and, for consistency, getuid/geteuid).
   *
   * @return the uid
   */
  public static long hostUid() {
    return HostIds.get()[0];
  }

  /**
   * The host's group id as the guest sees it (AT_GID and, for consistency, getgid/getegid).
   *
   * @return the gid
   */
  public static long hostGid() {
    return HostIds.get()[1];
  }
}
