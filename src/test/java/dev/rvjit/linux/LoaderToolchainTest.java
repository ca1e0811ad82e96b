package dev.rvjit.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rvjit.memory.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads real binaries built by the RISC-V cross compiler (static and dynamic) and compares the
 * auxiliary vector with what qemu-riscv64 gives the same program. Skipped when the tools are
 * missing, unless {@code RVJIT_REQUIRE_TOOLS=1}.
 */
class LoaderToolchainTest {
  static final String CC = "riscv64-linux-gnu-gcc";
  static final String QEMU = "qemu-riscv64";
  static final Path SYSROOT = Path.of("/usr/riscv64-linux-gnu");
  static final String PROGRAM = String.join("\n",
      "#include <stdio.h>",
      "#include <stdint.h>",
      "extern char **environ;",
      "int counter = 42;",
      "static char zeros[10000];",
      "int main(int argc, char **argv) {",
      "  char **e = environ;",
      "  while (*e) e++;",
      "  for (uintptr_t *a = (uintptr_t *)(e + 1); a[0]; a += 2)",
      "    printf(\"aux %lu 0x%lx\\n\", (unsigned long)a[0], (unsigned long)a[1]);",
      "  return zeros[argc] + counter - 42;",
      "}",
      "");

  @TempDir static Path dir;
  static Path staticExe;
  static Path dynamicExe;

  static boolean toolsRequired() {
    return "1".equals(System.getenv("RVJIT_REQUIRE_TOOLS"));
  }

