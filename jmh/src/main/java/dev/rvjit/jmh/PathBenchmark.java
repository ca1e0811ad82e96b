package dev.rvjit.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Micro-benchmarks of the paths that decide speed, each a hand-made guest loop run to its exit;
 * scores are nanoseconds per loop iteration ({@link #ITERATIONS} per operation).
 *
 * <ul>
 *   <li>{@code interpDispatch}: interpreter only, a loop whose body is one 2-instruction block
 *       ({@code addi; bne}): the cost of entering a block (counter, successor link, switch).
 *   <li>{@code loadStoreInterp}, {@code loadStoreJit}: {@code ld; addi; sd} on the flat region plus
 *       the loop branch, per tier: the guest memory path.
 *   <li>{@code memoryApiLoadStore}: the same load and store through {@code Memory} from Java, no
 *       guest code at all.
 *   <li>{@code unitTransitionsJit}: a loop of eight 64-instruction blocks; units hold at most 64
 *       instructions, so every iteration crosses eight unit boundaries through the dispatcher.
 *       {@code inUnitLoopJit} executes the same number of instructions as one 64-instruction block
 *       looping inside one unit, eight times as often; the difference divided by eight is the cost
 *       of one unit-to-unit transition.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class PathBenchmark {
  static final int ITERATIONS = 1_000_000;

  private Guest dispatch;
  private Guest loadStoreInterp;
  private Guest loadStoreJit;
  private Guest transitions;
  private Guest inUnit;
  private dev.rvjit.memory.Memory mem;

  @Setup
  public void build() {
    dispatch = countdown(new Guest(false, Long.MAX_VALUE), 0);
    loadStoreInterp = loadStore(new Guest(false, Long.MAX_VALUE));
    loadStoreJit = loadStore(new Guest(true, 1));
    transitions = chain(new Guest(true, 1), 8);
    inUnit = countdown(new Guest(true, 1), 62);
    mem = new dev.rvjit.memory.Memory();
    mem.map(Guest.DATA, Guest.DATA_SIZE, dev.rvjit.memory.Memory.PROT_READ
        | dev.rvjit.memory.Memory.PROT_WRITE);
  }

  /** {@code loop: [addi a1,a1,1] x pad; addi a0,a0,-1; bne a0,zero,loop}. */
  static Guest countdown(Guest g, int pad) {
    long loop = g.here();
    for (int i = 0; i < pad; i++) {
      g.emit(Guest.addi(Guest.A1, Guest.A1, 1));
    }
    g.emit(Guest.addi(Guest.A0, Guest.A0, -1));
    g.emit(Guest.bne(Guest.A0, Guest.ZERO, g.here(), loop));
    return g.finish();
  }

  /** {@code a3 = DATA; loop: ld a2,0(a3); addi a2,a2,1; sd a2,8(a3); addi a0,a0,-1; bnez}. */
  static Guest loadStore(Guest g) {
    g.emit(0x002006b7); // lui a3,0x200 (a3 = DATA)
    long loop = g.here();
    g.emit(Guest.ld(Guest.A2, Guest.A3, 0));
    g.emit(Guest.addi(Guest.A2, Guest.A2, 1));
    g.emit(Guest.sd(Guest.A2, Guest.A3, 8));
    g.emit(Guest.addi(Guest.A0, Guest.A0, -1));
    g.emit(Guest.bne(Guest.A0, Guest.ZERO, g.here(), loop));
    return g.finish();
  }

  /**
   * {@code blocks} blocks of 63 {@code addi} and a jump to the next (64 instructions each, so
   * each is a unit of its own); the last one counts down and branches back to the first.
   */
  static Guest chain(Guest g, int blocks) {
    long loop = g.here();
    for (int b = 0; b < blocks; b++) {
      for (int i = 0; i < 62; i++) {
        g.emit(Guest.addi(Guest.A1, Guest.A1, 1));
      }
      if (b < blocks - 1) {
        g.emit(Guest.addi(Guest.A1, Guest.A1, 1));
        g.emit(Guest.j(g.here(), g.here() + 4));
      } else {
        g.emit(Guest.addi(Guest.A0, Guest.A0, -1));
        g.emit(Guest.bne(Guest.A0, Guest.ZERO, g.here(), loop));
      }
    }
    return g.finish();
  }

  @Benchmark
  @OperationsPerInvocation(ITERATIONS)
  public long interpDispatch() {
    return dispatch.run(ITERATIONS);
  }

  @Benchmark
  @OperationsPerInvocation(ITERATIONS)
  public long loadStoreInterp() {
    return loadStoreInterp.run(ITERATIONS);
  }

  @Benchmark
  @OperationsPerInvocation(ITERATIONS)
  public long loadStoreJit() {
    return loadStoreJit.run(ITERATIONS);
  }

  @Benchmark
  @OperationsPerInvocation(ITERATIONS)
  public long memoryApiLoadStore() {
    dev.rvjit.memory.Memory m = mem;
    long a = Guest.DATA;
    for (int i = 0; i < ITERATIONS; i++) {
      m.sd(a + 8, m.ld(a) + 1);
    }
    return m.ld(a + 8);
  }

  /** Per iteration: 8 blocks of 64 instructions, 8 unit-to-unit transitions. */
  @Benchmark
  @OperationsPerInvocation(ITERATIONS / 8)
  public long unitTransitionsJit() {
    return transitions.run(ITERATIONS / 8);
  }

  /** Per iteration (scaled to match): 8 x the same 64 instructions, no transition. */
  @Benchmark
  @OperationsPerInvocation(ITERATIONS / 8)
  public long inUnitLoopJit() {
    return inUnit.run(ITERATIONS);
  }
}
