package dev.rvjit.jit;

import static dev.rvjit.jit.Regs.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.isa.Asm;
import dev.rvjit.isa.Opcode;
import dev.rvjit.memory.Memory;
import dev.rvjit.testing.RawMachine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Seeded random loops of the shapes whose passes compiled code skips ({@code LoopSkips}): compare,
 * scan, copy and fill, with every element width and signedness, strides up and down, two
 * pointers or a pointer and a distance (as glibc's loops have), the end test before or after the
 * data test, ends that are never met (the loop then runs until its data test leaves or a store
 * faults), overlapping copies, loads whose value is never used, and registers set in the pass
 * after its tests. Each program runs
 * its loop 30 times from an outer loop and must end the same under both tiers ({@link TwoTiers}),
 * or stop alike at an instruction limit.
 * {@code -Drvjit.skipFuzz.programs=N} runs more programs.
 */
class LoopSkipFuzzTest {
  private static final long DATA = RawMachine.DATA;
  private static final int PROGRAMS = Integer.getInteger("rvjit.skipFuzz.programs", 150);
  /**
   * Instructions each program may run (a loop whose end is never met may walk the whole flat
   * region, whose unmapped pages read as zero): both tiers stop there alike.
   */
  private static final long LIMIT = 300_000;


  /** Instructions with forward and backward labels. */
  private static final class Code {
    final List<IntUnaryOperator> insns = new ArrayList<>(); // index -> word
    final Map<String, Integer> labels = new HashMap<>();

    void add(int word) {
      insns.add(i -> word);
    }

    void label(String l) {
      labels.put(l, insns.size());
    }

    /** A branch or jump to {@code l}: {@code f} makes it from the byte offset. */
    void to(String l, java.util.function.LongFunction<Integer> f) {
      insns.add(i -> f.apply(4L * (labels.get(l) - i)));
    }

    int[] words() {
      int[] w = new int[insns.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = insns.get(i).applyAsInt(i);
      }
      return w;
    }
  }

  private static final Opcode[] LOADS = {
    Opcode.LB, Opcode.LBU, Opcode.LH, Opcode.LHU, Opcode.LW, Opcode.LWU, Opcode.LD
  };
  private static final Opcode[] STORES = {Opcode.SB, Opcode.SH, Opcode.SW, Opcode.SD};

  /** One random program and its data, from {@code seed}. */
  private static Object[] program(long seed) {
    // (Random's first draws from neighbouring seeds are alike: the seed is mixed first.)
    Random rnd = new Random(new java.util.SplittableRandom(seed).nextLong());
    int shape = rnd.nextInt(4); // compare, scan, copy, fill
    Opcode load = LOADS[rnd.nextInt(LOADS.length)];
    int size = Translator.accessSize(load);
    Opcode store = STORES[Integer.numberOfTrailingZeros(size)];
    int dir = rnd.nextInt(4) == 0 ? -1 : 1;
    int stride = dir * size * (rnd.nextInt(4) == 0 ? 2 : 1);
    boolean distance = rnd.nextBoolean(); // B as A plus a distance register (a5)
    boolean endFirst = rnd.nextBoolean(); // the end test opens the pass
    boolean unreachable = rnd.nextInt(5) == 0; // the end is not a whole number of steps away
    boolean late = rnd.nextBoolean(); // a register set after the pass's tests
    boolean deadLoad = rnd.nextInt(4) == 0; // a load whose value the pass never uses
    long delta = new long[] {0, 1, 2, 3, -1, -2, -5, 0x3000}[rnd.nextInt(8)];
    if (shape == 2 && rnd.nextBoolean()) {
      delta = 0x3000; // mostly apart
    }
    Code c = new Code();
    c.add(Asm.addi(S2, 0, 30));
    c.label("outer");
    c.add(Asm.addi(A0, S4, 0));
    c.add(Asm.addi(A1, S5, 0));
    c.add(Asm.sub(A5, S5, S4));
    // a2 = a0 + len * stride, len = (7 * s2) % 32 + 1 (+ 1 byte if unreachable)
    c.add(Asm.slli(T1, S2, 3));
    c.add(Asm.sub(T1, T1, S2));
    c.add(Asm.andi(T0, T1, 31));
    c.add(Asm.addi(T0, T0, 1));
    c.add(Asm.addi(T1, 0, Math.abs(stride)));
    c.add(Asm.mul(T0, T0, T1));
    c.add(dir > 0 ? Asm.add(A2, A0, T0) : Asm.sub(A2, A0, T0));
    if (unreachable) {
      c.add(Asm.addi(A2, A2, 1));
    }
    c.add(Asm.andi(A3, S2, 7)); // the value a scan looks for / a fill writes
    c.add(Asm.addi(A3, A3, -3));
    if (endFirst) {
      c.add(Asm.jal(0, 4)); // falls to the head
    } else {
      c.add(Asm.jal(0, 8)); // past the end test: into the pass
    }
    c.label("head");
    if (endFirst) {
      c.to("exit", off -> Asm.beq(A0, A2, off));
    } else {
      c.add(Asm.nop()); // (keeps the layout; the end test comes last)
    }
    c.label("body");
    int pb = distance ? A6 : A1;
    if (distance) {
      c.add(Asm.add(A6, A5, A0));
    }
    if (deadLoad) {
      c.add(Asm.lbu(17, A0, 1));
    }
    switch (shape) {
      case 0: // compare
        c.add(Asm.i(load, A3, A0, 0));
        c.add(Asm.i(load, A4, pb, 0));
        if (!late) {
          c.add(Asm.sub(T1, A3, A4));
        }
        c.to("exit", off -> Asm.bne(A3, A4, off));
        break;
      case 1: // scan
        c.add(Asm.i(load, A4, A0, 0));
        if (!late) {
          c.add(Asm.xor(T1, A4, A3));
        }
        c.to("exit", off -> Asm.beq(A4, A3, off));
        break;
      case 2: // copy
        c.add(Asm.i(load, A4, A0, 0));
        c.add(Asm.store(store, A4, pb, 0));
        break;
      default: // fill
        c.add(Asm.store(store, A3, pb, 0));
        break;
    }
    if (late) {
      c.add(Asm.addi(T1, A0, 5)); // set after the tests
    }
    c.add(Asm.addi(A0, A0, stride));
    if (!distance) {
      c.add(Asm.addi(A1, A1, stride));
    }
    if (endFirst) {
      c.to("head", off -> Asm.jal(0, off));
    } else {
      c.to("body", off -> Asm.bne(A0, A2, off));
    }
    c.label("exit");
    c.add(Asm.xor(S1, S1, A0));
    c.add(Asm.add(S1, S1, A1));
    c.add(Asm.xor(S1, S1, A3));
    c.add(Asm.add(S1, S1, A4));
    c.add(Asm.xor(S1, S1, T1));
    c.add(Asm.addi(S4, S4, 37 * dir));
    c.add(Asm.addi(S5, S5, 37 * dir));
    c.add(Asm.addi(S2, S2, -1));
    c.to("outer", off -> Asm.bne(S2, 0, off));
    long base = dir > 0 ? DATA + 0x1000 : DATA + 0x7000;
    long finalDelta = delta;
    boolean protect = rnd.nextInt(6) == 0;
    long dataSeed = rnd.nextLong();
    Consumer<RawMachine> setup = m -> {
      Random d = new Random(dataSeed);
      byte[] buf = new byte[RawMachine.DATA_SIZE];
      for (int i = 0; i < buf.length; i++) {
        buf[i] = (byte) (d.nextInt(8) == 0 ? d.nextInt(256) : (i >> 5) & 7); // runs of equal bytes
      }
      m.mem.poke(DATA, buf, 0, buf.length);
      m.reg(S4, base).reg(S5, base + finalDelta);
      if (protect) {
        m.mem.protect(DATA + 0x6000, Memory.PAGE_SIZE, Memory.PROT_READ);
      }
    };
    return new Object[] {c.words(), setup};
  }

  @SuppressWarnings("unchecked")
  @Test
  void randomSkippableLoopsAgreeBetweenTiers() {
    long seed0 = Long.getLong("rvjit.skipFuzz.seed", 19_000_000L);
    int skipped = 0;
    for (int k = 0; k < PROGRAMS; k++) {
      Object[] p = program(seed0 + k);
      int[] code = (int[]) p[0];
      Consumer<RawMachine> setup = (Consumer<RawMachine>) p[1];
      try {
        RawMachine.Result[] r = TwoTiers.run(code, setup, 2, false, LIMIT);
        if (k < 20 && TwoTiers.anyUnitMentions(code, setup, "LoopRuns")) {
          skipped++;
        }
        assertTrue(r[1].outcome != null);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + (seed0 + k) + ": " + e.getMessage(), e);
      }
    }
    assertTrue(skipped >= 10, "units skip passes in most programs: " + skipped + " of 20");
  }
}
