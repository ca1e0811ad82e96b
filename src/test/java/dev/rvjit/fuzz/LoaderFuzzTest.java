package dev.rvjit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the ELF loader and the guest run behind it. In the default
 * test run this replays the inputs in {@code LoaderFuzzTestInputs/} (seeds and past findings);
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=LoaderFuzzTest} fuzzes for {@code maxDuration}.
 */
class LoaderFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void loader(byte[] elf) {
    FuzzTargets.loadAndRun(elf, elf.length > 0 && (elf[elf.length - 1] & 1) != 0);
  }
}
