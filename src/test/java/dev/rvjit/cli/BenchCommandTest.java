package dev.rvjit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.tools.Bench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rvjit bench} end to end on tiny inputs (each run is a real JVM or qemu process, so this
 * checks plumbing, not speed): two programs, every mode available, every format, the chart.
 */
class BenchCommandTest {
  @TempDir Path tmp;

  @Test
  void splitsProgramsAtDoubleDash() {
    List<Bench.Program> ps = BenchCommand.splitPrograms(
        List.of("a", "1", "-x", "--", "b", "--", "--", "c", "2"));
    assertEquals(3, ps.size());
    assertEquals(List.of("1", "-x"), ps.get(0).args);
    assertEquals("b", ps.get(1).path);
    assertEquals("c 2", ps.get(2).label());
  }

  @Test
  void tableJsonCsvAndChartForTwoPrograms() throws Exception {
    String modes = Bench.findOnPath("qemu-riscv64") != null ? "interp,jit,qemu" : "interp,jit";
    Path table = tmp.resolve("t.txt");
    Path chart = tmp.resolve("c.svg");
    CliTest.Run r = CliTest.rvjit("bench", "--modes", modes, "--runs", "1", "--warmup", "0",
        "--out", table.toString(), "--chart", chart.toString(), "samples/bin/hello", "--",
        "samples/bin/sieve", "3000");
    assertEquals(0, r.status, r.toString());
    String t = Files.readString(table);
    assertTrue(t.contains("hello") && t.contains("sieve 3000"), t);
    for (String m : modes.split(",")) {
      assertTrue(t.contains("  " + m + " "), t);
    }
    assertTrue(t.contains("identical in every run and mode"), t);
    assertTrue(r.err.contains("[bench 1/") && r.err.contains("sieve 3000: jit run 1/1"), r.err);
    var svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(chart.toFile());
    assertEquals("svg", svg.getDocumentElement().getNodeName());

    CliTest.Run json = CliTest.rvjit("bench", "--modes", "interp,jit", "--runs", "1",
        "--warmup", "0", "--format", "json", "--quiet", "samples/bin/hello");
    assertEquals(0, json.status, json.toString());
    assertTrue(json.out.contains("\"outputsMatch\": true") && json.out.contains("\"mode\": \"jit\""),
        json.out);
    assertEquals("", json.err);

    CliTest.Run csv = CliTest.rvjit("bench", "--modes", "jit", "--runs", "2", "--warmup", "0",
        "--format", "csv", "--quiet", "samples/bin/hello");
    assertEquals(0, csv.status, csv.toString());
    String[] lines = csv.out.split("\n");
    assertEquals(2, lines.length, csv.out);
    assertTrue(lines[1].startsWith("hello,jit,2,"), csv.out);
  }

  @Test
  void steadyRunsEachProgramAtTwoSizes() throws Exception {
    CliTest.Run r = CliTest.rvjit("bench", "--steady", "--steady-scale", "3", "--modes", "jit",
        "--runs", "1", "--warmup", "0", "samples/bin/sieve", "3000");
    assertEquals(0, r.status, r.toString());
    assertTrue(r.out.contains("steady state:") && r.out.contains("9000"), r.out);
    assertTrue(r.err.contains("sieve 3000: jit run 1/1") && r.err.contains("sieve 9000: jit run"
        + " 1/1"), r.err);
    CliTest.Run bad = CliTest.rvjit("bench", "--steady", "--modes", "jit", "samples/bin/hello");
    assertEquals(Main.EXIT_USAGE, bad.status, bad.toString());
    assertTrue(bad.err.startsWith("rvjit: --steady needs a workload size")
        && bad.err.strip().lines().count() == 1, bad.err);
  }

  @Test
  void aShrunkModeRunsItsOwnSizes() throws Exception {
    CliTest.Run r = CliTest.rvjit("bench", "--steady", "--shrink", "interp=3", "--modes",
        "interp,jit", "--runs", "1", "--warmup", "0", "samples/bin/sieve", "3000");
    assertEquals(0, r.status, r.toString());
    assertTrue(r.err.contains("sieve 1000: interp run 1/1") && r.err.contains("sieve 2000:"
        + " interp run 1/1") && r.err.contains("sieve 6000: jit run 1/1"), r.err);
    assertTrue(r.out.contains("interp @1000") && r.out.contains("MODE @N"), r.out);
    CliTest.Run bad = CliTest.rvjit("bench", "--shrink", "qemu=2", "--modes", "jit,qemu",
        "samples/bin/sieve", "3000");
    assertEquals(Main.EXIT_USAGE, bad.status, bad.toString());
    assertTrue(bad.err.startsWith("rvjit: --shrink: qemu reports no instruction count")
        && bad.err.strip().lines().count() == 1, bad.err);
  }

  @Test
  void cpuPinsEveryRunAndTheReportSaysSo() throws Exception {
    CliTest.Run r = CliTest.rvjit("bench", "--cpu", "0", "--modes", "jit", "--runs", "1",
        "--warmup", "0", "--quiet", "samples/bin/hello");
    assertEquals(0, r.status, r.toString());
    assertTrue(r.out.contains("every run on CPU 0 (taskset -c 0)"), r.out);
    CliTest.Run json = CliTest.rvjit("bench", "--cpu", "0", "--modes", "jit", "--runs", "1",
        "--warmup", "0", "--quiet", "--format", "json", "samples/bin/hello");
    assertTrue(json.out.contains("\"cpus\": \"0\""), json.out);
    CliTest.Run bad = CliTest.rvjit("bench", "--cpu", "first", "samples/bin/hello");
    assertEquals(Main.EXIT_USAGE, bad.status, bad.toString());
    assertTrue(bad.err.startsWith("rvjit: --cpu takes a CPU list"), bad.err);
  }

  @Test
  void badUsageIsOneLine() throws Exception {
    CliTest.Run r = CliTest.rvjit("bench", "--modes", "interp,fast", "samples/bin/hello");
    assertEquals(Main.EXIT_USAGE, r.status, r.toString());
    assertTrue(r.err.startsWith("rvjit: unknown mode 'fast'"), r.err);
    r = CliTest.rvjit("bench", "--modes", "interp", "samples/bin/nope");
    assertEquals(Main.EXIT_USAGE, r.status, r.toString());
    assertTrue(r.err.contains("no such file"), r.err);
  }
}
