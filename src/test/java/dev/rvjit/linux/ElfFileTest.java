package dev.rvjit.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and validation of ELF files, each error checked for its exact one-line message. */
class ElfFileTest {
  @TempDir Path dir;

  /**
   * Builds small ELF64 files by hand: a header, a program header table right after it, segment
   * contents at given offsets, and optionally a .symtab/.strtab section pair.
   */
  static final class Builder {
    int elfClass = 2;
    int encoding = 1;
    int type = ElfFile.ET_EXEC;
    int machine = ElfFile.EM_RISCV;
    int flags = 0x5;
    long entry = 0x10078;
    long phoff = 64;
    int phentsize = 56;
    Integer phnumOverride;
    final List<long[]> phdrs = new ArrayList<>();
    final List<Object[]> blobs = new ArrayList<>();
    final List<Object[]> symbols = new ArrayList<>();
    int size = 0x200;

    /** Adds a program header {type, flags, offset, vaddr, filesz, memsz, align}. */
    Builder ph(long ptype, long pflags, long offset, long vaddr, long filesz, long memsz,
        long align) {
      phdrs.add(new long[] {ptype, pflags, offset, vaddr, filesz, memsz, align});
      return this;
    }

    /** Adds a PT_LOAD. */
    Builder load(long pflags, long offset, long vaddr, long filesz, long memsz) {
      return ph(ElfFile.PT_LOAD, pflags, offset, vaddr, filesz, memsz, 0x1000);
    }

    /** Places bytes at a file offset. */
    Builder at(int offset, byte[] b) {
      blobs.add(new Object[] {offset, b});
      size = Math.max(size, offset + b.length);
      return this;
    }

    /** Adds a symbol (type 2 = FUNC, 1 = OBJECT) in section 1. */
    Builder sym(String name, int stt, long value, long symSize) {
      symbols.add(new Object[] {name, stt, value, symSize});
      return this;
    }

    /** The default file: one RX PT_LOAD covering the whole file at 0x10000. */
    static Builder minimal() {
      Builder b = new Builder();
      b.load(ElfFile.PF_R | ElfFile.PF_X, 0, 0x10000, 0x200, 0x200);
      return b;
    }

    byte[] build() {
      int total = size;
      byte[] sym = null;
      byte[] str = null;
      if (!symbols.isEmpty()) {
        StringBuilder names = new StringBuilder("\0");
        sym = new byte[24 * (symbols.size() + 1)];
        for (int i = 0; i < symbols.size(); i++) {
          Object[] s = symbols.get(i);
          int o = 24 * (i + 1);
          putU32(sym, o, names.length());
          names.append((String) s[0]).append('\0');
          sym[o + 4] = (byte) (0x10 | (Integer) s[1]);
          putU16(sym, o + 6, 1);
          putU64(sym, o + 8, (Long) s[2]);
          putU64(sym, o + 16, (Long) s[3]);
        }
        str = names.toString().getBytes(StandardCharsets.UTF_8);
        total = size + sym.length + str.length + 4 * 64 + 16;
      }
      byte[] f = new byte[total];
      f[0] = 0x7f;
      f[1] = 'E';
      f[2] = 'L';
      f[3] = 'F';
      f[4] = (byte) elfClass;
      f[5] = (byte) encoding;
      f[6] = 1;
      putU16(f, 16, type);
      putU16(f, 18, machine);
      putU32(f, 20, 1);
      putU64(f, 24, entry);
      putU64(f, 32, phoff);
      putU32(f, 48, flags);
      putU16(f, 52, 64);
      putU16(f, 54, phentsize);
      putU16(f, 56, phnumOverride != null ? phnumOverride : phdrs.size());
      for (int i = 0; i < phdrs.size(); i++) {
        long[] p = phdrs.get(i);
        long o = phoff + 56L * i;
        if (o < 0 || o + 56 > f.length) {
          break;
        }
        int at = (int) o;
        putU32(f, at, p[0]);
        putU32(f, at + 4, p[1]);
        putU64(f, at + 8, p[2]);
        putU64(f, at + 16, p[3]);
        putU64(f, at + 24, p[3]);
        putU64(f, at + 32, p[4]);
        putU64(f, at + 40, p[5]);
        putU64(f, at + 48, p[6]);
      }
      for (Object[] b : blobs) {
        byte[] bytes = (byte[]) b[1];
        System.arraycopy(bytes, 0, f, (Integer) b[0], bytes.length);
      }
      if (sym != null) {
        int symOff = size;
        int strOff = symOff + sym.length;
        int shoff = (strOff + str.length + 15) & ~15;
        System.arraycopy(sym, 0, f, symOff, sym.length);
        System.arraycopy(str, 0, f, strOff, str.length);
        putU64(f, 40, shoff);
        putU16(f, 58, 64);
        putU16(f, 60, 4);
        // [0] null, [1] .text stand-in, [2] .symtab (link 3), [3] .strtab
        putU32(f, shoff + 64 + 4, 1);
        putU32(f, shoff + 128 + 4, 2);
        putU64(f, shoff + 128 + 24, symOff);
        putU64(f, shoff + 128 + 32, sym.length);
        putU32(f, shoff + 128 + 40, 3);
        putU64(f, shoff + 128 + 56, 24);
        putU32(f, shoff + 192 + 4, 3);
        putU64(f, shoff + 192 + 24, strOff);
        putU64(f, shoff + 192 + 32, str.length);
      }
      return f;
    }

