package dev.rvjit.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.cpu.Hart;
import dev.rvjit.linux.ElfFileTest.Builder;
import dev.rvjit.memory.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading hand-built executables: mapping, layout, interpreter lookup and the initial stack. */
class LoaderTest {
  static final int R = Memory.PROT_READ;
  static final int W = Memory.PROT_WRITE;
  static final int X = Memory.PROT_EXEC;
  static final byte[] RANDOM = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

  @TempDir Path dir;

  static GuestProcess newProcess() {
    Memory m = new Memory();
    return new GuestProcess(m, new Hart(m), InputStream.nullInputStream(),
        OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
  }

  /** A pattern that makes misplaced bytes visible. */
  static byte[] pattern(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + seed | 1);
    }
    return b;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    return p;
  }

  /** The initial stack as the guest sees it. */
  static final class Stack {
    long argc;
    List<String> argv = new java.util.ArrayList<>();
    List<String> env = new java.util.ArrayList<>();
    Map<Long, Long> auxv = new LinkedHashMap<>();
  }

  static Stack readStack(GuestProcess p) {
    Memory m = p.mem;
    long sp = p.hart.x[2];
    Stack s = new Stack();
    s.argc = m.ld(sp);
    long a = sp + 8;
    for (int i = 0; i < s.argc; i++, a += 8) {
      s.argv.add(m.readCString(m.ld(a), 1 << 20));
    }
    assertEquals(0, m.ld(a), "argv ends with NULL");
    a += 8;
    for (; m.ld(a) != 0; a += 8) {
      s.env.add(m.readCString(m.ld(a), 1 << 20));
    }
    a += 8;
    for (; m.ld(a) != ElfLoader.AT_NULL; a += 16) {
      assertFalse(s.auxv.containsKey(m.ld(a)), "auxv type " + m.ld(a) + " appears once");
      s.auxv.put(m.ld(a), m.ld(a + 8));
    }
    return s;
  }

  private static long aux(Stack s, int type) {
    Long v = s.auxv.get((long) type);
    assertNotNull(v, "auxv has type " + type);
    return v;
  }

  private static void assertBytes(Memory m, long addr, byte[] want, int off, int len) {
    for (int i = 0; i < len; i++) {
      assertEquals(want[off + i], m.peek(addr + i), String.format("byte at 0x%x", addr + i));
    }
  }

  @Test
  void staticExecutableLayoutAndStack() throws IOException {
    Builder b = Builder.minimal().at(0x78, pattern(0x188, 3));
    byte[] file = b.build();
    Path exe = write("hello", file);
    GuestProcess p = newProcess();
    ElfLoader.Loaded l = ElfLoader.load(p, exe, "./hello", List.of("./hello", "a b", ""),
        List.of("HOME=/root", "X=1"), RANDOM);

    Memory m = p.mem;
    assertEquals(R | X, m.protectionOf(0x10000));
    assertEquals(-1, m.protectionOf(0x11000));
    assertBytes(m, 0x10000, file, 0, 0x200);

    assertEquals(0x10078, p.entry);
    assertEquals(0x10078, p.startPc);
    assertEquals(0x10078, p.hart.pc);
    assertEquals(0, p.interpBase);
    assertEquals(0, l.bias());
    assertEquals(exe.toRealPath(), p.exePath);
    assertEquals("./hello", p.exeName);
    assertEquals(List.of("./hello", "a b", ""), p.argv);
    assertEquals(List.of("HOME=/root", "X=1"), p.env);

    // The documented layout.
    assertEquals(0x4000_0000L, p.stackTop);
    assertEquals(0x3f80_0000L, p.stackBottom);
    assertEquals(0x3f70_0000L, p.mmapTop);
    assertEquals(0x11000, p.brkStart);
    assertEquals(0x11000, p.brk);
    assertEquals(0x11000 + (256L << 20), p.brkLimit);
    assertEquals(p.brkLimit, p.mmapBottom);
    assertEquals(R | W, m.protectionOf(p.stackBottom));
    assertEquals(R | W, m.protectionOf(p.stackTop - 1));
    assertEquals(-1, m.protectionOf(p.stackTop));
    assertEquals(-1, m.protectionOf(p.stackBottom - 1));

    long sp = p.hart.x[2];
    assertEquals(0, sp % 16, "sp is 16-byte aligned");
    assertEquals(l.sp(), sp);
    assertTrue(sp > p.stackBottom && sp < p.stackTop);
    for (int i = 0; i < 32; i++) {
      if (i != 2) {
        assertEquals(0, p.hart.x[i], "x" + i);
      }
    }

    Stack s = readStack(p);
    assertEquals(3, s.argc);
    assertEquals(List.of("./hello", "a b", ""), s.argv);
    assertEquals(List.of("HOME=/root", "X=1"), s.env);
    assertEquals(0x10040, aux(s, ElfLoader.AT_PHDR));
    assertEquals(56, aux(s, ElfLoader.AT_PHENT));
    assertEquals(1, aux(s, ElfLoader.AT_PHNUM));
    assertEquals(4096, aux(s, ElfLoader.AT_PAGESZ));
    assertEquals(0, aux(s, ElfLoader.AT_BASE));
    assertEquals(0, aux(s, ElfLoader.AT_FLAGS));
    assertEquals(0x10078, aux(s, ElfLoader.AT_ENTRY));
    assertEquals(ElfLoader.hostUid(), aux(s, ElfLoader.AT_UID));
    assertEquals(ElfLoader.hostUid(), aux(s, ElfLoader.AT_EUID));
    assertEquals(ElfLoader.hostGid(), aux(s, ElfLoader.AT_GID));
    assertEquals(ElfLoader.hostGid(), aux(s, ElfLoader.AT_EGID));
    assertEquals(0x112d, aux(s, ElfLoader.AT_HWCAP));
    assertEquals(100, aux(s, ElfLoader.AT_CLKTCK));
    assertEquals(0, aux(s, ElfLoader.AT_SECURE));
    assertArrayEquals(RANDOM, m.read(aux(s, ElfLoader.AT_RANDOM), 16));
    assertEquals("./hello", m.readCString(aux(s, ElfLoader.AT_EXECFN), 100));
    assertFalse(s.auxv.containsKey((long) ElfLoader.AT_PLATFORM));
    assertEquals(16, s.auxv.size());

    // Strings sit above the tables, the file name last, under an 8-byte zero end marker.
    long execfn = aux(s, ElfLoader.AT_EXECFN);
    assertEquals(p.stackTop - 8 - "./hello".length() - 1, execfn);
    assertEquals(0, m.ld(p.stackTop - 8));
    long[] auxv = l.auxv();
    assertEquals(2 * 17, auxv.length);
    assertEquals(ElfLoader.AT_NULL, auxv[auxv.length - 2]);
  }

  @Test
  void gnuStackWithExecuteMakesTheStackExecutable() throws IOException {
    Builder b = Builder.minimal().ph(ElfFile.PT_GNU_STACK, 7, 0, 0, 0, 0, 16);
    GuestProcess p = newProcess();
    ElfLoader.load(p, write("exstack", b.build()), "exstack", List.of(), List.of());
    assertEquals(R | W | X, p.mem.protectionOf(p.stackBottom));
    Builder c = Builder.minimal().ph(ElfFile.PT_GNU_STACK, 6, 0, 0, 0, 0, 16);
    GuestProcess q = newProcess();
    ElfLoader.load(q, write("stack", c.build()), "stack", List.of(), List.of());
    assertEquals(R | W, q.mem.protectionOf(q.stackBottom));
  }

  @Test
  void emptyArgvGetsProgramName() throws IOException {
    Path exe = write("hello", Builder.minimal().build());
    GuestProcess p = newProcess();
    ElfLoader.load(p, exe, null, List.of(), List.of());
    Stack s = readStack(p);
    assertEquals(List.of(exe.toString()), s.argv);
    assertTrue(s.env.isEmpty());
    assertEquals(16, p.mem.read(aux(s, ElfLoader.AT_RANDOM), 16).length);
  }

  @Test
  void positionIndependentExecutableLoadsAtFlatBase() throws IOException {
    Builder b = new Builder().load(5, 0, 0, 0x200, 0x200).at(0x78, pattern(0x100, 9));
    b.type = ElfFile.ET_DYN;
    b.entry = 0x78;
    byte[] file = b.build();
    GuestProcess p = newProcess();
    ElfLoader.Loaded l = ElfLoader.load(p, write("pie", file), "pie", List.of("pie"), List.of());
    assertEquals(Memory.FLAT_BASE, l.bias());
    assertEquals(0x10078, p.entry);
    assertEquals(0x10078, p.hart.pc);
    assertBytes(p.mem, 0x10000, file, 0, 0x200);
    Stack s = readStack(p);
    assertEquals(0x10078, aux(s, ElfLoader.AT_ENTRY));
    assertEquals(0x10040, aux(s, ElfLoader.AT_PHDR));
    assertEquals(0, aux(s, ElfLoader.AT_BASE));
  }

  @Test
  void largeAlignmentRoundsTheBias() throws IOException {
    Builder b = new Builder().ph(ElfFile.PT_LOAD, 5, 0, 0x1000, 0x200, 0x200, 0x100000);
    b.type = ElfFile.ET_DYN;
    b.entry = 0x1078;
    GuestProcess p = newProcess();
    ElfLoader.Loaded l = ElfLoader.load(p, write("pie", b.build()), "pie", List.of(), List.of());
    assertEquals(0x100000, l.bias());
    assertEquals(0x101078, p.hart.pc);
    assertEquals(R | X, p.mem.protectionOf(0x101000));
  }

  @Test
  void segmentsSharingAPageKeepBothAndMergePermissions() throws IOException {
    byte[] text = pattern(0x800 - 0xb0, 1);
    byte[] data = pattern(0x100, 77);
    Builder b = new Builder().load(5, 0, 0x10000, 0x800, 0x800)
        .load(6, 0x800, 0x10800, 0x100, 0x1000).at(0xb0, text).at(0x800, data);
    byte[] file = b.build();
    GuestProcess p = newProcess();
    ElfLoader.load(p, write("shared", file), "shared", List.of(), List.of());
    Memory m = p.mem;
    assertEquals(R | W | X, m.protectionOf(0x10000), "shared page gets both permissions");
    assertEquals(R | W, m.protectionOf(0x11000));
    assertBytes(m, 0x10000, file, 0, 0x900);
    for (long a = 0x10900; a < 0x11800; a++) {
      assertEquals(0, m.peek(a), "bss is zero");
    }
    assertEquals(0x12000, p.brkStart);
  }

  @Test
  void leadingBytesOfAFreshPageShowTheFile() throws IOException {
    // Text ends at 0x10300; data starts mid-page at 0x11380 (file offset 0x380), as in a PIE.
    Builder b = new Builder().load(5, 0, 0x10000, 0x300, 0x300)
        .load(6, 0x380, 0x11380, 0x80, 0x100).at(0x300, pattern(0x100, 5));
    byte[] file = b.build();
    GuestProcess p = newProcess();
    ElfLoader.load(p, write("lead", file), "lead", List.of(), List.of());
    // Page 0x11000 shows file bytes 0..0x400 as a file mapping would.
    assertBytes(p.mem, 0x11000, file, 0, 0x400);
    assertEquals(R | W, p.mem.protectionOf(0x11000));
  }

  @Test
  void programHeadersOutsideEverySegmentAreCopiedToTheStack() throws IOException {
    Builder b = new Builder().load(5, 0x100, 0x10100, 0x100, 0x100);
    b.entry = 0x10100;
    byte[] file = b.build();
    GuestProcess p = newProcess();
    ElfLoader.load(p, write("nophdr", file), "nophdr", List.of(), List.of());
    long phdr = aux(readStack(p), ElfLoader.AT_PHDR);
    assertTrue(phdr >= p.stackBottom && phdr < p.stackTop);
    assertEquals(0, phdr % 8);
    assertBytes(p.mem, phdr, file, 64, 56);
  }

  @Test
  void executableAboveTheFlatRegion() throws IOException {
    Builder b = new Builder().load(5, 0, 0x1_0000_0000L, 0x200, 0x200).at(0x78, pattern(64, 2));
    b.entry = 0x1_0000_0078L;
    byte[] file = b.build();
    GuestProcess p = newProcess();
    ElfLoader.load(p, write("high", file), "high", List.of(), List.of());
    assertEquals(R | X, p.mem.protectionOf(0x1_0000_0000L));
    assertBytes(p.mem, 0x1_0000_0000L, file, 0, 0x200);
    assertEquals(Memory.FLAT_BASE, p.brkStart);
    assertEquals(Memory.FLAT_BASE + (256L << 20), p.mmapBottom);
  }

  @Test
  void executableHighInTheFlatRegionGetsHalfTheRestAsHeap() throws IOException {
    Builder b = new Builder().load(5, 0, 0x3000_0000L, 0x200, 0x200);
    b.entry = 0x3000_0078L;
    GuestProcess p = newProcess();
    ElfLoader.load(p, write("hi", b.build()), "hi", List.of(), List.of());
    assertEquals(0x3000_1000L, p.brkStart);
    assertEquals(0x3000_1000L + (0x3f70_0000L - 0x3000_1000L) / 2 / 4096 * 4096, p.brkLimit);
    assertEquals(p.brkLimit, p.mmapBottom);
  }

  @Test
  void badPlacementsAreRefused() throws IOException {
    Builder low = new Builder().load(5, 0, 0x1000, 0x200, 0x200);
    low.entry = 0x1078;
    Path lowExe = write("low", low.build());
    assertEquals("rvjit: '" + lowExe + "' is linked at 0x1000, below the lowest address a program"
        + " may use (0x10000)", assertThrows(ElfException.class,
            () -> ElfLoader.load(newProcess(), lowExe, "low", List.of(), List.of())).getMessage());
    Builder stack = new Builder().load(5, 0, 0x3ff0_0000L, 0x200, 0x200);
    stack.entry = 0x3ff0_0078L;
    Path stackExe = write("stack", stack.build());
    assertEquals("rvjit: '" + stackExe + "' is linked at 0x3ff00000-0x3ff01000, which overlaps"
        + " rvjit's stack area 0x3f700000-0x40010000", assertThrows(ElfException.class,
            () -> ElfLoader.load(newProcess(), stackExe, "s", List.of(), List.of())).getMessage());
  }

  private byte[] interpreterFile() {
    Builder ld = new Builder().load(5, 0, 0, 0x200, 0x200).load(6, 0x200, 0x1200, 0x20, 0x40)
        .at(0xc0, pattern(0x140, 11)).at(0x200, pattern(0x20, 12));
    ld.type = ElfFile.ET_DYN;
    ld.entry = 0x100;
    ld.size = 0x220;
    return ld.build();
  }

  private byte[] dynamicExe(String interp) {
    byte[] path = (interp + "\0").getBytes(StandardCharsets.US_ASCII);
    Builder b = new Builder().ph(ElfFile.PT_PHDR, 4, 64, 64, 3 * 56, 3 * 56, 8)
        .ph(ElfFile.PT_INTERP, 4, 0x180, 0x180, path.length, path.length, 1)
        .load(5, 0, 0, 0x200, 0x200).at(0x180, path);
    b.type = ElfFile.ET_DYN;
    b.entry = 0x120;
    return b.build();
  }

  @Test
  void interpreterLoadsBelowMmapTopAndRunsFirst() throws IOException {
    byte[] ld = interpreterFile();
    write("root/lib/ld-test.so.1", ld);
    Path exe = write("dyn", dynamicExe("/lib/ld-test.so.1"));
    GuestProcess p = newProcess();
    p.sysroot = dir.resolve("root");
    ElfLoader.Loaded l = ElfLoader.load(p, exe, "dyn", List.of("dyn"), List.of());
    long bias = p.mmapTop - 0x2000;
    assertEquals(bias, p.interpBase);
    assertEquals(dir.resolve("root/lib/ld-test.so.1"), l.interpreterPath());
    assertEquals(bias + 0x100, p.startPc);
    assertEquals(bias + 0x100, p.hart.pc);
    assertEquals(0x10120, p.entry);
    assertEquals(R | X, p.mem.protectionOf(bias));
    assertEquals(R | W, p.mem.protectionOf(bias + 0x1000));
    assertBytes(p.mem, bias, ld, 0, 0x200);
    assertBytes(p.mem, bias + 0x1200, ld, 0x200, 0x20);
    Stack s = readStack(p);
    assertEquals(bias, aux(s, ElfLoader.AT_BASE));
    assertEquals(0x10120, aux(s, ElfLoader.AT_ENTRY));
    assertEquals(0x10040, aux(s, ElfLoader.AT_PHDR));
    assertEquals(3, aux(s, ElfLoader.AT_PHNUM));
  }

  @Test
  void absoluteSymlinkInsideTheSysrootIsFollowedThere() throws IOException {
    write("root/lib64/ld-real.so", interpreterFile());
    Files.createDirectories(dir.resolve("root/lib"));
    Files.createSymbolicLink(dir.resolve("root/lib/ld.so"), Path.of("/lib64/ld-real.so"));
    Path exe = write("dyn", dynamicExe("/lib/ld.so"));
    GuestProcess p = newProcess();
    p.sysroot = dir.resolve("root");
    ElfLoader.Loaded l = ElfLoader.load(p, exe, "dyn", List.of(), List.of());
    assertEquals(dir.resolve("root/lib64/ld-real.so"), l.interpreterPath());
  }

  @Test
  void interpreterFallsBackToTheHostPath() throws IOException {
    Path ld = write("elsewhere/ld.so", interpreterFile());
    Path exe = write("dyn", dynamicExe(ld.toString()));
    GuestProcess p = newProcess();
    p.sysroot = dir.resolve("emptyroot");
    ElfLoader.Loaded l = ElfLoader.load(p, exe, "dyn", List.of(), List.of());
    assertEquals(ld, l.interpreterPath());
  }

  @Test
  void missingInterpreter() throws IOException {
    Path exe = write("dyn", dynamicExe("/lib/ld-none.so.1"));
    GuestProcess p = newProcess();
    p.sysroot = dir.resolve("root");
    assertEquals("rvjit: './dyn' needs the interpreter /lib/ld-none.so.1, not found under sysroot "
        + dir.resolve("root") + " (set --sysroot DIR)", assertThrows(ElfException.class,
            () -> ElfLoader.load(p, exe, "./dyn", List.of(), List.of())).getMessage());
    GuestProcess q = newProcess();
    assertEquals("rvjit: './dyn' needs the interpreter /lib/ld-none.so.1, not found (no sysroot"
        + " given) (set --sysroot DIR)", assertThrows(ElfException.class,
            () -> ElfLoader.load(q, exe, "./dyn", List.of(), List.of())).getMessage());
  }

  @Test
  void interpreterThatIsNotRiscV() throws IOException {
    Builder x86 = Builder.minimal();
    x86.machine = 62;
    Path ld = write("root/lib/ld.so", x86.build());
    Path exe = write("dyn", dynamicExe("/lib/ld.so"));
    GuestProcess p = newProcess();
    p.sysroot = dir.resolve("root");
    assertEquals("rvjit: '" + ld + "' is an ELF file for x86-64 (machine 62), not RISC-V",
        assertThrows(ElfException.class,
            () -> ElfLoader.load(p, exe, "dyn", List.of(), List.of())).getMessage());
  }

  @Test
  void argumentsTooLong() throws IOException {
    Path exe = write("hello", Builder.minimal().build());
    String big = "X=" + "y".repeat(3 << 20);
    ElfException e = assertThrows(ElfException.class,
        () -> ElfLoader.load(newProcess(), exe, "hello", List.of(), List.of(big)));
    assertTrue(e.getMessage().startsWith("rvjit: argument list and environment too long ("),
        e.getMessage());
    assertEquals(2, e.exitStatus());
  }

  @Test
  void hwcapBits() {
    assertEquals(0x112d, ElfLoader.hwcap("IMAFDC"));
    assertEquals(ElfLoader.hwcap("IMAFDC"), ElfLoader.HWCAP_RV64GC);
  }

  @Test
  void symbolsOfTheExecutableAreBiased() throws IOException {
    Builder b = new Builder().load(5, 0, 0, 0x200, 0x200).sym("main", 2, 0x100, 0x10);
    b.type = ElfFile.ET_DYN;
    b.entry = 0x78;
    GuestProcess p = newProcess();
    ElfLoader.load(p, write("pie", b.build()), "pie", List.of(), List.of());
    assertEquals(0x10100, p.symbols.byName("main").address);
    assertEquals("main+0x4", p.symbols.describe(0x10104));
  }
}
