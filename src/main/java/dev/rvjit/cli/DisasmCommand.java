package dev.rvjit.cli;

import dev.rvjit.isa.Decoder;
import dev.rvjit.isa.Disassembler;
import dev.rvjit.isa.Insn;
import dev.rvjit.linux.ElfFile;
import dev.rvjit.linux.SymbolTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rvjit disasm}: GNU objdump-style disassembly of a guest executable's code, by function,
 * at the addresses the file gives (as {@code objdump -d} shows them).
 */
@Command(
    name = "disasm",
    mixinStandardHelpOptions = true,
    description = "Disassembles a RISC-V ELF executable in the style of objdump -d: every function,"
        + " one function (--symbol) or an address range (--range).")
final class DisasmCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PROGRAM", description = "The RISC-V ELF executable.")
  Path program;

  static final class Selection {
    @Option(names = "--symbol", paramLabel = "NAME", description = "Only this function.")
    String symbol;

    @Option(names = "--range", paramLabel = "START-END",
        description = "Only addresses START (inclusive) to END (exclusive), in hex, e.g."
            + " 0x10400-0x10480.")
    String range;
  }

  @ArgGroup(exclusive = true)
  Selection selection;

  @Option(names = "--debug", description = "Show Java stack traces for errors.")
  boolean debug;

  private byte[] file;
  private List<ElfFile.ProgramHeader> code;

  @Override
  public Integer call() throws IOException {
    ElfFile elf = ElfFile.read(program);
    file = Files.readAllBytes(program);
    code = new ArrayList<>();
    for (ElfFile.ProgramHeader ph : elf.loads()) {
      if ((ph.flags() & ElfFile.PF_X) != 0) {
        code.add(ph);
      }
    }
    SymbolTable syms = new SymbolTable();
    for (SymbolTable.Symbol s : elf.symbols(0)) {
      syms.add(s);
    }
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out),
        false, StandardCharsets.UTF_8);
    out.printf("%n%s:     file format elf64-littleriscv%n%n", program);
    if (selection != null && selection.symbol != null) {
      SymbolTable.Symbol s = syms.byName(selection.symbol);
      if (s == null) {
        throw new IllegalArgumentException("no symbol '" + selection.symbol + "' in " + program);
      }
      long end = s.size > 0 ? s.address + s.size : nextSymbol(syms, s.address);
      listing(out, syms, s.address, end);
    } else if (selection != null && selection.range != null) {
      long[] r = parseRange(selection.range);
      listing(out, syms, r[0], r[1]);
    } else {
      List<long[]> sections = codeSections();
      if (sections.isEmpty()) {
        for (ElfFile.ProgramHeader ph : code) {
          listing(out, syms, ph.vaddr(), ph.vaddr() + ph.filesz());
        }
      }
      for (long[] sec : sections) {
        out.printf("%nDisassembly of section %s:%n", sectionNames.get((int) sec[2]));
        listing(out, syms, sec[0], sec[0] + sec[1]);
      }
    }
    out.flush();
    return 0;
  }

  private final List<String> sectionNames = new ArrayList<>();

  /**
   * Executable sections ({@code SHF_EXECINSTR}) as {address, size, name index}, in file order,
   * the way objdump -d picks what to disassemble. Empty if the file has no usable section table.
   */
  private List<long[]> codeSections() {
    List<long[]> out = new ArrayList<>();
    try {
      long shoff = u64(40);
      int shentsize = u16(58);
      int shnum = u16(60);
      int shstrndx = u16(62);
      if (shoff == 0 || shentsize != 64 || shstrndx >= shnum
          || shoff + (long) shnum * 64 > file.length) {
        return out;
      }
      long strOff = u64((int) (shoff + 64L * shstrndx) + 24);
      for (int i = 0; i < shnum; i++) {
        int sh = (int) (shoff + 64L * i);
        long flags = u64(sh + 8);
        int type = (int) u32(sh + 4);
        if ((flags & 4) == 0 || type != 1 /* SHT_PROGBITS */) {
          continue;
        }
        int n = (int) (strOff + u32(sh));
        int e = n;
        while (e < file.length && file[e] != 0) {
          e++;
        }
        sectionNames.add(new String(file, n, e - n, StandardCharsets.UTF_8));
        out.add(new long[] {u64(sh + 16), u64(sh + 32), sectionNames.size() - 1});
      }
    } catch (IndexOutOfBoundsException e) {
      out.clear();
    }
    return out;
  }

  private int u16(int o) {
    return (file[o] & 0xff) | (file[o + 1] & 0xff) << 8;
  }

  private long u32(int o) {
    return (u16(o) | (long) u16(o + 2) << 16) & 0xffffffffL;
  }

  private long u64(int o) {
    return u32(o) | u32(o + 4) << 32;
  }

  static long[] parseRange(String s) {
    int dash = s.indexOf('-', 1);
    if (dash < 0) {
      throw new IllegalArgumentException("--range wants START-END in hex, e.g. 0x10400-0x10480");
    }
    try {
      long a = Long.parseUnsignedLong(strip0x(s.substring(0, dash)), 16);
      long b = Long.parseUnsignedLong(strip0x(s.substring(dash + 1)), 16);
      if (Long.compareUnsigned(a, b) >= 0) {
        throw new IllegalArgumentException("--range " + s + ": START must be below END");
      }
      return new long[] {a, b};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--range wants START-END in hex, not '" + s + "'");
    }
  }

  private static String strip0x(String s) {
    return s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
  }

  private static long nextSymbol(SymbolTable syms, long addr) {
    long best = addr + 4096;
    for (SymbolTable.Symbol s : syms.all()) {
      if (Long.compareUnsigned(s.address, addr) > 0 && Long.compareUnsigned(s.address, best) < 0) {
        best = s.address;
      }
    }
    return best;
  }

  /** The file offset of guest address {@code a} in an executable segment, or -1. */
  private long offsetOf(long a) {
    for (ElfFile.ProgramHeader ph : code) {
      if (Long.compareUnsigned(a - ph.vaddr(), ph.filesz()) < 0) {
        return ph.offset() + (a - ph.vaddr());
      }
    }
    return -1;
  }

  private int half(long a) {
    long o = offsetOf(a);
    if (o < 0 || o + 1 >= file.length) {
      return -1;
    }
    return (file[(int) o] & 0xff) | (file[(int) o + 1] & 0xff) << 8;
  }

  private void listing(PrintStream out, SymbolTable syms, long start, long end) {
    long pc = start;
    while (Long.compareUnsigned(pc, end) < 0) {
      SymbolTable.Symbol s = syms.lookup(pc);
      if (s != null && s.address == pc || pc == start) {
        String label = syms.describe(pc);
        out.printf("%n%016x <%s>:%n", pc, label == null ? "?" : label);
      }
      int lo = half(pc);
      if (lo < 0) {
        break;
      }
      int bits = lo;
      if ((lo & 3) == 3) {
        int hi = half(pc + 2);
        if (hi < 0) {
          break;
        }
        bits |= hi << 16;
      }
      Insn in = Decoder.decode(pc, bits);
      out.printf("%8x:\t%-20s\t%s%n", pc, Disassembler.hexBytes(in),
          Disassembler.format(in, syms::describe));
      pc += in.len;
    }
  }
}
