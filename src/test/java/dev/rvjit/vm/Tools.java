package dev.rvjit.vm;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * External tools some tests need (qemu-riscv64, the cross compiler). Missing tools skip the test
 * on a developer machine, but fail it when {@code RVJIT_REQUIRE_TOOLS=1} (set by .ci/run), so CI
 * never passes by skipping.
 */
public final class Tools {
  private Tools() {}

  /** The absolute path of {@code name} on the PATH, or null. */
  public static Path find(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Returns the tool's path, or skips (locally) / fails (in CI) the test if it is missing. */
  public static Path require(String name) {
    Path p = find(name);
    if (p == null) {
      if ("1".equals(System.getenv("RVJIT_REQUIRE_TOOLS"))) {
        fail(name + " is not installed, and RVJIT_REQUIRE_TOOLS=1 says this test must run");
      }
      Assumptions.abort(name + " is not installed; test skipped (set RVJIT_REQUIRE_TOOLS=1 to fail)");
    }
    return p;
  }
}
