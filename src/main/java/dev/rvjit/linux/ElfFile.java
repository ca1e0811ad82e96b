package dev.rvjit.linux;

import dev.rvjit.memory.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A parsed and validated ELF64 little-endian RISC-V executable (ET_EXEC or ET_DYN).
 *
 * <p>Everything the loader uses is checked once here, so the loader never indexes outside the file
 * or maps nonsense: the header, the program header table, each PT_LOAD (file range inside the file,
 * file size not above memory size, power-of-two alignment, no wrap-around, segments in ascending
 * order and not overlapping) and PT_INTERP. Problems become an {@link ElfException} whose message
 * is one line naming the file. Section headers are only used for symbols and are read tolerantly:
 * a stripped file or a damaged section table just yields no symbols, as Linux ignores sections.
 *
 * <p>The RISC-V {@code e_flags} are checked for the one thing rvjit cannot run: the quad-float ABI
 * (it needs the Q extension). Soft- and single-float binaries run on an RV64GC hart as they are.
 */
public final class ElfFile {
  /** {@code e_machine} of RISC-V. */
  public static final int EM_RISCV = 243;
  /** {@code e_type} of a fixed-address executable. */
  public static final int ET_EXEC = 2;
  /** {@code e_type} of a position-independent executable or shared object. */
  public static final int ET_DYN = 3;
  /** Program header types rvjit looks at. */
  public static final int PT_LOAD = 1;
  /** Program header naming the dynamic loader. */
  public static final int PT_INTERP = 3;
  /** Program header locating the program header table in memory. */
  public static final int PT_PHDR = 6;
  /** Program header whose PF_X flag asks for an executable stack. */
  public static final int PT_GNU_STACK = 0x6474e551;
  /** Segment permission bits ({@code p_flags}). */
  public static final int PF_X = 1;
  /** Segment is writable. */
  public static final int PF_W = 2;
  /** Segment is readable. */
  public static final int PF_R = 4;
  /** Size of one ELF64 program header. */
  public static final int PHENT_SIZE = 56;
  /** Size of the ELF64 file header. */
  public static final int EHDR_SIZE = 64;
  /** RISC-V {@code e_flags}: the float ABI field and its quad-float value. */
  public static final int EF_RISCV_FLOAT_ABI = 0x6;
  /** Quad-float ABI (long double in FP registers; needs the Q extension). */
  public static final int EF_RISCV_FLOAT_ABI_QUAD = 0x6;

  /** Largest file rvjit reads (a guest executable is far smaller). */
  static final long MAX_FILE_SIZE = 1L << 30;
  /** Largest address span the loadable segments of one file may cover. */
  public static final long MAX_SPAN = 512L << 20;
  /** Longest PT_INTERP path accepted (Linux: PATH_MAX). */
  static final int MAX_INTERP = 4096;

  private static final int SHT_SYMTAB = 2;
  private static final int SHT_DYNSYM = 11;
  private static final int SHDR_SIZE = 64;
  private static final int SYM_SIZE = 24;
  private static final int STT_OBJECT = 1;
  private static final int STT_FUNC = 2;
  private static final int STT_GNU_IFUNC = 10;
  private static final int SHN_ABS = 0xfff1;

  /**
   * One program header.
   *
   * @param index its position in the program header table
   * @param type {@code p_type}
   * @param flags {@code p_flags} (PF_R, PF_W, PF_X)
   * @param offset {@code p_offset}
   * @param vaddr {@code p_vaddr}
   * @param filesz {@code p_filesz}
   * @param memsz {@code p_memsz}
   * @param align {@code p_align}
   */
  public record ProgramHeader(int index, int type, int flags, long offset, long vaddr, long filesz,
      long memsz, long align) {
    /**
     * The segment's permissions as {@code Memory.PROT_*} bits.
     *
     * @return PROT_READ/PROT_WRITE/PROT_EXEC combination
     */
    public int prot() {
      return ((flags & PF_R) != 0 ? Memory.PROT_READ : 0)
          | ((flags & PF_W) != 0 ? Memory.PROT_WRITE : 0)
          | ((flags & PF_X) != 0 ? Memory.PROT_EXEC : 0);
    }

    /**
     * The first address past the segment in memory (before any load bias).
     *
     * @return {@code vaddr + memsz}
     */
    public long end() {
      return vaddr + memsz;
    }
  }

  private final String name;
  private final byte[] data;
  private final int type;
  private final int flags;
  private final long entry;
  private final long phoff;
  private final List<ProgramHeader> headers;
  private final List<ProgramHeader> loads;
  private final String interpreter;
  private final long maxAlign;

