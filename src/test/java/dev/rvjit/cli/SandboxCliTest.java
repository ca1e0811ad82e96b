package dev.rvjit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox and limit options as a real process: parsing, environment, a dynamic guest under --root. */
class SandboxCliTest {
  @TempDir Path tmp;

  @Test
  void badValuesAreOneLineUsageErrors() throws Exception {
    String hello = "samples/bin/hello";
    String[][] bad = {
      {"--root", tmp.resolve("nope").toString()},
      {"--mount", "relative"},
      {"--mount", tmp + ":guest-not-absolute"},
      {"--max-memory", "lots"},
      {"--timeout", "-3s"},
      {"--env", "=x"},
    };
    for (String[] b : bad) {
      CliTest.Run r = CliTest.rvjit("run", b[0], b[1], hello);
      assertEquals(2, r.status, String.join(" ", b) + ": " + r);
      assertTrue(r.err.startsWith("rvjit: ") && r.err.strip().lines().count() == 1, r.toString());
    }
  }

  @Test
  void envClearAndEnv() throws Exception {
    CliTest.Run r = CliTest.rvjit("run", "--env-clear", "--env", "B=2", "--env", "A=1",
        "--env", "B=3", "samples/bin/args", "--sort-env");
    assertEquals(0, r.status, r.toString());
    assertTrue(r.out.contains("A=1") && r.out.contains("B=3") && !r.out.contains("B=2")
        && !r.out.contains("PATH="), r.out);
  }

  /** A dynamically linked guest under --root finds ld.so and libc through the sysroot layer. */
  @Test
  void dynamicGuestUnderRoot() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(RunCommand.DEFAULT_SYSROOT), "needs the riscv64 sysroot");
    Path root = Files.createDirectory(tmp.resolve("root"));
    Path exe = Files.copy(Path.of("samples/bin/hello-dyn"), root.resolve("hello-dyn"));
    CliTest.Run r = CliTest.rvjit("run", "--root", root.toString(), exe.toString());
    assertEquals(0, r.status, r.toString());
    assertEquals("Hello, world!\n", r.out);
  }
}
