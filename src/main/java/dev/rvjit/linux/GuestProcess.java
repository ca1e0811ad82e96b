package dev.rvjit.linux;

import dev.rvjit.cpu.Hart;
import dev.rvjit.memory.Memory;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The state of one guest Linux process that the loader sets up and the system calls use: its
 * memory and hart, the address-space layout rvjit chose, and its host-side connections.
 */
public final class GuestProcess {
  /** The guest's address space. */
  public final Memory mem;
  /** The guest's single hart (thread). */
  public final Hart hart;
  /** Host I/O the guest's fds 0, 1 and 2 start on. */
  public final InputStream stdin;
  public final OutputStream stdout;
  public final OutputStream stderr;
  /** Where {@code --strace} lines go, or null when tracing is off. */
  public PrintStream strace;
  /** Host root of the guest's dynamic libraries (like qemu-riscv64 -L), or null. */
  public Path sysroot;

  /**
   * The guest's file-system view: the host as it is (default) or confined to {@code --root} and
   * {@code --mount} directories. Set before the syscall layer is made.
   */
  public GuestFs fs = GuestFs.passthrough();
  /**
   * Set (by the {@code --timeout} watchdog, from another thread) to stop the guest: the system-call
   * layer throws it at the next {@code ecall}.
   */
  public volatile dev.rvjit.cpu.GuestTrap stop;
  /** Open-fd limit (RLIMIT_NOFILE); set before the syscall layer is made. */
  public int maxFds = 1024;

  /** Host path of the main executable (for /proc/self/exe and AT_EXECFN). */
  public Path exePath;
  /** The path as the user named it (argv[0]). */
  public String exeName;
  /** argv and envp as given to the guest. */
  public List<String> argv = List.of();
  public List<String> env = List.of();

  /** Entry point of the main executable and of the first code to run (ld.so's for dynamic ones). */
  public long entry;
  public long startPc;
  /** Load bias of the interpreter (AT_BASE), 0 for static executables. */
  public long interpBase;
  /** Program break: where the heap starts and where it is now. */
  public long brkStart;
  public long brk;
  /** Highest address the break may reach before it would run into other mappings. */
  public long brkLimit;
  /** mmap placement window: new mappings go top-down within {@code [mmapBottom, mmapTop)}. */
  public long mmapTop;
  public long mmapBottom;
  /** Initial stack pointer and the stack's mapped range. */
  public long stackTop;
  public long stackBottom;
  /** Symbols of the main executable (and interpreter), for disassembly and profiles. */
  public SymbolTable symbols = new SymbolTable();

  public GuestProcess(Memory mem, Hart hart, InputStream stdin, OutputStream stdout,
      OutputStream stderr) {
    this.mem = mem;
    this.hart = hart;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  // --- syscall layer state ---
  /**
   * Run by {@code riscv_flush_icache}: the engine sets it to drop cached and compiled code.
   * The default does nothing.
   */
  public Runnable flushIcache = () -> { };
  /** System calls the guest made that rvjit does not implement, by name, with counts (--stats). */
  public final java.util.Map<String, Long> unsupportedSyscalls = new java.util.TreeMap<>();
  /** Number of system calls the guest has made. */
  public long syscallCount;
}
