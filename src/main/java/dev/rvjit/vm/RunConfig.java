package dev.rvjit.vm;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import dev.rvjit.linux.GuestFs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Everything a guest run needs: the program, its arguments and environment, I/O and options. */
public final class RunConfig {
  /** Host path of the guest executable. */
  public Path program;
  /** argv[0] as the guest sees it (the program as the user named it). */
  public String programName;
  /** Arguments after argv[0], passed untouched. */
  public List<String> args = new ArrayList<>();
  /** The guest's environment, in order, as KEY=VALUE strings. */
  public List<String> env = new ArrayList<>();
  public InputStream stdin = System.in;
  public OutputStream stdout = System.out;
  public OutputStream stderr = System.err;
  /** Root for the dynamic loader and libraries (like qemu-riscv64 -L), or null. */
  public Path sysroot;
  /** Where syscall traces go, or null. */
  public PrintStream strace;
  public Mode mode = Mode.JIT;
  /** Stop after this many instructions (exit status 124). */
  public long maxInsns = Long.MAX_VALUE;
  /** Block entries before the JIT tier compiles a block. */
  public long jitThreshold = dev.rvjit.jit.Jit.DEFAULT_THRESHOLD;
  /**
   * Compile on the interpreter's thread as soon as a block is hot (deterministic; tests).
   * {@code -Drvjit.jit.sync=true} sets it for {@code run} too, so that side-by-side measurements
   * compare the same units (which units the background compiler makes depends on timing).
   */
  public boolean jitSynchronous = Boolean.getBoolean("rvjit.jit.sync");
  /** Where --jit-log lines go, or null. */
  public PrintStream jitLog;

  // --- sandbox and limits (see SECURITY.md) ---
  /** {@code --root}: host directory that is the guest's {@code /}, or null. */
  public Path root;
  /** {@code --mount HOST:GUEST[:ro]} entries. With a root or any mount the guest is confined. */
  public List<GuestFs.Mount> mounts = new ArrayList<>();
  /** {@code --max-memory}: most bytes the guest may have mapped (mmap, brk, mremap: ENOMEM). */
  public long maxMemory = Long.MAX_VALUE;
  /** {@code --timeout}: wall-clock limit in nanoseconds, 0 for none (exit status 124). */
  public long timeoutNanos;
  /** Most fds the guest may have open (RLIMIT_NOFILE soft and hard ceiling; EMFILE beyond). */
  public int maxFds = 1024;
}