  private ElfFile(String name, byte[] data) {
    this.name = name;
    this.data = data;
    checkIdent();
    this.type = u16(16);
    int machine = u16(18);
    if (machine != EM_RISCV) {
      throw ElfException.of(name, "is an ELF file for " + machineName(machine) + ", not RISC-V");
    }
    if (type != ET_EXEC && type != ET_DYN) {
      throw ElfException.of(name, "is not an executable (ELF type " + typeName(type) + ")");
    }
    this.flags = (int) u32(48);
    if ((flags & EF_RISCV_FLOAT_ABI) == EF_RISCV_FLOAT_ABI_QUAD) {
      throw ElfException.of(name,
          "uses the quad-float ABI (needs the Q extension), which rvjit does not implement");
    }
    this.entry = u64(24);
    this.phoff = u64(32);
    this.headers = readProgramHeaders();
    this.loads = checkLoads();
    this.interpreter = readInterpreter();
    long a = 1;
    for (ProgramHeader ph : loads) {
      a = Math.max(a, ph.align);
    }
    this.maxAlign = a;
    checkEntry();
  }

  /**
   * Reads and validates an executable from the host file system.
   *
   * @param path the file
   * @return the parsed file
   * @throws ElfException if it cannot be read or is not a loadable RV64 executable
   */
  public static ElfFile read(Path path) {
    String name = path.toString();
    if (Files.isDirectory(path)) {
      throw ElfException.of(name, "is a directory");
    }
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      // A device or FIFO could be endless (Linux answers EACCES for these too).
      throw ElfException.of(name, "is not a regular file");
    }
    byte[] bytes;
    try {
      long size = Files.size(path);
      if (size > MAX_FILE_SIZE) {
        throw ElfException.of(name, "is too large to be an executable (" + size + " bytes)");
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new ElfException("rvjit: cannot open '" + name + "': No such file or directory", e);
    } catch (AccessDeniedException e) {
      throw new ElfException("rvjit: cannot open '" + name + "': Permission denied", e);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new ElfException("rvjit: cannot read '" + name + "': " + why, e);
    }
    return parse(name, bytes);
  }

  /**
   * Parses and validates an executable held in memory.
   *
   * @param name the file name used in error messages
   * @param bytes the whole file
   * @return the parsed file
   * @throws ElfException if it is not a loadable RV64 executable
   */
  public static ElfFile parse(String name, byte[] bytes) {
    return new ElfFile(name, bytes);
  }

  // ------------------------------------------------------------------ validation

  private void checkIdent() {
    if (data.length == 0) {
      throw ElfException.of(name, "is empty, not an ELF file");
    }
    byte[] magic = {0x7f, 'E', 'L', 'F'};
    for (int i = 0; i < magic.length; i++) {
      if (i >= data.length) {
        throw ElfException.malformed(name, "truncated ELF header (" + data.length + " bytes)");
      }
      if (data[i] != magic[i]) {
        throw ElfException.of(name, "is not an ELF file");
      }
    }
    if (data.length < 6) {
      throw ElfException.malformed(name, "truncated ELF header (" + data.length + " bytes)");
    }
    int cls = data[4] & 0xff;
    if (cls == 1) {
      throw ElfException.of(name,
          "is a 32-bit ELF file; rvjit runs 64-bit RISC-V (RV64) executables");
    }
    if (cls != 2) {
      throw ElfException.malformed(name, "unknown ELF class " + cls);
    }
    int enc = data[5] & 0xff;
    if (enc == 2) {
      throw ElfException.of(name,
          "is a big-endian ELF file; rvjit runs little-endian RISC-V executables");
    }
    if (enc != 1) {
      throw ElfException.malformed(name, "unknown ELF data encoding " + enc);
    }
    if (data.length < EHDR_SIZE) {
      throw ElfException.malformed(name, "truncated ELF header (" + data.length + " bytes)");
    }
  }