    static void putU16(byte[] b, int o, long v) {
      b[o] = (byte) v;
      b[o + 1] = (byte) (v >>> 8);
    }

    static void putU32(byte[] b, int o, long v) {
      putU16(b, o, v);
      putU16(b, o + 2, v >>> 16);
    }

    static void putU64(byte[] b, int o, long v) {
      putU32(b, o, v);
      putU32(b, o + 4, v >>> 32);
    }
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private String error(Path p) {
    return assertThrows(ElfException.class, () -> ElfFile.read(p)).getMessage();
  }

  private String error(Builder b) throws IOException {
    return error(write("a.out", b.build()));
  }

  private String prefix() {
    return "rvjit: '" + dir.resolve("a.out") + "' ";
  }

  @Test
  void minimalFileParses() throws IOException {
    ElfFile f = ElfFile.read(write("a.out", Builder.minimal().build()));
    assertEquals(ElfFile.ET_EXEC, f.type());
    assertEquals(0x10078, f.entry());
    assertEquals(1, f.loads().size());
    assertEquals(0x10000, f.lowAddress());
    assertEquals(0x10200, f.highAddress());
    assertEquals(5, f.loads().get(0).prot());
    assertEquals(0x10040, f.phdrAddress());
    assertNull(f.interpreter());
    assertTrue(f.symbols(0).isEmpty(), "a stripped file has no symbols");
  }

  @Test
  void exceptionHasExitStatusTwo() throws IOException {
    ElfException e = assertThrows(ElfException.class,
        () -> ElfFile.read(dir.resolve("missing")));
    assertEquals(2, e.exitStatus());
  }

  @Test
  void missingFile() {
    Path p = dir.resolve("missing");
    assertEquals("rvjit: cannot open '" + p + "': No such file or directory", error(p));
  }

  @Test
  void directory() {
    assertEquals("rvjit: '" + dir + "' is a directory", error(dir));
  }

