package dev.rvjit.jmh;

import dev.rvjit.vm.Machine;
import dev.rvjit.vm.Mode;
import dev.rvjit.vm.Outcome;
import dev.rvjit.vm.RunConfig;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every compute sample under each tier, in process, in a warm JVM: rvjit's own code (interpreter,
 * translator, memory, system calls) has reached HotSpot's steady state. One operation is one whole
 * guest run of the sample at a small size (0.1–1 s); loading the ELF file happens in the set-up,
 * outside the measurement. Each run is a fresh guest process, so the JIT tier translates its units
 * anew and HotSpot compiles the new classes, as in a real run.
 *
 * <p>The samples are found in {@code samples/bin} under the working directory, or wherever the
 * system property {@code rvjit.samples} points.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class SampleBenchmark {
  /** Sample and argument: small sizes, so one run takes 0.1–1 s. */
  @Param({"sha256 60", "qsort 30000", "sieve 200000", "nbody 15000", "mandelbrot 100",
      "strings 1", "bytecode 600", "cxx 1000"})
  public String sample;

  @Param({"interp", "jit"})
  public String tier;

  private Machine machine;

  static Path samples() {
    return Path.of(System.getProperty("rvjit.samples", "samples/bin"));
  }

  @Setup(Level.Invocation)
  public void load() {
    String[] w = sample.split(" ");
    Path bin = samples().resolve(w[0]);
    if (!Files.isRegularFile(bin)) {
      throw new IllegalStateException(bin.toAbsolutePath() + " not found: run from the repository"
          + " root or set -Drvjit.samples=DIR");
    }
    RunConfig c = new RunConfig();
    c.program = bin;
    c.programName = "bin/" + w[0];
    c.args = List.of(w).subList(1, w.length);
    c.stdout = OutputStream.nullOutputStream();
    c.stderr = OutputStream.nullOutputStream();
    c.stdin = java.io.InputStream.nullInputStream();
    c.mode = tier.equals("jit") ? Mode.JIT : Mode.INTERP;
    machine = Machine.load(c);
  }

  @Benchmark
  public long run() {
    Outcome o = machine.run();
    if (o.status != 0) {
      throw new IllegalStateException(sample + " exited with " + o.status + ": " + o.message);
    }
    return o.instret;
  }
}
