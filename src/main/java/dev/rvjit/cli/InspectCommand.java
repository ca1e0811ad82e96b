package dev.rvjit.cli;

import dev.rvjit.tools.InspectReport;
import dev.rvjit.tools.Transitions;
import dev.rvjit.tools.Inspection;
import dev.rvjit.tools.Inspection.UnitView;
import dev.rvjit.vm.Machine;
import dev.rvjit.vm.Mode;
import dev.rvjit.vm.Outcome;
import dev.rvjit.vm.RunConfig;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rvjit inspect}: runs a program under the JIT, then shows what the JIT made of it. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a program under the JIT (counting block entries, keeping the generated classes), then"
          + " shows the hottest compiled units: guest address range and symbol, execution counts,"
          + " the guest disassembly and the JVM bytecode (ASM's text form).",
      "The guest's own stdout and stderr go to stderr, so the report owns stdout.",
      "Options go before PROGRAM; words after it belong to the guest."
    })
final class InspectCommand implements Callable<Integer> {
  @Option(names = "--top", paramLabel = "N", description = "Show the N hottest units (default:"
      + " ${DEFAULT-VALUE}).")
  int top = 5;

  @Option(names = "--pc", paramLabel = "ADDR", description = "Only units holding this guest"
      + " address (hex, with or without 0x).")
  String pc;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or html.")
  String format = "text";

  @Option(names = "--out", paramLabel = "FILE", description = "Write the report here instead of"
      + " stdout.")
  Path out;

  @Option(names = "--dump-classes", paramLabel = "DIR", description = "Write every generated"
      + " class to DIR as NAME.class (javap -c -p reads them).")
  Path dumpDir;

  @Option(names = "--jit-threshold", paramLabel = "N", description = "Block entries before a"
      + " block is compiled (default: ${DEFAULT-VALUE}).")
  long jitThreshold = dev.rvjit.jit.Jit.DEFAULT_THRESHOLD;

  @Option(names = "--sync", description = "Compile on the guest's thread as soon as a block is"
      + " hot (reproducible unit boundaries), not in the background.")
  boolean sync;

  @Option(names = "--max-insns", paramLabel = "N", description = "Stop the guest after N"
      + " instructions and inspect what was compiled by then.")
  long maxInsns = Long.MAX_VALUE;

  @Option(names = "--sysroot", paramLabel = "DIR", description = "Guest library root (as for"
      + " run).")
  Path sysroot;

  @Option(names = "--transitions", paramLabel = "N", description = "Also show the N hottest"
      + " hand-overs from one compiled unit to what runs next (unit, exit, target; default:"
      + " ${DEFAULT-VALUE}, 0 for none): where compiled code keeps leaving.")
  int transitions = 10;

  @Option(names = "--quiet", description = "Discard the guest's stdout and stderr.")
  boolean quiet;

  @Parameters(index = "0", paramLabel = "PROGRAM", description = "The RISC-V ELF executable.")
  String program;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the guest.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    if (!format.equals("text") && !format.equals("html")) {
      throw new IllegalArgumentException("unknown --format '" + format + "' (use text or html)");
    }
    if (top < 1) {
      throw new IllegalArgumentException("--top must be at least 1");
    }
    if (transitions < 0) {
      throw new IllegalArgumentException("--transitions must be at least 0");
    }
    Long at = pc == null ? null : parseAddress(pc);
    RunConfig c = new RunConfig();
    c.program = Path.of(program);
    c.programName = program;
    c.args = args;
    c.env = RunCommand.hostEnvironment();
    c.stdin = new FileInputStream(FileDescriptor.in);
    OutputStream guestOut = quiet ? OutputStream.nullOutputStream()
        : new FileOutputStream(FileDescriptor.err);
    c.stdout = guestOut;
    c.stderr = guestOut;
    c.sysroot = RunCommand.sysrootOrDefault(sysroot);
    c.mode = Mode.JIT;
    c.maxInsns = maxInsns;
    c.jitThreshold = Math.max(1, jitThreshold);
    c.jitSynchronous = sync;
    Machine m = Machine.load(c);
    m.jit.keepClassBytes(true);
    m.jit.countBlocks(true);
    Transitions tr = transitions > 0 ? new Transitions() : null;
    m.interpreter.setTransitionSink(tr);
    Outcome o = m.run();
    if (o.message != null) {
      System.err.println("rvjit: " + o.message);
    }
    Inspection in = new Inspection(m.jit, m.process.symbols, o.instret,
        m.interpreter.interpretedInsns());
    if (dumpDir != null) {
      int n = dump(in, dumpDir);
      System.err.printf("rvjit: wrote %d class files to %s%n", n, dumpDir);
    }
    List<UnitView> shown = in.select(at, top);
    if (at != null && shown.isEmpty()) {
      System.err.printf("rvjit: no compiled unit holds 0x%x (%d units were compiled)%n", at,
          in.units.size());
      return 1;
    }
    String report = format.equals("html")
        ? InspectReport.html(in, program, shown, m.process.symbols, tr, transitions)
        : InspectReport.text(in, program, shown, m.process.symbols, tr, transitions);
    if (out != null) {
      Files.writeString(out, report, StandardCharsets.UTF_8);
    } else {
      System.out.print(report);
      System.out.flush();
    }
    return 0;
  }

  /** Writes every unit's class as {@code Unit_<pc>.class}; returns how many. */
  static int dump(Inspection in, Path dir) throws IOException {
    Files.createDirectories(dir);
    Set<String> used = new HashSet<>();
    int n = 0;
    for (UnitView v : in.units) {
      if (v.unit.classBytes == null) {
        continue;
      }
      String name = v.simpleName();
      String file = name;
      for (int k = 2; !used.add(file); k++) {
        file = name + "-" + k; // a unit compiled again after its code changed
      }
      Files.write(dir.resolve(file + ".class"), v.unit.classBytes);
      n++;
    }
    return n;
  }

  static long parseAddress(String s) {
    String h = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    try {
      return Long.parseUnsignedLong(h, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--pc wants a hex address, not '" + s + "'");
    }
  }
}
