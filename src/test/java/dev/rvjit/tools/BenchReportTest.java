package dev.rvjit.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.tools.Bench.Program;
import dev.rvjit.tools.Bench.ProgramResult;
import dev.rvjit.tools.Bench.Run;
import dev.rvjit.tools.Bench.Tier;
import dev.rvjit.tools.Bench.TierResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** The bench's statistics, output comparison, --stats parsing and report formats, without runs. */
class BenchReportTest {
  private static Run run(Tier t, double wallSeconds, String out) {
    return new Run(t, 0, out.getBytes(StandardCharsets.UTF_8), new byte[0],
        (long) (wallSeconds * 1e9), t == Tier.QEMU ? -1 : 100_000_000, t == Tier.QEMU
            ? Double.NaN : wallSeconds / 2, t == Tier.JIT ? 12.5 : Double.NaN,
        t == Tier.JIT ? 7 : -1);
  }

  static List<ProgramResult> results() {
    ProgramResult p = new ProgramResult(new Program("samples/bin/sieve", List.of("1000")));
    double[][] walls = {{4, 5, 6}, {1, 2, 3}, {0.5, 0.4, 0.6}};
    Tier[] tiers = {Tier.INTERP, Tier.JIT, Tier.QEMU};
    for (int i = 0; i < 3; i++) {
      TierResult tr = new TierResult(tiers[i]);
      for (double w : walls[i]) {
        tr.runs.add(run(tiers[i], w, "same"));
      }
      p.tiers.put(tiers[i], tr);
    }
    return List.of(p);
  }

  /**
   * {@link #results()} plus larger-size runs: interp 4 s more, jit 1 s more, qemu 0.5 s more,
   * and 300 million instructions more.
   */
  static List<ProgramResult> steadyResults() {
    ProgramResult p = results().get(0);
    p.larger = p.program.scaled(3);
    double[] extra = {4, 1, 0.5};
    Tier[] tiers = {Tier.INTERP, Tier.JIT, Tier.QEMU};
    for (int i = 0; i < 3; i++) {
      TierResult tr = new TierResult(tiers[i]);
      for (Run r : p.tiers.get(tiers[i]).runs) {
        tr.runs.add(new Run(r.tier, 0, r.stdout, r.stderr, r.wallNanos + (long) (extra[i] * 1e9),
            r.instret < 0 ? -1 : 400_000_000, r.inRunSeconds, r.translateMillis, r.units));
      }
      p.largerTiers.put(tiers[i], tr);
    }
    return List.of(p);
  }

  @Test
  void steadyStateIsTheDifferenceOfMedians() {
    ProgramResult p = steadyResults().get(0);
    assertEquals(List.of("3000"), p.larger.args);
    assertEquals(1.0, p.steadySeconds(Tier.JIT), 1e-9);
    assertEquals(4.0, p.steadySpeedup(Tier.JIT, Tier.INTERP), 1e-9);
    assertEquals(0.5, p.steadySpeedup(Tier.JIT, Tier.QEMU), 1e-9);
    assertEquals(300_000_000, p.steadyInstret());
    assertEquals(3, p.steadyPairs(Tier.QEMU).length);
    assertEquals(0.5, Stats.max(p.steadyPairs(Tier.QEMU)), 1e-9);
    assertTrue(Double.isNaN(results().get(0).steadySeconds(Tier.JIT)));
    String t = BenchReport.table(steadyResults(), 1, null);
    assertTrue(t.contains("steady state:") && t.contains("steady MIPS"), t);
    assertTrue(t.contains("jit            3000     3.000     1.000  1.000  1.000        300.0      4.00x"
        + "    0.50x"), t);
    assertTrue(t.contains("300.0") && t.contains("0.50x") && t.contains("4.00x"), t);
    assertTrue(!t.contains("WARNING"), t);
    String[] csv = BenchReport.csv(steadyResults()).split("\n");
    assertTrue(csv[0].endsWith(",steady_s,steady_min_s,steady_max_s,steady_speedup_vs_interp,"
        + "steady_speedup_vs_qemu,size_divisor,args"));
    assertTrue(csv[2].endsWith(",true,3000,3.000,1.000,1.000,1.000,4.000,0.500,1,1000"), csv[2]);
    assertEquals(csv[0].split(",").length, csv[2].split(",", -1).length);
    String[] plain = BenchReport.csv(results()).split("\n");
    assertTrue(plain[2].endsWith(",true,,,,,,,,1,1000"), plain[2]);
    assertEquals(plain[0].split(",").length, plain[2].split(",", -1).length);
    String j = BenchReport.json(steadyResults(), 1, null);
    assertTrue(j.contains("\"largerArgs\": [\"3000\"]") && j.contains("\"steadySeconds\": 1,")
        && j.contains("\"steadySpeedupVsQemu\": 0.5") && !j.contains("NaN"), j);
  }