  @Test
  void deviceFile() {
    Path zero = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero));
    assertEquals("rvjit: '/dev/zero' is not a regular file", error(zero));
  }

  @Test
  void emptyFile() throws IOException {
    assertEquals(prefix() + "is empty, not an ELF file", error(write("a.out", new byte[0])));
  }

  @Test
  void truncatedHeader() throws IOException {
    byte[] b = Arrays.copyOf(Builder.minimal().build(), 40);
    assertEquals(prefix() + "is malformed: truncated ELF header (40 bytes)",
        error(write("a.out", b)));
    assertEquals(prefix() + "is malformed: truncated ELF header (2 bytes)",
        error(write("a.out", new byte[] {0x7f, 'E'})));
  }

  @Test
  void notElf() throws IOException {
    assertEquals(prefix() + "is not an ELF file",
        error(write("a.out", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void elfClass32() throws IOException {
    Builder b = Builder.minimal();
    b.elfClass = 1;
    assertEquals(prefix() + "is a 32-bit ELF file; rvjit runs 64-bit RISC-V (RV64) executables",
        error(b));
  }

  @Test
  void bigEndian() throws IOException {
    Builder b = Builder.minimal();
    b.encoding = 2;
    assertEquals(prefix()
        + "is a big-endian ELF file; rvjit runs little-endian RISC-V executables", error(b));
  }

  @Test
  void x86Machine() throws IOException {
    Builder b = Builder.minimal();
    b.machine = 62;
    assertEquals(prefix() + "is an ELF file for x86-64 (machine 62), not RISC-V", error(b));
    b.machine = 4242;
    assertEquals(prefix() + "is an ELF file for machine 4242, not RISC-V", error(b));
  }

  @Test
  void relocatableObject() throws IOException {
    Builder b = Builder.minimal();
    b.type = 1;
    assertEquals(prefix() + "is not an executable (ELF type REL)", error(b));
    b.type = 4;
    assertEquals(prefix() + "is not an executable (ELF type CORE)", error(b));
  }

  @Test
  void quadFloatAbi() throws IOException {
    Builder b = Builder.minimal();
    b.flags = 0x7;
    assertEquals(prefix()
        + "uses the quad-float ABI (needs the Q extension), which rvjit does not implement",
        error(b));
  }

  @Test
  void phoffBeyondFile() throws IOException {
    Builder b = Builder.minimal();
    b.phoff = 0x100000;
    assertEquals(prefix() + "is malformed: program header 0 lies beyond the end of the file",
        error(b));
    Builder c = Builder.minimal();
    c.phnumOverride = 10; // 64 + 10 * 56 > 0x200
    assertEquals(prefix() + "is malformed: program header 8 lies beyond the end of the file",
        error(c));
    Builder d = Builder.minimal();
    d.phoff = -8L;
    assertEquals(prefix() + "is malformed: program header 0 lies beyond the end of the file",
        error(d));
  }

  @Test
  void badProgramHeaderTable() throws IOException {
    Builder b = Builder.minimal();
    b.phentsize = 32;
    assertEquals(prefix() + "is malformed: program header size is 32, expected 56", error(b));
    Builder c = new Builder();
    assertEquals(prefix() + "is malformed: it has no program headers", error(c));
    Builder d = new Builder().ph(4, 4, 0, 0, 0, 0, 4);
    assertEquals(prefix() + "is malformed: it has no loadable segments", error(d));
  }

  @Test
  void segmentBeyondFile() throws IOException {
    Builder b = new Builder().load(5, 0x100, 0x10000, 0x1000, 0x1000);
    b.entry = 0x10000;
    assertEquals(prefix() + "is malformed: program header 0: segment data (offset 0x100,"
        + " size 0x1000) lies beyond the end of the file", error(b));
    Builder c = new Builder().load(5, -16L, 0x10000, 0x20, 0x20);
    c.entry = 0x10000;
    assertEquals(prefix() + "is malformed: program header 0: segment data (offset"
        + " 0xfffffffffffffff0, size 0x20) lies beyond the end of the file", error(c));
  }

  @Test
  void fileSizeAboveMemorySize() throws IOException {
    Builder b = new Builder().load(5, 0, 0x10000, 0x200, 0x100);
    assertEquals(prefix() + "is malformed: program header 0: file size 0x200 is larger than"
        + " memory size 0x100", error(b));
  }

  @Test
  void overlappingSegments() throws IOException {
    Builder b = Builder.minimal().load(6, 0x100, 0x10100, 0x100, 0x1000);
    assertEquals(prefix() + "is malformed: program headers 0 and 1: loadable segments overlap"
        + " (0x10000-0x10200 and 0x10100-0x11100)", error(b));
    Builder c = new Builder().load(6, 0x100, 0x20000, 0x100, 0x100)
        .load(5, 0, 0x10000, 0x100, 0x100);
    c.entry = 0x10000;
    assertEquals(prefix() + "is malformed: program headers 0 and 1: loadable segments are not in"
        + " ascending address order", error(c));
  }

  @Test
  void hugeSegment() throws IOException {
    Builder b = new Builder().load(6, 0, 0x10000, 0x200, 0x1_0000_0000L);
    assertEquals(prefix() + "is too large: program header 0 needs 0x100000000 bytes of memory,"
        + " more than rvjit's limit of 512 MiB", error(b));
    Builder c = Builder.minimal().load(6, 0, 0x4000_0000_0000L, 0x10, 0x10);
    assertEquals(prefix() + "is too large: its loadable segments span 0x3fffffff0010 bytes, more"
        + " than rvjit's limit of 512 MiB", error(c));
  }

  @Test
  void wrapAround() throws IOException {
    Builder b = Builder.minimal().load(6, 0, -0x100L, 0x10, 0x1000);
    assertEquals(prefix() + "is malformed: program header 1: segment at 0xffffffffffffff00 of"
        + " size 0x1000 wraps around the address space", error(b));
  }

  @Test
  void badAlignment() throws IOException {
    Builder b = new Builder().ph(1, 5, 0, 0x10000, 0x200, 0x200, 0x1800);
    assertEquals(prefix() + "is malformed: program header 0: alignment 0x1800 is not a power of"
        + " two", error(b));
  }

  @Test
  void entryOutsideSegments() throws IOException {
    Builder b = Builder.minimal();
    b.entry = 0x900000;
    assertEquals(prefix() + "is malformed: entry point 0x900000 lies outside every loadable"
        + " segment", error(b));
  }

  @Test
  void interpreterPath() throws IOException {
    byte[] path = "/lib/ld-test.so.1\0".getBytes(StandardCharsets.US_ASCII);
    Builder b = Builder.minimal().ph(ElfFile.PT_INTERP, 4, 0x180, 0x10180, path.length,
        path.length, 1).at(0x180, path);
    assertEquals("/lib/ld-test.so.1", ElfFile.read(write("a.out", b.build())).interpreter());
    Builder c = Builder.minimal().ph(ElfFile.PT_INTERP, 4, 0x180, 0x10180, 4, 4, 1)
        .at(0x180, "abcd".getBytes(StandardCharsets.US_ASCII));
    assertEquals(prefix() + "is malformed: program header 1: interpreter path is not"
        + " NUL-terminated", error(c));
    Builder d = Builder.minimal().ph(ElfFile.PT_INTERP, 4, 0x1f0, 0x101f0, 0x20, 0x20, 1);
    assertEquals(prefix() + "is malformed: program header 1: interpreter path lies beyond the"
        + " end of the file", error(d));
  }

  @Test
  void symbolsFromSymtab() throws IOException {
    Builder b = Builder.minimal().sym("main", 2, 0x10100, 0x20).sym("table", 1, 0x10180, 8)
        .sym("skipped_section", 3, 0x10000, 0);
    ElfFile f = ElfFile.read(write("a.out", b.build()));
    List<SymbolTable.Symbol> syms = f.symbols(0x1000);
    assertEquals(2, syms.size());
    assertEquals("main", syms.get(0).name);
    assertEquals(0x11100, syms.get(0).address);
    assertEquals(0x20, syms.get(0).size);
    assertEquals("table", syms.get(1).name);
  }

  @Test
  void damagedSectionTableIsTolerated() throws IOException {
    byte[] bytes = Builder.minimal().sym("main", 2, 0x10100, 0x20).build();
    Builder.putU64(bytes, 40, 0x7fff_ffffL); // e_shoff far beyond the file
    ElfFile f = ElfFile.read(write("a.out", bytes));
    assertTrue(f.symbols(0).isEmpty());
  }
}
