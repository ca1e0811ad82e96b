package dev.rvjit.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The behavioural oracle: every sample case runs under {@code qemu-riscv64} now, and under rvjit
 * (interpreter and JIT); stdout, stderr and exit status must be identical. Fails in CI when qemu is
 * missing (RVJIT_REQUIRE_TOOLS=1), skips elsewhere.
 */
class QemuDifferentialTest {
  @TestFactory
  Stream<DynamicTest> samplesMatchQemu() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (SampleCase c : SampleCase.all()) {
      tests.add(DynamicTest.dynamicTest(c.name, () -> {
        Path qemu = Tools.require("qemu-riscv64");
        SampleCase.Result q = c.runExternal(List.of(qemu.toString(), "-L", "/usr/riscv64-linux-gnu"));
        for (Mode mode : Mode.values()) {
          SampleCase.Result r = c.runRvjit(mode, dev.rvjit.jit.Jit.DEFAULT_THRESHOLD, false);
          String what = c.name + " under " + mode;
          assertEquals(q.stdoutText(), r.stdoutText(), what + ": stdout differs from qemu");
          assertArrayEquals(q.stdout, r.stdout, what + ": stdout bytes differ from qemu");
          assertEquals(q.stderrText(), r.stderrText(), what + ": stderr differs from qemu");
          assertEquals(q.status, r.status, what + ": exit status differs from qemu");
        }
      }));
    }
    return tests.stream();
  }
}