  private List<ProgramHeader> readProgramHeaders() {
    int phentsize = u16(54);
    int phnum = u16(56);
    if (phnum == 0) {
      throw ElfException.malformed(name, "it has no program headers");
    }
    if (phnum == 0xffff) {
      throw ElfException.malformed(name, "too many program headers (PN_XNUM)");
    }
    if (phentsize != PHENT_SIZE) {
      throw ElfException.malformed(name,
          "program header size is " + phentsize + ", expected " + PHENT_SIZE);
    }
    List<ProgramHeader> list = new ArrayList<>(phnum);
    for (int i = 0; i < phnum; i++) {
      long at = phoff + (long) i * PHENT_SIZE;
      if (!within(phoff, (long) (i + 1) * PHENT_SIZE)) {
        throw ElfException.malformed(name, "program header " + i + " lies beyond the end of the file");
      }
      int o = (int) at;
      list.add(new ProgramHeader(i, (int) u32(o), (int) u32(o + 4), u64(o + 8), u64(o + 16),
          u64(o + 32), u64(o + 40), u64(o + 48)));
    }
    return Collections.unmodifiableList(list);
  }

  private List<ProgramHeader> checkLoads() {
    List<ProgramHeader> list = new ArrayList<>();
    ProgramHeader prev = null;
    for (ProgramHeader ph : headers) {
      if (ph.type != PT_LOAD) {
        continue;
      }
      String what = "program header " + ph.index;
      if (Long.compareUnsigned(ph.filesz, ph.memsz) > 0) {
        throw ElfException.malformed(name, String.format(
            "%s: file size 0x%x is larger than memory size 0x%x", what, ph.filesz, ph.memsz));
      }
      if (!within(ph.offset, ph.filesz)) {
        throw ElfException.malformed(name, String.format(
            "%s: segment data (offset 0x%x, size 0x%x) lies beyond the end of the file",
            what, ph.offset, ph.filesz));
      }
      if (ph.align != 0 && (ph.align & (ph.align - 1)) != 0) {
        throw ElfException.malformed(name, String.format(
            "%s: alignment 0x%x is not a power of two", what, ph.align));
      }
      if (Long.compareUnsigned(ph.align, MAX_SPAN) > 0) {
        throw ElfException.malformed(name, String.format(
            "%s: alignment 0x%x is too large", what, ph.align));
      }
      if (Long.compareUnsigned(ph.vaddr + ph.memsz, ph.vaddr) < 0
          || Long.compareUnsigned(ph.vaddr + ph.memsz, -Memory.PAGE_SIZE) > 0) {
        throw ElfException.malformed(name, String.format(
            "%s: segment at 0x%x of size 0x%x wraps around the address space",
            what, ph.vaddr, ph.memsz));
      }
      if (Long.compareUnsigned(ph.memsz, MAX_SPAN) > 0) {
        throw ElfException.of(name, String.format(
            "is too large: program header %d needs 0x%x bytes of memory, more than rvjit's"
                + " limit of %d MiB", ph.index, ph.memsz, MAX_SPAN >> 20));
      }
      if (prev != null) {
        if (Long.compareUnsigned(ph.vaddr, prev.vaddr) < 0) {
          if (Long.compareUnsigned(ph.end(), prev.vaddr) > 0) {
            throw overlap(prev, ph);
          }
          throw ElfException.malformed(name, String.format(
              "program headers %d and %d: loadable segments are not in ascending address order",
              prev.index, ph.index));
        }
        if (Long.compareUnsigned(ph.vaddr, prev.end()) < 0) {
          throw overlap(prev, ph);
        }
      }
      list.add(ph);
      prev = ph;
    }
    if (list.isEmpty()) {
      throw ElfException.malformed(name, "it has no loadable segments");
    }
    long span = list.get(list.size() - 1).end() - list.get(0).vaddr;
    if (Long.compareUnsigned(span, MAX_SPAN) > 0) {
      throw ElfException.of(name, String.format(
          "is too large: its loadable segments span 0x%x bytes, more than rvjit's limit of %d MiB",
          span, MAX_SPAN >> 20));
    }
    return Collections.unmodifiableList(list);
  }

  private ElfException overlap(ProgramHeader a, ProgramHeader b) {
    return ElfException.malformed(name, String.format(
        "program headers %d and %d: loadable segments overlap (0x%x-0x%x and 0x%x-0x%x)",
        a.index, b.index, a.vaddr, a.end(), b.vaddr, b.end()));
  }

  private String readInterpreter() {
    String found = null;
    for (ProgramHeader ph : headers) {
      if (ph.type != PT_INTERP) {
        continue;
      }
      String what = "program header " + ph.index;
      if (found != null) {
        throw ElfException.malformed(name, what + ": more than one PT_INTERP");
      }
      if (ph.filesz < 2 || ph.filesz > MAX_INTERP) {
        throw ElfException.malformed(name, what + ": bad interpreter path length " + ph.filesz);
      }
      if (!within(ph.offset, ph.filesz)) {
        throw ElfException.malformed(name, what + ": interpreter path lies beyond the end of the file");
      }
      int o = (int) ph.offset;
      int n = (int) ph.filesz;
      if (data[o + n - 1] != 0) {
        throw ElfException.malformed(name, what + ": interpreter path is not NUL-terminated");
      }
      int len = 0;
      while (data[o + len] != 0) {
        len++;
      }
      if (len == 0) {
        throw ElfException.malformed(name, what + ": empty interpreter path");
      }
      found = new String(data, o, len, StandardCharsets.UTF_8);
    }
    return found;
  }