  @Test
  void theSpreadOfSteadyTimesComesFromEachRoundsPair() {
    ProgramResult p = steadyResults().get(0);
    List<Run> big = p.largerTiers.get(Tier.JIT).runs;
    Run r0 = big.get(0);
    big.set(0, new Run(r0.tier, 0, r0.stdout, r0.stderr, r0.wallNanos + 300_000_000L, r0.instret,
        r0.inRunSeconds, r0.translateMillis, r0.units));
    assertEquals(1.0, p.steadySeconds(Tier.JIT), 1e-9); // medians: 3 - 2
    assertEquals(1.3, Stats.max(p.steadyPairs(Tier.JIT)), 1e-9);
    assertEquals(1.0, Stats.min(p.steadyPairs(Tier.JIT)), 1e-9);
    assertTrue(BenchReport.table(List.of(p), 1, null).contains("1.000  1.000  1.300"));
    assertTrue(!BenchReport.table(List.of(p), 1, null).contains("noisy"), "0.3 s spread, 1 s");
  }

  /**
   * A steady time whose rounds disagree by more than the time itself (as cxx 180000 did on one
   * CPU: differences of -2.6 to +8.8 s around a median of 0.9 s) is named in a warning.
   */
  @Test
  void aSteadyTimeWiderThanItselfIsFlaggedAsNoisy() {
    ProgramResult p = steadyResults().get(0);
    List<Run> big = p.largerTiers.get(Tier.JIT).runs;
    Run r0 = big.get(0);
    big.set(0, new Run(r0.tier, 0, r0.stdout, r0.stderr, r0.wallNanos - 1_500_000_000L,
        r0.instret, r0.inRunSeconds, r0.translateMillis, r0.units));
    double[] pairs = p.steadyPairs(Tier.JIT);
    assertTrue(Stats.max(pairs) - Stats.min(pairs) > p.steadySeconds(Tier.JIT));
    String t = BenchReport.table(List.of(p), 1, null);
    assertTrue(t.contains("WARNING: noisy steady times") && t.contains(": sieve"), t);
    assertTrue(!t.contains("qemu;") && !t.contains("qemu,"), "qemu's rounds agree: " + t);
    assertTrue(BenchReport.noisy(new double[] {-0.1, 1.0, 1.1}, 1.0), "a round not positive");
    assertTrue(!BenchReport.noisy(new double[] {0.9, 1.0, 1.1}, 1.0));
    assertTrue(!BenchReport.noisy(new double[] {5.0}, 1.0), "one round: no spread to judge");
  }

  /**
   * A JIT that compiled clearly more units at the larger size was still warming up when the
   * given size's run ended: the report says so, naming the program and both counts.
   */
  @Test
  void moreUnitsAtTheLargerSizeMeanWarmUpOutlastedTheGivenSize() {
    ProgramResult p = steadyResults().get(0);
    assertNull(BenchReport.stillWarming(p), "7 units at both sizes");
    assertTrue(!BenchReport.table(List.of(p), 1, null).contains("kept translating"));
    p.largerTiers.get(Tier.JIT).runs.replaceAll(r -> new Run(r.tier, 0, r.stdout, r.stderr,
        r.wallNanos, r.instret, r.inRunSeconds, r.translateMillis, 9));
    assertNull(BenchReport.stillWarming(p), "two more units are within the margin");
    p.largerTiers.get(Tier.JIT).runs.replaceAll(r -> new Run(r.tier, 0, r.stdout, r.stderr,
        r.wallNanos, r.instret, r.inRunSeconds, r.translateMillis, 10));
    assertEquals("sieve 1000: 7 -> 10", BenchReport.stillWarming(p));
    String t = BenchReport.table(List.of(p), 1, null);
    assertTrue(t.contains("WARNING: the JIT kept translating in the extra work")
        && t.contains("sieve 1000: 7 -> 10"), t);
  }

