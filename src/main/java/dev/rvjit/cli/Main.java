package dev.rvjit.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rvjit} command line. Exit statuses (also in the README): the guest's own status; 2
 * for usage errors and bad input files; 124 when a limit stopped the guest; 128+signal for a guest
 * killed by a fault (132 SIGILL, 133 SIGTRAP, 135 SIGBUS, 139 SIGSEGV); 70 for an internal error.
 */
@Command(
    name = "rvjit",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs RISC-V RV64GC Linux programs on the JVM: an interpreter plus a JIT that"
        + " turns hot guest code into JVM bytecode.")
public final class Main implements Runnable {
  /** Exit status for an rvjit bug (EX_SOFTWARE). */
  public static final int EXIT_INTERNAL = 70;
  /** Exit status for bad usage or bad input files. */
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit status (for tests and embedding). */
  public static int execute(String... args) {
    CommandLine cl = commandLine(args.length > 0 ? args[0] : null);
    return cl.execute(args);
  }

  /** The subcommands, in the order {@code rvjit --help} lists them. */
  private static final String[] COMMANDS = {"run", "disasm", "bench", "inspect", "help"};

  /**
   * The command line for a run whose first word is {@code first}. When that word names a
   * subcommand only that one is built: picocli reads each command's annotations by reflection
   * when it is added, and building the four cost {@code rvjit run} of a small program about 0.04
   * s of its 0.5–0.7 s (hello, one CPU, medians of 10). Anything else ({@code --help},
   * {@code help}, a typo, nothing) gets every subcommand, so usage messages and suggestions are
   * unchanged.
   */
  static CommandLine commandLine(String first) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExpandAtFiles(false); // a guest argument such as @file must reach the guest untouched
    boolean one = first != null && !first.equals("help") && Arrays.asList(COMMANDS).contains(first);
    for (String name : COMMANDS) {
      if (!one || name.equals(first)) {
        cl.addSubcommand(name, subcommand(name));
      }
    }
    for (String name : new String[] {"run", "bench", "inspect"}) {
      CommandLine sub = cl.getSubcommands().get(name);
      if (sub != null) {
        sub.setStopAtPositional(true);
      }
    }
    cl.setExecutionExceptionHandler(new Errors());
    return cl;
  }

  private static Object subcommand(String name) {
    switch (name) {
      case "run": return new RunCommand();
      case "disasm": return new DisasmCommand();
      case "bench": return new BenchCommand();
      case "inspect": return new InspectCommand();
      case "help": return new CommandLine.HelpCommand();
      default: throw new IllegalArgumentException(name);
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try 'rvjit --help')");
  }

  /** Turns exceptions into one line on stderr (plus a stack trace with --debug). */
  static final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl,
        CommandLine.ParseResult parsed) {
      boolean debug = parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--debug");
      int status = UserErrors.exitStatus(ex);
      String msg = UserErrors.message(ex);
      System.err.println("rvjit: " + msg);
      if (debug || status == EXIT_INTERNAL) {
        if (status == EXIT_INTERNAL && !debug) {
          System.err.println("rvjit: this is a bug in rvjit; run again with --debug for details");
        } else {
          ex.printStackTrace();
        }
      }
      System.err.flush();
      return status;
    }
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "rvjit " + (v == null ? "(development build)" : v),
        "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
      };
    }
  }
}