  private void checkEntry() {
    for (ProgramHeader ph : loads) {
      if (Long.compareUnsigned(entry - ph.vaddr, ph.memsz) < 0) {
        return;
      }
    }
    throw ElfException.malformed(name,
        String.format("entry point 0x%x lies outside every loadable segment", entry));
  }

  /** True if {@code [off, off+len)} lies inside the file (no overflow). */
  private boolean within(long off, long len) {
    return Long.compareUnsigned(off, data.length) <= 0
        && Long.compareUnsigned(len, data.length - off) <= 0;
  }

  // ------------------------------------------------------------------ accessors

  /**
   * The file name used in messages.
   *
   * @return the name as given
   */
  public String name() {
    return name;
  }

  /**
   * {@code e_type}: {@link #ET_EXEC} or {@link #ET_DYN}.
   *
   * @return the type
   */
  public int type() {
    return type;
  }

  /**
   * True for position-independent files (PIE, static-PIE, shared objects), which load at a bias.
   *
   * @return true for ET_DYN
   */
  public boolean isDyn() {
    return type == ET_DYN;
  }

  /**
   * {@code e_flags} (RISC-V: RVC, float ABI, RVE, TSO).
   *
   * @return the flags
   */
  public int flags() {
    return flags;
  }

  /**
   * {@code e_entry}, before any load bias.
   *
   * @return the entry point
   */
  public long entry() {
    return entry;
  }

  /**
   * {@code e_phoff}: where the program header table starts in the file.
   *
   * @return the file offset
   */
  public long phoff() {
    return phoff;
  }

  /**
   * All program headers in file order.
   *
   * @return an unmodifiable list
   */
  public List<ProgramHeader> programHeaders() {
    return headers;
  }

  /**
   * The PT_LOAD headers, in ascending address order (validated).
   *
   * @return an unmodifiable, non-empty list
   */
  public List<ProgramHeader> loads() {
    return loads;
  }

  /**
   * The PT_INTERP path (e.g. {@code /lib/ld-linux-riscv64-lp64d.so.1}), or null if static.
   *
   * @return the interpreter path or null
   */
  public String interpreter() {
    return interpreter;
  }

  /**
   * The largest {@code p_align} of the loadable segments (at least 1).
   *
   * @return the alignment
   */
  public long maxAlign() {
    return maxAlign;
  }

  /**
   * The lowest {@code p_vaddr} of the loadable segments.
   *
   * @return the address
   */
  public long lowAddress() {
    return loads.get(0).vaddr;
  }

  /**
   * The first address past the highest loadable segment.
   *
   * @return the address
   */
  public long highAddress() {
    return loads.get(loads.size() - 1).end();
  }

  /**
   * The program header of the given type, or null.
   *
   * @param ptype a {@code PT_*} value
   * @return the first such header or null
   */
  public ProgramHeader find(int ptype) {
    for (ProgramHeader ph : headers) {
      if (ph.type == ptype) {
        return ph;
      }
    }
    return null;
  }

  /**
   * Where the program header table is in memory before the load bias: PT_PHDR's address if
   * present, else the address of {@code e_phoff} inside the PT_LOAD that maps it, else -1 (the
   * table is not loaded).
   *
   * @return the unbiased address or -1
   */
  public long phdrAddress() {
    ProgramHeader p = find(PT_PHDR);
    if (p != null) {
      return p.vaddr;
    }
    long size = (long) headers.size() * PHENT_SIZE;
    for (ProgramHeader ph : loads) {
      if (Long.compareUnsigned(phoff - ph.offset, ph.filesz) < 0
          && Long.compareUnsigned(phoff - ph.offset + size, ph.filesz) <= 0) {
        return ph.vaddr + (phoff - ph.offset);
      }
    }
    return -1;
  }

  /**
   * A copy of the raw program header table (for a stand-in copy when it is not loaded).
   *
   * @return the table's bytes
   */
  public byte[] programHeaderBytes() {
    int size = headers.size() * PHENT_SIZE;
    byte[] b = new byte[size];
    System.arraycopy(data, (int) phoff, b, 0, size);
    return b;
  }