  @Test
  void aSteadyTimeThatDoesNotGrowIsFlagged() {
    ProgramResult p = steadyResults().get(0);
    p.largerTiers.get(Tier.QEMU).runs.replaceAll(r -> new Run(r.tier, 0, r.stdout, r.stderr,
        r.wallNanos - 600_000_000L, r.instret, r.inRunSeconds, r.translateMillis, r.units));
    String t = BenchReport.table(List.of(p), 1, null);
    assertTrue(t.contains("WARNING: a steady time is not positive"), t);
    assertTrue(Double.isNaN(p.steadySpeedup(Tier.JIT, Tier.QEMU)));
  }

  @Test
  void scalingNeedsANumericLastArgument() {
    assertEquals(List.of("-v", "120000"),
        new Program("x", List.of("-v", "60000")).scaled(2).args);
    for (List<String> args : List.of(List.<String>of(), List.of("abc"), List.of("0"),
        List.of("-5"))) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> new Program("p", args).scaled(2));
      assertTrue(e.getMessage().startsWith("--steady needs a workload size"), e.getMessage());
    }
  }

  /**
   * {@link #steadyResults()} with the interpreter run at a tenth of the sizes (bench --shrink
   * interp=10): sieve 100 and 300, 10 and 30 million instructions, 2 s more at the larger size.
   */
  static ProgramResult shrunkResults() {
    ProgramResult p = steadyResults().get(0);
    p.shrink(Tier.INTERP, 10, 3);
    p.tiers.get(Tier.INTERP).runs.replaceAll(r -> new Run(r.tier, 0, r.stdout, r.stderr,
        r.wallNanos / 4, 10_000_000, r.inRunSeconds, r.translateMillis, r.units));
    List<Run> given = p.tiers.get(Tier.INTERP).runs;
    List<Run> big = p.largerTiers.get(Tier.INTERP).runs;
    for (int i = 0; i < big.size(); i++) {
      Run r = given.get(i);
      big.set(i, new Run(r.tier, 0, r.stdout, r.stderr, r.wallNanos + 2_000_000_000L, 30_000_000,
          r.inRunSeconds, r.translateMillis, r.units));
    }
    return p;
  }

  /**
   * A mode run at a smaller size is compared by steady rates, not times, and its whole-process
   * times by nothing: jit 300 million instructions in 1 s against interp 20 million in 2 s is
   * 30x; qemu, which counts no instructions, is credited with the jit's count at its size.
   */
  @Test
  void aShrunkModeIsComparedByRates() {
    ProgramResult p = shrunkResults();
    assertEquals(List.of("100"), p.programOf(Tier.INTERP).args);
    assertEquals(List.of("300"), p.largerOf(Tier.INTERP).args);
    assertEquals(List.of("3000"), p.largerOf(Tier.JIT).args);
    assertEquals(10_000_000, p.instret(Tier.INTERP));
    assertEquals(100_000_000, p.instret(Tier.QEMU));
    assertEquals(100_000_000, p.instret());
    assertEquals(20_000_000, p.steadyInstret(Tier.INTERP));
    assertEquals(300_000_000, p.steadyInstret());
    assertEquals(2.0, p.steadySeconds(Tier.INTERP), 1e-9);
    assertEquals(10e6, p.steadyRate(Tier.INTERP), 1e-3);
    assertEquals(30.0, p.steadySpeedup(Tier.JIT, Tier.INTERP), 1e-9);
    assertEquals(60.0, p.steadySpeedup(Tier.QEMU, Tier.INTERP), 1e-9);
    assertEquals(0.5, p.steadySpeedup(Tier.JIT, Tier.QEMU), 1e-9); // same size: times
    assertTrue(Double.isNaN(p.speedup(Tier.JIT, Tier.INTERP)));
    assertEquals(0.25, p.speedup(Tier.JIT, Tier.QEMU), 1e-9);

    String t = BenchReport.table(List.of(p), 1, null);
    assertTrue(t.contains("interp @100") && t.contains("MODE @N = that mode ran"), t);
    assertTrue(t.contains("30.00x") && t.contains("60.00x"), t);
    String[] csv = BenchReport.csv(List.of(p)).split("\n");
    assertTrue(csv[0].endsWith(",size_divisor,args"), csv[0]);
    assertTrue(csv[1].startsWith("\"sieve 1000\",interp,") && csv[1].endsWith(",10,100"),
        csv[1]);
    assertTrue(csv[2].endsWith(",1,1000"), csv[2]);
    assertEquals(csv[0].split(",").length, csv[1].split(",").length);
    String j = BenchReport.json(List.of(p), 1, null);
    assertTrue(j.contains("\"sizeDivisor\": 10") && j.contains("\"largerArgs\": [\"300\"]")
        && j.contains("\"steadyMips\": 10,") && !j.contains("NaN"), j);
    // The chart compares whole processes, so the shrunk interpreter is not its baseline.
    String svg = SvgChart.render(List.of(p), 3);
    assertTrue(svg.contains("Speed-up over jit") && svg.contains("4.00&#215; qemu"), svg);
  }

  /** The divisor is the one asked for, not worked out again from sizes rounded down. */
  @Test
  void aRoundedDownSizeKeepsItsDivisor() {
    ProgramResult p = new ProgramResult(new Program("samples/bin/strings", List.of("700")));
    p.larger = p.program.scaled(2);
    p.shrink(Tier.INTERP, 32, 2);
    assertEquals(List.of("21"), p.programOf(Tier.INTERP).args);
    assertEquals(List.of("42"), p.largerOf(Tier.INTERP).args);
    assertEquals(32, p.divisor(Tier.INTERP));
    assertEquals(1, p.divisor(Tier.JIT));
  }

  @Test
  void dividingNeedsASizeThatLeavesWork() {
    assertEquals(List.of("-v", "43"), new Program("x", List.of("-v", "700")).divided(16).args);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new Program("p", List.of("15")).divided(16));
    assertTrue(e.getMessage().startsWith("--shrink: 'p 15' divided by 16 leaves no work"),
        e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new Program("p", List.of("x")).divided(16));
    assertTrue(e.getMessage().startsWith("--shrink needs a workload size"), e.getMessage());
  }

  @Test
  void onlyRvjitsOwnModesCanBeShrunk() {
    Bench b = new Bench(List.of(Tier.INTERP, Tier.JIT), 1, 0, null, List.of(), null, false);
    b.shrink(Tier.INTERP, 16);
    assertEquals(16, b.divisor(Tier.INTERP));
    assertEquals(1, b.divisor(Tier.JIT));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> b.shrink(Tier.QEMU, 4));
    assertTrue(e.getMessage().startsWith("--shrink: qemu reports no instruction count"),
        e.getMessage());
    Bench jitOnly = new Bench(List.of(Tier.JIT), 1, 0, null, List.of(), null, false);
    e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> jitOnly.shrink(Tier.INTERP, 4));
    assertTrue(e.getMessage().contains("mode interp is not among the modes"), e.getMessage());
  }

  @Test
  void statistics() {
    assertEquals(2.0, Stats.median(new double[] {3, 1, 2}));
    assertEquals(2.5, Stats.median(new double[] {4, 1, 2, 3}));
    assertEquals(1.0, Stats.min(new double[] {3, 1, 2}));
    assertEquals(3.0, Stats.max(new double[] {3, 1, 2}));
    assertTrue(Double.isNaN(Stats.median(new double[0])));
  }

  @Test
  void speedupsAreMedianRatios() {
    ProgramResult p = results().get(0);
    assertEquals(2.5, p.speedup(Tier.JIT, Tier.INTERP), 1e-9);
    assertEquals(0.25, p.speedup(Tier.JIT, Tier.QEMU), 1e-9);
    assertEquals(1.0, p.speedup(Tier.INTERP, Tier.INTERP), 1e-9);
    assertEquals(100_000_000, p.instret());
  }

  @Test
  void tableShowsEveryModeAndColumn() {
    String t = BenchReport.table(results(), 1, null);
    assertTrue(t.contains("vs interp") && t.contains("vs qemu") && t.contains("translate ms"), t);
    assertTrue(t.contains("sieve 1000  interp"), t);
    assertTrue(t.contains("2.50x"), t); // jit over interp
    assertTrue(t.contains("100,000,000"), t);
    assertTrue(t.contains("identical in every run"), t);
    assertTrue(t.contains("machine: "), t);
  }

  @Test
  void csvHasOneRowPerMode() {
    String[] lines = BenchReport.csv(results()).split("\n");
    assertEquals(4, lines.length);
    assertTrue(lines[0].startsWith("program,mode,runs,median_s"));
    assertTrue(lines[2].startsWith("\"sieve 1000\",jit,3,2.000,1.000,3.000,1.000,100000000,50.0,"
        + "2.500,0.250,12.5,7,true"), lines[2]);
  }

  @Test
  void jsonHasNoNaNsAndBalancedBrackets() {
    String j = BenchReport.json(results(), 1, null);
    assertTrue(j.contains("\"speedupVsInterp\": 2.5"), j);
    assertTrue(j.contains("\"medianInRunSeconds\": null"), j); // qemu has no in-run time
    assertTrue(!j.contains("NaN") && !j.contains("Infinity"), j);
    int depth = 0;
    for (char c : j.toCharArray()) {
      depth += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
      assertTrue(depth >= 0);
    }
    assertEquals(0, depth);
  }

  @Test
  void chartIsWellFormedSvgWithOneBarPerModeAndProgram() throws Exception {
    String svg = SvgChart.render(results(), 3);
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", doc.getDocumentElement().getNodeName());
    // background + 3 bars + 3 legend swatches
    assertEquals(7, doc.getElementsByTagName("rect").getLength());
    assertTrue(svg.contains("2.50&#215; jit"), svg);
    assertTrue(svg.contains("10.00&#215; qemu"), svg);
  }

  @Test
  void comparisonNamesTheFirstDifference() {
    Run a = run(Tier.INTERP, 1, "line one\nline two\n");
    Run b = run(Tier.JIT, 1, "line one\nline 2\n");
    assertNull(Bench.compare(a, run(Tier.QEMU, 1, "line one\nline two\n")));
    String d = Bench.compare(a, b);
    assertNotNull(d);
    assertTrue(d.contains("stdout differs at byte 14 (line 2)") && d.contains("line two")
        && d.contains("line 2"), d);
    Run failed = new Run(Tier.JIT, 139, a.stdout, a.stderr, 1, 1, 1, 1, 1);
    assertEquals("exit status 139 instead of 0", Bench.compare(a, failed));
  }

  @Test
  void statsAreReadAndKeptOutOfTheGuestsStderr() {
    String err = "guest says hi\n"
        + "rvjit: instructions  1,234,567\n"
        + "rvjit: wall time     0.250 s\n"
        + "rvjit: guest MIPS    4.9\n"
        + "rvjit: interpreted   1,000 (0.1%)\n"
        + "rvjit: compiled code 1,233,567 (99.9%)\n"
        + "rvjit: units         12 compiled, 0 invalidated, 1 rejected\n"
        + "rvjit: bytecode      5,000 bytes made, 5,000 bytes live\n"
        + "rvjit: translation   33.3 ms\n"
        + "rvjit: blocks        40 decoded, 0 invalidated\n"
        + "rvjit: exit status   0\n";
    Run r = Bench.parseStats(Tier.JIT, 0, new byte[0], err, 5);
    assertEquals(1_234_567, r.instret);
    assertEquals(0.25, r.inRunSeconds);
    assertEquals(33.3, r.translateMillis);
    assertEquals(12, r.units);
    assertEquals("guest says hi\n", new String(r.stderr, StandardCharsets.UTF_8));
  }
}