  static boolean works(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String output(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  static void requireTool(boolean present, String what) {
    if (!present && toolsRequired()) {
      fail(what + " is missing but RVJIT_REQUIRE_TOOLS=1");
    }
    Assumptions.assumeTrue(present, what + " is missing");
  }

  @BeforeAll
  static void build() throws IOException {
    if (!works(CC, "--version")) {
      return;
    }
    Path src = dir.resolve("aux.c");
    Files.writeString(src, PROGRAM);
    staticExe = dir.resolve("aux-static");
    dynamicExe = dir.resolve("aux-dyn");
    if (!works(CC, "-O1", "-static", "-o", staticExe.toString(), src.toString())) {
      staticExe = null;
    }
    if (!works(CC, "-O1", "-o", dynamicExe.toString(), src.toString())) {
      dynamicExe = null;
    }
  }

  private static Map<Long, Long> auxv(long[] pairs) {
    Map<Long, Long> m = new TreeMap<>();
    for (int i = 0; i + 1 < pairs.length && pairs[i] != ElfLoader.AT_NULL; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static void assertSegmentsLoaded(Memory mem, ElfFile f, long bias) {
    byte[] data = f.bytes();
    for (ElfFile.ProgramHeader ph : f.loads()) {
      long start = ph.vaddr() + bias;
      long end = start + ph.memsz();
      // Pages wholly inside one segment carry exactly its permissions.
      for (long pg = (start + 4095) & -4096L; pg + 4096 <= end; pg += 4096) {
        assertEquals(ph.prot(), mem.protectionOf(pg), String.format("page 0x%x", pg));
      }
      for (long i = 0; i < ph.filesz(); i++) {
        if (data[(int) (ph.offset() + i)] != mem.peek(start + i)) {
          fail(String.format("byte at 0x%x differs from the file", start + i));
        }
      }
      for (long a = start + ph.filesz(); a < end; a++) {
        if (mem.peek(a) != 0) {
          fail(String.format("bss byte at 0x%x is not zero", a));
        }
      }
    }
  }

  @Test
  void staticExecutable() {
    requireTool(staticExe != null, CC);
    GuestProcess p = LoaderTest.newProcess();
    ElfLoader.Loaded l = ElfLoader.load(p, staticExe, "./aux-static", List.of("./aux-static",
        "x"), List.of("A=1", "B=2"), LoaderTest.RANDOM);
    ElfFile f = ElfFile.read(staticExe);
    assertEquals(ElfFile.ET_EXEC, f.type());
    assertNotNull(f.find(ElfFile.PT_LOAD));
    assertSegmentsLoaded(p.mem, f, 0);
    assertEquals(f.entry(), p.hart.pc);
    assertEquals(0, p.interpBase);

    SymbolTable.Symbol main = p.symbols.byName("main");
    assertNotNull(main, "main is in .symtab");
    assertTrue(main.size > 0);
    assertEquals(Memory.PROT_READ | Memory.PROT_EXEC, p.mem.protectionOf(main.address));
    assertEquals("main", p.symbols.describe(main.address));
    assertNotNull(p.symbols.byName("counter"));

    LoaderTest.Stack s = LoaderTest.readStack(p);
    assertEquals(List.of("./aux-static", "x"), s.argv);
    assertEquals(List.of("A=1", "B=2"), s.env);
    assertEquals(0, p.hart.x[2] % 16);
    assertEquals(auxv(l.auxv()), s.auxv);
    assertEquals(f.phdrAddress(), s.auxv.get((long) ElfLoader.AT_PHDR));
    assertEquals(0L, s.auxv.get((long) ElfLoader.AT_BASE));
    long brk = (f.highAddress() + 4095) & -4096L;
    assertEquals(brk, p.brkStart);
  }

  @Test
  void staticAuxvMatchesQemu() throws IOException, InterruptedException {
    requireTool(staticExe != null, CC);
    requireTool(works(QEMU, "--version"), QEMU);
    String out = output("env", "-i", "A=1", QEMU, staticExe.toString(), "x");
    Map<Long, Long> qemu = new TreeMap<>();
    Matcher m = Pattern.compile("aux (\\d+) 0x([0-9a-f]+)").matcher(out);
    while (m.find()) {
      qemu.put(Long.parseLong(m.group(1)), Long.parseUnsignedLong(m.group(2), 16));
    }
    GuestProcess p = LoaderTest.newProcess();
    ElfLoader.load(p, staticExe, staticExe.toString(), List.of(staticExe.toString(), "x"),
        List.of("A=1"));
    Map<Long, Long> ours = LoaderTest.readStack(p).auxv;
    assertEquals(qemu.keySet(), ours.keySet(), "the same auxv entries as qemu-riscv64");
    // Entries that do not depend on where the stack is.
    for (int t : new int[] {ElfLoader.AT_PHDR, ElfLoader.AT_PHENT, ElfLoader.AT_PHNUM,
        ElfLoader.AT_PAGESZ, ElfLoader.AT_BASE, ElfLoader.AT_FLAGS, ElfLoader.AT_ENTRY,
        ElfLoader.AT_UID, ElfLoader.AT_EUID, ElfLoader.AT_GID, ElfLoader.AT_EGID,
        ElfLoader.AT_HWCAP, ElfLoader.AT_CLKTCK, ElfLoader.AT_SECURE}) {
      assertEquals(qemu.get((long) t), ours.get((long) t), "auxv type " + t);
    }
  }

  @Test
  void dynamicExecutableLoadsItsInterpreter() {
    requireTool(dynamicExe != null, CC);
    Path ldso = SYSROOT.resolve("lib/ld-linux-riscv64-lp64d.so.1");
    requireTool(Files.exists(ldso), ldso.toString());
    GuestProcess p = LoaderTest.newProcess();
    p.sysroot = SYSROOT;
    ElfLoader.Loaded l = ElfLoader.load(p, dynamicExe, "aux-dyn", List.of("aux-dyn"),
        List.of("A=1"));
    ElfFile f = ElfFile.read(dynamicExe);
    ElfFile interp = ElfFile.read(ldso);
    assertEquals("/lib/ld-linux-riscv64-lp64d.so.1", f.interpreter());
    assertEquals(ldso, l.interpreterPath());
    assertEquals(Memory.FLAT_BASE, l.bias(), "PIE at FLAT_BASE");
    assertSegmentsLoaded(p.mem, f, l.bias());
    assertNotEquals(0, p.interpBase);
    assertEquals(0, p.interpBase % 4096);
    assertTrue(p.interpBase >= p.mmapBottom && p.interpBase < p.mmapTop);
    assertSegmentsLoaded(p.mem, interp, p.interpBase);
    assertEquals(interp.entry() + p.interpBase, p.startPc);
    assertEquals(p.startPc, p.hart.pc);
    assertEquals(f.entry() + l.bias(), p.entry);

    LoaderTest.Stack s = LoaderTest.readStack(p);
    assertEquals(p.interpBase, s.auxv.get((long) ElfLoader.AT_BASE));
    assertEquals(p.entry, s.auxv.get((long) ElfLoader.AT_ENTRY));
    assertEquals(f.find(ElfFile.PT_PHDR).vaddr() + l.bias(), s.auxv.get((long) ElfLoader.AT_PHDR));
    assertArrayEquals(f.programHeaderBytes(),
        p.mem.read(s.auxv.get((long) ElfLoader.AT_PHDR), f.programHeaders().size() * 56));
    assertNotNull(p.symbols.byName("main"));
    SymbolTable.Symbol ldsym = p.symbols.byName("_dl_catch_exception");
    assertNotNull(ldsym, "the interpreter's .dynsym symbols are added with its bias");
    assertTrue(ldsym.address > p.interpBase);
  }

  @Test
  void interpreterRunAsTheProgramIsLikeStaticPie() {
    Path ldso = SYSROOT.resolve("lib/ld-linux-riscv64-lp64d.so.1");
    requireTool(Files.exists(ldso), ldso.toString());
    GuestProcess p = LoaderTest.newProcess();
    ElfLoader.Loaded l = ElfLoader.load(p, ldso, "ld.so", List.of("ld.so", "--help"),
        List.of());
    ElfFile f = ElfFile.read(ldso);
    assertEquals(ElfFile.ET_DYN, f.type());
    assertEquals(Memory.FLAT_BASE, l.bias());
    assertSegmentsLoaded(p.mem, f, l.bias());
    assertEquals(f.entry() + Memory.FLAT_BASE, p.hart.pc);
    assertEquals(0, p.interpBase);
    List<Long> types = new ArrayList<>(LoaderTest.readStack(p).auxv.keySet());
    assertTrue(types.contains((long) ElfLoader.AT_RANDOM));
  }
}
