package dev.rvjit.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.vm.Machine;
import dev.rvjit.vm.Mode;
import dev.rvjit.vm.Outcome;
import dev.rvjit.vm.RunConfig;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inspection data and the flat profile, from real sample runs in process (small sizes). */
class InspectionTest {
  static Machine run(Mode mode, boolean count, String program, String... args) {
    RunConfig c = new RunConfig();
    c.program = Path.of("samples/bin", program);
    c.programName = "bin/" + program;
    c.args = List.of(args);
    c.stdout = new ByteArrayOutputStream();
    c.stderr = new ByteArrayOutputStream();
    c.mode = mode;
    c.jitSynchronous = true;
    Machine m = Machine.load(c);
    if (m.jit != null) {
      m.jit.keepClassBytes(true);
      m.jit.countBlocks(count);
    }
    lastOutcome = m.run();
    assertEquals(0, lastOutcome.status, lastOutcome.message);
    return m;
  }

  static Outcome lastOutcome;

  /**
   * Every hand-over between units is counted once: the total equals the units' own entry counts
   * (those of replaced units too), and the hottest edges are ordered and come from real units.
   */
  @Test
  void transitionsCountEveryHandOver() {
    RunConfig c = new RunConfig();
    c.program = Path.of("samples/bin", "qsort");
    c.programName = "bin/qsort";
    c.args = List.of("20000");
    c.stdout = new ByteArrayOutputStream();
    c.stderr = new ByteArrayOutputStream();
    c.mode = Mode.JIT;
    c.jitSynchronous = true;
    Machine m = Machine.load(c);
    Transitions tr = new Transitions();
    m.interpreter.setTransitionSink(tr);
    assertEquals(0, m.run().status);
    assertTrue(tr.total() > 1000, "qsort calls between units: " + tr.total());
    // Replaced units' entries included (compiling on the guest thread, none is mid-run then).
    assertEquals(m.jit.unitEntries(), tr.total());
    List<Transitions.Edge> hot = tr.hottest(5);
    assertEquals(Math.min(5, tr.distinct()), hot.size());
    long seen = 0;
    for (int i = 0; i < hot.size(); i++) {
      Transitions.Edge e = hot.get(i);
      assertTrue(i == 0 || hot.get(i - 1).count() >= e.count());
      assertTrue(e.linked() <= e.count() && e.next() != 0);
      seen += e.count();
    }
    assertTrue(seen <= tr.total());
    java.util.Set<Long> made = new java.util.HashSet<>();
    for (dev.rvjit.jit.Jit.Unit u : m.jit.units()) {
      made.add(u.entryPc);
    }
    assertTrue(made.contains(hot.get(0).fromEntry()), hot.get(0).toString());
  }

  @Test
  void unitsAreRankedByInstructionsExecuted() {
    Machine m = run(Mode.JIT, true, "sieve", "20000");
    Inspection in = new Inspection(m.jit, m.process.symbols, lastOutcome.instret,
        m.interpreter.interpretedInsns());
    assertFalse(in.units.isEmpty());
    for (int i = 1; i < in.units.size(); i++) {
      assertTrue(in.units.get(i - 1).insnsExecuted >= in.units.get(i).insnsExecuted);
    }
    Inspection.UnitView hot = in.units.get(0);
    assertTrue(hot.insnsExecuted > 0 && hot.entries > 0, hot.title());
    long total = in.units.stream().mapToLong(u -> u.insnsExecuted).sum();
    // Block counters cover what compiled code ran, to the instruction.
    assertEquals(in.compiledInsns, total);
    String guest = hot.guestText(m.process.symbols);
    // The sieve's loops are in main: the hottest unit holds them, whichever block entered it
    // (with 192-instruction regions, memset's unit takes in the loop of main that calls it).
    assertTrue(guest.contains("<main"), hot.title());
    assertTrue(guest.contains("entered ") && guest.matches("(?s).*\\n\\s+[0-9a-f]+:  [0-9a-f]{4,8}"
        + "\\s+\\S+.*"), guest);
    String bc = hot.bytecodeText();
    assertTrue(bc.contains("extends dev/rvjit/interp/CompiledCode") && bc.contains("run(Ldev/rvjit"
        + "/cpu/Hart;J)I"), bc);
    // --pc selects the unit holding an address
    long pc = hot.blocks.get(hot.blocks.size() - 1).block.pc + 0;
    assertTrue(in.select(pc, 10).contains(hot));
    assertTrue(in.select(0x1L, 10).isEmpty());
    assertEquals(1, in.select(null, 1).size());
  }

  @Test
  void profileAttributesEveryInstructionInInterpreterMode() {
    Machine m = run(Mode.INTERP, false, "sieve", "20000");
    Profile p = Profile.of(m.cache.blocks(), m.jit, m.process.symbols, lastOutcome.instret,
        m.interpreter.interpretedInsns());
    assertEquals(lastOutcome.instret, p.attributed());
    assertEquals("main", p.entries.get(0).function);
    assertEquals(0, p.entries.get(0).compiled);
    String r = p.render(5);
    assertTrue(r.startsWith("rvjit: profile: ") && r.contains("100.0% in the interpreter"), r);
    assertTrue(r.contains("  main\n") && r.contains("more functions)"), r);
  }

  @Test
  void profileSplitsTiers() {
    Machine m = run(Mode.JIT, true, "sieve", "20000");
    Profile p = Profile.of(m.cache.blocks(), m.jit, m.process.symbols, lastOutcome.instret,
        m.interpreter.interpretedInsns());
    Profile.Entry main = p.entries.get(0);
    assertEquals("main", main.function);
    assertTrue(main.compiled > main.interpreted, main.compiled + " vs " + main.interpreted);
    long compiled = p.entries.stream().mapToLong(e -> e.compiled).sum();
    assertEquals(lastOutcome.instret - m.interpreter.interpretedInsns(), compiled);
    // Interpreter counters are a profile, not an exact count: a block compiled at its threshold
    // entry is counted once more than it ran there, and the JIT re-arms some counters.
    assertTrue(p.attributed() < lastOutcome.instret * 1.01, p.render(3));
    assertTrue(p.attributed() > lastOutcome.instret * 0.9, p.render(3));
  }
}
