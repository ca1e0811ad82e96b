package dev.rvjit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the decoder, the disassembler and both execution tiers with
 * random bytes as code. Default test run: replays {@code CodeFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1 mvn test -Dtest='CodeFuzzTest#tiers'} (or {@code #decoder}) fuzzes.
 */
class CodeFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void decoder(byte[] code) {
    FuzzTargets.decode(code);
  }

  @FuzzTest(maxDuration = "10m")
  void tiers(byte[] code) {
    FuzzTargets.tiers(code);
  }
}
