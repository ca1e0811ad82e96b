package dev.rvjit.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample case against its expected output (made under qemu-riscv64 by samples/Makefile),
 * in each tier: the interpreter alone, the JIT with its default threshold, and the JIT compiling
 * every block on its second entry, synchronously (the most compiled code, deterministically).
 */
class SamplesTest {
  @TestFactory
  Stream<DynamicTest> interpreter() throws IOException {
    return cases(Mode.INTERP, 1, false);
  }

  @TestFactory
  Stream<DynamicTest> jitDefault() throws IOException {
    return cases(Mode.JIT, dev.rvjit.jit.Jit.DEFAULT_THRESHOLD, false);
  }

  @TestFactory
  Stream<DynamicTest> jitEager() throws IOException {
    return cases(Mode.JIT, 2, true);
  }

  private static Stream<DynamicTest> cases(Mode mode, long threshold, boolean sync)
      throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (SampleCase c : SampleCase.all()) {
      tests.add(DynamicTest.dynamicTest(c.name, () -> {
        SampleCase.Result r = c.runRvjit(mode, threshold, sync);
        assertEquals(new String(c.expectedStdout(), "UTF-8"), r.stdoutText(), c.name + " stdout");
        assertEquals(new String(c.expectedStderr(), "UTF-8"), r.stderrText(), c.name + " stderr");
        assertEquals(c.expectedStatus(), r.status, c.name + " exit status");
      }));
    }
    return tests.stream();
  }
}