  /** The whole file (shared with this object: callers must not modify it). */
  byte[] bytes() {
    return data;
  }

  // ------------------------------------------------------------------ symbols

  /**
   * Reads the function and object symbols ({@code STT_FUNC}, {@code STT_GNU_IFUNC},
   * {@code STT_OBJECT}) of {@code .symtab}, or of {@code .dynsym} if there is no {@code .symtab},
   * adding {@code bias} to their addresses. Undefined and absolute symbols are skipped. A stripped
   * file or a damaged section table yields an empty list.
   *
   * @param bias the load bias
   * @return the symbols, in table order
   */
  public List<SymbolTable.Symbol> symbols(long bias) {
    try {
      List<SymbolTable.Symbol> out = readSymbols(SHT_SYMTAB, bias);
      if (out == null) {
        out = readSymbols(SHT_DYNSYM, bias);
      }
      return out == null ? List.of() : out;
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return List.of();
    }
  }

  private List<SymbolTable.Symbol> readSymbols(int shtype, long bias) {
    long shoff = u64(40);
    int shentsize = u16(58);
    int shnum = u16(60);
    if (shoff == 0 || shnum == 0 || shentsize != SHDR_SIZE || !within(shoff,
        (long) shnum * SHDR_SIZE)) {
      return null;
    }
    for (int i = 0; i < shnum; i++) {
      int sh = (int) (shoff + (long) i * SHDR_SIZE);
      if (u32(sh + 4) != shtype) {
        continue;
      }
      long off = u64(sh + 24);
      long size = u64(sh + 32);
      long link = u32(sh + 40);
      if (!within(off, size) || link >= shnum) {
        return null;
      }
      int str = (int) (shoff + link * SHDR_SIZE);
      long stroff = u64(str + 24);
      long strsize = u64(str + 32);
      if (!within(stroff, strsize)) {
        return null;
      }
      List<SymbolTable.Symbol> out = new ArrayList<>();
      for (long s = off; s + SYM_SIZE <= off + size; s += SYM_SIZE) {
        int o = (int) s;
        int info = data[o + 4] & 0xf;
        int shndx = u16(o + 6);
        if ((info != STT_FUNC && info != STT_OBJECT && info != STT_GNU_IFUNC) || shndx == 0
            || shndx == SHN_ABS) {
          continue;
        }
        long nameOff = u32(o);
        if (nameOff == 0 || nameOff >= strsize) {
          continue;
        }
        int start = (int) (stroff + nameOff);
        int end = start;
        int limit = (int) (stroff + strsize);
        while (end < limit && data[end] != 0) {
          end++;
        }
        String n = new String(data, start, end - start, StandardCharsets.UTF_8);
        out.add(new SymbolTable.Symbol(n, u64(o + 8) + bias, u64(o + 16)));
      }
      return out;
    }
    return null;
  }

  // ------------------------------------------------------------------ helpers

  private int u16(int o) {
    return (data[o] & 0xff) | (data[o + 1] & 0xff) << 8;
  }

  private long u32(int o) {
    return (u16(o) | (long) u16(o + 2) << 16) & 0xffffffffL;
  }

  private long u64(int o) {
    return u32(o) | u32(o + 4) << 32;
  }

  /**
   * A readable name for an {@code e_machine} value, e.g. {@code x86-64 (machine 62)}.
   *
   * @param m the machine number
   * @return the description
   */
  static String machineName(int m) {
    String n = switch (m) {
      case 0 -> "no machine";
      case 2 -> "SPARC";
      case 3 -> "x86 (i386)";
      case 8 -> "MIPS";
      case 20 -> "PowerPC";
      case 21 -> "PowerPC64";
      case 22 -> "IBM S/390";
      case 40 -> "ARM";
      case 43 -> "SPARC V9";
      case 62 -> "x86-64";
      case 183 -> "AArch64";
      case 247 -> "BPF";
      case 258 -> "LoongArch";
      default -> null;
    };
    return n == null ? "machine " + m : n + " (machine " + m + ")";
  }

  /**
   * A readable name for an {@code e_type} value.
   *
   * @param t the type number
   * @return NONE, REL, EXEC, DYN, CORE or the number in hex
   */
  static String typeName(int t) {
    return switch (t) {
      case 0 -> "NONE";
      case 1 -> "REL";
      case 2 -> "EXEC";
      case 3 -> "DYN";
      case 4 -> "CORE";
      default -> String.format("0x%x", t);
    };
  }
}
