package dev.rvjit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user meets it: a real {@code rvjit} process (this JVM's class path), its
 * stdout, stderr and exit status. Bad input gets one line naming the problem and a documented
 * status, never a stack trace.
 */
class CliTest {
  @TempDir Path tmp;

  static final class Run {
    final int status;
    final String out;
    final String err;

    Run(int status, String out, String err) {
      this.status = status;
      this.out = out;
      this.err = err;
    }

    @Override
    public String toString() {
      return "status " + status + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  static Run rvjit(byte[] stdin, String... args) throws IOException, InterruptedException {
    return rvjitWith(List.of(), stdin, args);
  }

  /** {@link #rvjit} with extra JVM options (system properties) before the main class. */
  static Run rvjitWith(List<String> jvmOptions, byte[] stdin, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("--add-exports");
    cmd.add("java.base/jdk.internal.misc=ALL-UNNAMED"); // as the jar's manifest does
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.rvjit.cli.Main");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Process p = pb.start();
    p.getOutputStream().write(stdin);
    p.getOutputStream().close();
    byte[][] err = new byte[1][];
    Thread t = new Thread(() -> {
      try {
        err[0] = p.getErrorStream().readAllBytes();
      } catch (IOException e) {
        err[0] = new byte[0];
      }
    });
    t.start();
    byte[] out = p.getInputStream().readAllBytes();
    t.join();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err[0], StandardCharsets.UTF_8));
  }

  static Run rvjit(String... args) throws IOException, InterruptedException {
    return rvjit(new byte[0], args);
  }

  private static void assertOneLineError(Run r, int status, String fragment) {
    assertEquals(status, r.status, r.toString());
    assertTrue(r.err.startsWith("rvjit: "), r.toString());
    assertTrue(r.err.contains(fragment), r.toString());
    assertFalse(r.err.contains("\tat "), "no stack trace: " + r);
    assertEquals(1, r.err.strip().split("\n").length, "one line: " + r);
  }

  /** A minimal static RV64 executable: one RX segment at 0x10000 holding {@code code}. */
  static byte[] tinyElf(int... code) {
    ByteBuffer b = ByteBuffer.allocate(0x1000 + code.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
    b.position(16);
    b.putShort((short) 2).putShort((short) 243).putInt(1);
    b.putLong(0x11000).putLong(64).putLong(0);
    b.putInt(0x4).putShort((short) 64).putShort((short) 56).putShort((short) 1)
        .putShort((short) 64).putShort((short) 0).putShort((short) 0);
    b.putInt(1).putInt(5).putLong(0).putLong(0x10000).putLong(0x10000)
        .putLong(0x1000 + code.length * 4L).putLong(0x1000 + code.length * 4L).putLong(0x1000);
    b.position(0x1000);
    for (int w : code) {
      b.putInt(w);
    }
    return b.array();
  }

  @Test
  void versionAndHelp() throws Exception {
    Run v = rvjit("--version");
    assertEquals(0, v.status, v.toString());
    assertTrue(v.out.startsWith("rvjit "), v.out);
    Run h = rvjit("run", "--help");
    assertEquals(0, h.status);
    for (String opt : new String[] {"--mode", "--sysroot", "--strace", "--stats", "--max-insns",
        "--debug", "--jit-threshold"}) {
      assertTrue(h.out.contains(opt), "run --help mentions " + opt);
    }
    assertEquals(0, rvjit("disasm", "--help").status);
  }

  /**
   * Main builds only the subcommand a run names (start-up time); every other way in must still
   * see all of them: the top-level help lists them in order, {@code help CMD} and a subcommand's
   * own help name it in full, and a typo is still told the nearest command.
   */
  @Test
  void everySubcommandStillReachableAndListed() throws Exception {
    Run top = rvjit("--help");
    assertEquals(0, top.status, top.toString());
    int last = -1;
    for (String cmd : new String[] {"run", "disasm", "bench", "inspect", "help"}) {
      int at = top.out.indexOf("\n  " + cmd + " ");
      assertTrue(at > last, cmd + " listed after the one before it: " + top.out);
      last = at;
    }
    Run none = rvjit();
    assertEquals(2, none.status, none.toString());
    assertTrue(none.err.contains("missing command"), none.toString());
    for (String cmd : new String[] {"run", "disasm", "bench", "inspect"}) {
      Run viaHelp = rvjit("help", cmd);
      assertEquals(0, viaHelp.status, viaHelp.toString());
      assertTrue(viaHelp.out.startsWith("Usage: rvjit " + cmd + " "), viaHelp.out);
      Run own = rvjit(cmd, "--help");
      assertEquals(0, own.status, own.toString());
      assertEquals(viaHelp.out, own.out);
    }
    Run typo = rvjit("benhc", "x");
    assertEquals(2, typo.status, typo.toString());
    assertTrue(typo.err.contains("Did you mean: rvjit bench"), typo.toString());
  }

  /**
   * Unit classes are version-49 files without stack maps by default (the JVM's inferring
   * verifier checks them), and version-61 files with ASM's computed frames under
   * {@code -Drvjit.jit.stackMaps=true}; both kinds are defined, verified and run, with the same
   * guest output.
   */
  @Test
  void unitClassFilesOfBothKindsVerifyAndRun() throws Exception {
    String[][] kinds = {{"-Drvjit.jit.stackMaps=false", "49"}, {"-Drvjit.jit.stackMaps=true", "61"}};
    String out = null;
    for (String[] kind : kinds) {
      Path dir = tmp.resolve("classes" + kind[1]);
      Run r = rvjitWith(List.of(kind[0]), new byte[0], "inspect", "--sync", "--jit-threshold",
          "20", "--top", "1", "--dump-classes", dir.toString(), "samples/bin/sha256", "300");
      assertEquals(0, r.status, r.toString());
      List<Path> files;
      try (var s = Files.list(dir)) {
        files = s.filter(f -> f.getFileName().toString().startsWith("Unit_")).toList();
      }
      assertFalse(files.isEmpty(), "units dumped: " + r);
      for (Path f : files) {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f));
        assertEquals(0xCAFEBABE, b.getInt(0), f.toString());
        assertEquals(Integer.parseInt(kind[1]), b.getShort(6), f + " class file version");
      }
      Run run = rvjitWith(List.of(kind[0]), new byte[0], "run", "--jit-threshold", "20",
          "--stats", "samples/bin/sha256", "300");
      assertEquals(0, run.status, run.toString());
      assertFalse(run.err.contains("units         0 compiled"), run.err);
      if (out == null) {
        out = run.out;
      } else {
        assertEquals(out, run.out);
      }
    }
  }

  @Test
  void missingFile() throws Exception {
    assertOneLineError(rvjit("run", tmp.resolve("nope").toString()), 2,
        "No such file or directory");
  }

  @Test
  void directory() throws Exception {
    assertOneLineError(rvjit("run", tmp.toString()), 2, "is a directory");
  }

  @Test
  void notAnElfFile() throws Exception {
    Path f = tmp.resolve("text");
    Files.writeString(f, "#!/bin/sh\necho hi\n");
    assertOneLineError(rvjit("run", f.toString()), 2, "is not an ELF file");
  }

  @Test
  void hostBinaryIsNotRiscV() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    assertOneLineError(rvjit("run", java.toString()), 2, "not RISC-V");
  }

  @Test
  void thirtyTwoBitElf() throws Exception {
    byte[] e = tinyElf(0);
    e[4] = 1; // ELFCLASS32
    Path f = tmp.resolve("elf32");
    Files.write(f, e);
    assertOneLineError(rvjit("run", f.toString()), 2, "32-bit");
  }

  @Test
  void segmentationFaultNamesPcAndAddress() throws Exception {
    Path f = tmp.resolve("segv");
    Files.write(f, tinyElf(Asm.i(Opcode.LD, 5, 0, 16)));
    Run r = rvjit("run", f.toString());
    assertOneLineError(r, 139, "segmentation fault");
    assertTrue(r.err.contains("pc 0x11000") && r.err.contains("0x10"), r.toString());
  }

  @Test
  void illegalInstructionNamesTheWord() throws Exception {
    Path f = tmp.resolve("sigill");
    Files.write(f, tinyElf(0x0000ffff));
    for (String mode : new String[] {"--mode=interp", "--mode=jit"}) {
      Run r = rvjit("run", mode, f.toString());
      assertOneLineError(r, 132, "illegal instruction 0x0000ffff");
      assertTrue(r.err.contains("pc 0x11000"), r.toString());
    }
  }

  @Test
  void instructionLimit() throws Exception {
    Path f = tmp.resolve("loop");
    Files.write(f, tinyElf(Asm.jal(0, 0))); // j .
    Run r = rvjit("run", "--max-insns", "1000", f.toString());
    assertOneLineError(r, 124, "1000 instructions");
  }

  @Test
  void badOptionIsAUsageError() throws Exception {
    Run r = rvjit("run", "--mode=fast", "samples/bin/hello");
    assertEquals(2, r.status, r.toString());
    assertTrue(r.err.contains("--mode"), r.toString());
    assertEquals(2, rvjit("run", "--no-such-option", "x").status);
  }

  @Test
  void wordsAfterTheProgramGoToTheGuestUntouched() throws Exception {
    Run r = rvjit("run", "samples/bin/args", "--mode=interp", "-x", "@file", "--", "a b");
    assertEquals(3, r.status, "args exits 3 when argc > 5: " + r);
    for (String a : new String[] {"--mode=interp", "-x", "@file", "--", "a b"}) {
      assertTrue(r.out.contains(a), "guest saw " + a + ": " + r.out);
    }
  }

  @Test
  void stdinAndExitStatusPassThrough() throws Exception {
    Run r = rvjit("hello\nworld\n".getBytes(StandardCharsets.UTF_8), "run", "samples/bin/stdin");
    assertEquals(0, r.status, r.toString());
    assertTrue(r.out.contains("uryyb"), "ROT13 of the input: " + r.out);
    Run many = rvjit("run", "samples/bin/args", "1", "2", "3", "4", "5");
    assertEquals(3, many.status, many.toString());
  }

  @Test
  void statsGoToStderr() throws Exception {
    Run r = rvjit("run", "--stats", "samples/bin/hello");
    assertEquals(0, r.status, r.toString());
    assertEquals("Hello, world!\n", r.out);
    assertTrue(r.err.contains("instructions") && r.err.contains("guest MIPS"), r.err);
  }

  @Test
  void straceShowsSystemCalls() throws Exception {
    Run r = rvjit("run", "--strace", "samples/bin/hello");
    assertEquals(0, r.status, r.toString());
    assertTrue(r.err.contains("write(1, \"Hello, world!\\n\", 14) = 14"), r.err);
    assertTrue(r.err.contains("exit_group(0)"), r.err);
  }

  @Test
  void debugAddsAStackTrace() throws Exception {
    Run r = rvjit("run", "--debug", tmp.resolve("nope").toString());
    assertEquals(2, r.status);
    assertTrue(r.err.contains("\tat "), r.toString());
  }

  @Test
  void disassemblesASymbol() throws Exception {
    Run r = rvjit("disasm", "samples/bin/hello", "--symbol", "main");
    assertEquals(0, r.status, r.toString());
    assertTrue(r.out.contains("<main>:"), r.out);
    Run bad = rvjit("disasm", "samples/bin/hello", "--symbol", "no_such_function");
    assertOneLineError(bad, 2, "no symbol 'no_such_function'");
  }
}
