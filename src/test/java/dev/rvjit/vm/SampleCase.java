package dev.rvjit.vm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One test case from {@code samples/cases}: {@code CASE.args} (binary relative to samples/, then
 * one argument per line; {@code @TMP@} becomes a fresh temporary directory), optional
 * {@code CASE.env} and {@code CASE.stdin}, and the expected {@code CASE.stdout},
 * {@code CASE.stderr} and {@code CASE.status}. Runs the case under rvjit (in process) or any
 * external runner such as qemu-riscv64.
 */
public final class SampleCase {
  public static final Path SAMPLES = Path.of("samples");

  public final String name;
  public final String binary;
  public final List<String> args;
  public final List<String> env;
  public final byte[] stdin;

  /** What a run produced. */
  public static final class Result {
    public final byte[] stdout;
    public final byte[] stderr;
    public final int status;

    public Result(byte[] stdout, byte[] stderr, int status) {
      this.stdout = stdout;
      this.stderr = stderr;
      this.status = status;
    }

    public String stdoutText() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
      return new String(stderr, StandardCharsets.UTF_8);
    }
  }

  private SampleCase(String name) throws IOException {
    this.name = name;
    List<String> lines = Files.readAllLines(SAMPLES.resolve("cases/" + name + ".args"));
    this.binary = lines.get(0);
    this.args = new ArrayList<>(lines.subList(1, lines.size()));
    Path envFile = SAMPLES.resolve("cases/" + name + ".env");
    this.env = Files.exists(envFile) ? Files.readAllLines(envFile).stream()
        .filter(l -> !l.isEmpty()).collect(Collectors.toList()) : List.of();
    Path in = SAMPLES.resolve("cases/" + name + ".stdin");
    this.stdin = Files.exists(in) ? Files.readAllBytes(in) : new byte[0];
  }

  /** Every case in samples/cases, by name. */
  public static List<SampleCase> all() throws IOException {
    List<SampleCase> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(SAMPLES.resolve("cases"))) {
      for (Path p : s.sorted(Comparator.naturalOrder()).collect(Collectors.toList())) {
        String f = p.getFileName().toString();
        if (f.endsWith(".args")) {
          out.add(new SampleCase(f.substring(0, f.length() - 5)));
        }
      }
    }
    return out;
  }

  public static SampleCase named(String name) throws IOException {
    return new SampleCase(name);
  }

  public byte[] expectedStdout() throws IOException {
    return Files.readAllBytes(SAMPLES.resolve("cases/" + name + ".stdout"));
  }

  public byte[] expectedStderr() throws IOException {
    Path p = SAMPLES.resolve("cases/" + name + ".stderr");
    return Files.exists(p) ? Files.readAllBytes(p) : new byte[0];
  }

  public int expectedStatus() throws IOException {
    return Integer.parseInt(Files.readString(SAMPLES.resolve("cases/" + name + ".status")).trim());
  }

  /** The program path as both runners are given it (argv[0]). */
  public String programPath() {
    return SAMPLES.resolve(binary).toString();
  }

  private List<String> argsWithTemp(Path tmp) {
    return args.stream().map(a -> a.replace("@TMP@", tmp.toString())).collect(Collectors.toList());
  }

  /** Runs the case in this JVM under rvjit with the given tier set-up. */
  public Result runRvjit(Mode mode, long jitThreshold, boolean synchronous) throws IOException {
    Path tmp = Files.createTempDirectory("rvjit-case-");
    try {
      RunConfig c = new RunConfig();
      c.program = Path.of(programPath());
      c.programName = programPath();
      c.args = argsWithTemp(tmp);
      c.env = env;
      c.stdin = new ByteArrayInputStream(stdin);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      c.stdout = out;
      c.stderr = err;
      c.sysroot = Files.isDirectory(Path.of("/usr/riscv64-linux-gnu"))
          ? Path.of("/usr/riscv64-linux-gnu") : null;
      c.mode = mode;
      c.jitThreshold = jitThreshold;
      c.jitSynchronous = synchronous;
      Machine m = Machine.load(c);
      Outcome o = m.run();
      if (o.message != null) {
        err.write(("rvjit: " + o.message + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return new Result(out.toByteArray(), err.toByteArray(), o.status);
    } finally {
      deleteTree(tmp);
    }
  }

  /** Runs the case as an external command, e.g. {@code qemu-riscv64 -L /usr/riscv64-linux-gnu}. */
  public Result runExternal(List<String> runner) throws IOException, InterruptedException {
    Path tmp = Files.createTempDirectory("rvjit-case-");
    try {
      List<String> cmd = new ArrayList<>(runner);
      cmd.add(programPath());
      cmd.addAll(argsWithTemp(tmp));
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().clear();
      for (String kv : env) {
        int eq = kv.indexOf('=');
        pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      Process p = pb.start();
      p.getOutputStream().write(stdin);
      p.getOutputStream().close();
      byte[][] outs = new byte[2][];
      Thread t = new Thread(() -> outs[1] = readAll(p.getErrorStream()));
      t.start();
      outs[0] = readAll(p.getInputStream());
      t.join();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + cmd);
      }
      return new Result(outs[0], outs[1], p.exitValue());
    } finally {
      deleteTree(tmp);
    }
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(q);
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
