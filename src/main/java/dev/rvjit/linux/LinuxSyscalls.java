package dev.rvjit.linux;

import dev.rvjit.cpu.GuestExit;
import dev.rvjit.cpu.GuestTrap;
import dev.rvjit.cpu.Hart;
import dev.rvjit.cpu.MemoryFault;
import dev.rvjit.cpu.Syscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;

/**
 * The Linux user-mode system-call layer for riscv64 guests, behaving like qemu-riscv64: a7 holds
 * the number (asm-generic numbering), a0..a5 the arguments; the result or {@code -errno} goes to
 * a0. Dispatch is one {@code switch} on the number. The work is split by concern:
 * {@link FileSyscalls} (fds, files, directories), {@link MmapSyscalls} (address space),
 * {@link TimeSyscalls} (clocks) and {@link ProcessSyscalls} (identity, limits, signals, futex).
 *
 * <p>A guest pointer that faults yields EFAULT; host I/O errors are mapped to their errno.
 * Unimplemented calls return ENOSYS silently (stderr must match qemu's), are counted in
 * {@link GuestProcess#unsupportedSyscalls}, and are shown by {@code --strace}.
 *
 * <p>Like qemu-riscv64 7.2, rseq and set_robust_list answer ENOSYS (glibc then does without them).
 *
 * <p><b>Terminals.</b> Whether fds 0, 1 and 2 are terminals is decided once, at construction:
 * all three count as ttys when {@link System#console()} is non-null (the JVM's stdin and stdout
 * are both terminals), else none does. TCGETS and TIOCGWINSZ on a non-tty answer ENOTTY, which is
 * what makes glibc fully buffer stdout when it is redirected.
 */
public final class LinuxSyscalls implements Syscalls {
  private final GuestProcess p;
  private final FileSyscalls files;
  private final MmapSyscalls mm;
  private final TimeSyscalls time;
  private final ProcessSyscalls proc;
  private SyscallTracer tracer;

  /** A syscall layer for {@code p}; fds 0–2 are ttys iff the JVM has a console. */
  public LinuxSyscalls(GuestProcess p) {
    this(p, System.console() != null);
  }

  /** A syscall layer for {@code p}, saying whether fds 0, 1 and 2 are terminals. */
  public LinuxSyscalls(GuestProcess p, boolean stdioTty) {
    this.p = p;
    this.files = new FileSyscalls(p, stdioTty);
    this.mm = new MmapSyscalls(p, files.fds);
    this.proc = new ProcessSyscalls(p, files.fds);
    this.time = new TimeSyscalls(p.mem, proc.pid);
  }

  @Override
  public void ecall(Hart h) {
    long nr = h.x[17];
    long a0 = h.x[10];
    long a1 = h.x[11];
    long a2 = h.x[12];
    long a3 = h.x[13];
    long a4 = h.x[14];
    long a5 = h.x[15];
    p.syscallCount++;
    dev.rvjit.cpu.GuestTrap stop = p.stop;
    if (stop != null) {
      throw stop;
    }
    long r;
    try {
      r = dispatch(nr, a0, a1, a2, a3, a4, a5);
    } catch (SyscallError e) {
      r = -e.errno;
    } catch (MemoryFault e) {
      r = -Errno.EFAULT;
    } catch (IOException e) {
      r = -Errno.of(e);
    } catch (UncheckedIOException e) {
      r = -Errno.of(e.getCause());
    } catch (DirectoryIteratorException e) {
      r = -Errno.of(e.getCause());
    } catch (UnsupportedOperationException e) {
      r = -Errno.EOPNOTSUPP; // the host file system lacks POSIX attributes
    } catch (GuestTrap | GuestExit e) {
      if (p.strace != null && !(e instanceof GuestExit)) {
        p.strace.println(tracer().noReturn(nr, new long[] {a0, a1, a2, a3, a4, a5}));
        if (e instanceof FatalSignal) {
          p.strace.println("+++ killed by " + SyscallTracer.signal(((FatalSignal) e).signal())
              + " +++");
        }
      }
      throw e;
    }
    if (p.strace != null) {
      p.strace.println(tracer().line(nr, new long[] {a0, a1, a2, a3, a4, a5}, r));
    }
    h.x[10] = r;
  }

  private SyscallTracer tracer() {
    if (tracer == null) {
      tracer = new SyscallTracer(p.mem);
    }
    return tracer;
  }

  private long dispatch(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
      throws IOException {
    if (nr < 0 || nr > Integer.MAX_VALUE) {
      return unsupported(nr);
    }
    switch ((int) nr) {
      // ------------------------------------------------------------ files and fds
      case Sysno.READ:
        return files.read(a0, a1, a2);
      case Sysno.WRITE:
        return files.write(a0, a1, a2);
      case Sysno.READV:
        return files.readv(a0, a1, a2);
      case Sysno.WRITEV:
        return files.writev(a0, a1, a2);
      case Sysno.PREAD64:
        return files.pread64(a0, a1, a2, a3);
      case Sysno.PWRITE64:
        return files.pwrite64(a0, a1, a2, a3);
      case Sysno.OPENAT:
        return files.openat(a0, a1, a2, a3);
      case Sysno.CLOSE:
        return files.close(a0);
      case Sysno.LSEEK:
        return files.lseek(a0, a1, a2);
      case Sysno.FSTAT:
        return files.fstat(a0, a1);
      case Sysno.NEWFSTATAT:
        return files.newfstatat(a0, a1, a2, a3);
      case Sysno.STATX:
        return files.statx(a0, a1, a2, a3, a4);
      case Sysno.FACCESSAT:
        return files.faccessat(a0, a1, a2, 0);
      case Sysno.FACCESSAT2:
        return files.faccessat(a0, a1, a2, a3);
      case Sysno.READLINKAT:
        return files.readlinkat(a0, a1, a2, a3);
      case Sysno.GETCWD:
        return files.getcwd(a0, a1);
      case Sysno.CHDIR:
        return files.chdir(a0);
      case Sysno.FCHDIR:
        return files.fchdir(a0);
      case Sysno.MKDIRAT:
        return files.mkdirat(a0, a1, a2);
      case Sysno.UNLINKAT:
        return files.unlinkat(a0, a1, a2);
      case Sysno.RENAMEAT:
        return files.renameat2(a0, a1, a2, a3, 0);
      case Sysno.RENAMEAT2:
        return files.renameat2(a0, a1, a2, a3, a4);
      case Sysno.GETDENTS64:
        return files.getdents64(a0, a1, a2);
      case Sysno.IOCTL:
        return files.ioctl(a0, a1, a2);
      case Sysno.FCNTL:
        return files.fcntl(a0, a1, a2);
      case Sysno.DUP:
        return files.dup(a0);
      case Sysno.DUP3:
        return files.dup3(a0, a1, a2);
      case Sysno.PIPE2:
        return files.pipe2(a0, a1);
      case Sysno.FTRUNCATE:
        return files.ftruncate(a0, a1);
      case Sysno.FSYNC:
      case Sysno.FDATASYNC:
        return files.fsync(a0);
      case Sysno.SYMLINKAT:
        return files.symlinkat(a0, a1, a2);
      case Sysno.LINKAT:
        return files.linkat(a0, a1, a2, a3, a4);
      case Sysno.TRUNCATE:
        return files.truncate(a0, a1);
      case Sysno.FCHMOD:
        return files.fchmod(a0, a1);
      case Sysno.FCHMODAT:
        return files.fchmodat(a0, a1, a2);
      case Sysno.UTIMENSAT:
        return files.utimensat(a0, a1, a2, a3);
      case Sysno.FADVISE64:
        return files.fadvise64(a0, a1, a2, a3);
      case Sysno.UMASK:
        return files.umask(a0);
      // ------------------------------------------------------------ address space
      case Sysno.BRK:
        return mm.brk(a0);
      case Sysno.MMAP:
        return mm.mmap(a0, a1, a2, a3, a4, a5);
      case Sysno.MUNMAP:
        return mm.munmap(a0, a1);
      case Sysno.MPROTECT:
        return mm.mprotect(a0, a1, a2);
      case Sysno.MREMAP:
        return mm.mremap(a0, a1, a2, a3, a4);
      case Sysno.MADVISE:
        return mm.madvise(a0, a1, a2);
      case Sysno.MSYNC:
      case Sysno.MLOCK:
      case Sysno.MUNLOCK:
        return 0;
      // ------------------------------------------------------------ process end
      case Sysno.EXIT:
      case Sysno.EXIT_GROUP:
        throw exit(nr, a0);
      // ------------------------------------------------------------ time
      case Sysno.CLOCK_GETTIME:
        return time.clockGettime(a0, a1);
      case Sysno.CLOCK_GETRES:
        return time.clockGetres(a0, a1);
      case Sysno.GETTIMEOFDAY:
        return time.gettimeofday(a0, a1);
      case Sysno.NANOSLEEP:
        return time.nanosleep(a0, a1);
      case Sysno.CLOCK_NANOSLEEP:
        return time.clockNanosleep(a0, a1, a2, a3);
      case Sysno.TIMES:
        return time.times(a0);
      case Sysno.GETRUSAGE:
        return time.getrusage(a0, a1);
      // ------------------------------------------------------------ process
      case Sysno.GETPID:
      case Sysno.GETTID:
        return proc.getpid();
      case Sysno.GETPPID:
        return proc.getppid();
      case Sysno.GETUID:
      case Sysno.GETEUID:
        return proc.getuid();
      case Sysno.GETGID:
      case Sysno.GETEGID:
        return proc.getgid();
      case Sysno.UNAME:
        return proc.uname(a0);
      case Sysno.SYSINFO:
        return proc.sysinfo(a0);
      case Sysno.GETRANDOM:
        return proc.getrandom(a0, a1, a2);
      case Sysno.PRLIMIT64:
        return proc.prlimit64(a0, a1, a2, a3);
      case Sysno.GETRLIMIT:
        return proc.prlimit64(0, a0, 0, a1);
      case Sysno.SETRLIMIT:
        return proc.prlimit64(0, a0, a1, 0);
      case Sysno.SET_TID_ADDRESS:
        return proc.setTidAddress(a0);
      case Sysno.RT_SIGACTION:
        return proc.rtSigaction(a0, a1, a2, a3);
      case Sysno.RT_SIGPROCMASK:
        return proc.rtSigprocmask(a0, a1, a2, a3);
      case Sysno.SIGALTSTACK:
        return proc.sigaltstack(a0, a1);
      case Sysno.KILL:
        return proc.sendToSelf(a0, a1);
      case Sysno.TKILL:
        return proc.sendToSelf(a0, a1);
      case Sysno.TGKILL:
        return proc.sendToSelf(a0 == proc.pid ? a1 : -1, a2);
      case Sysno.SCHED_GETAFFINITY:
        return proc.schedGetaffinity(a0, a1, a2);
      case Sysno.SCHED_YIELD:
        return 0;
      case Sysno.GETCPU:
        return proc.getcpu(a0, a1);
      case Sysno.FUTEX:
        return proc.futex(a0, a1, a2, a3, a4, a5);
      case Sysno.RISCV_HWPROBE:
        return proc.riscvHwprobe(a0, a1, a2, a3, a4);
      case Sysno.RISCV_FLUSH_ICACHE:
        return proc.riscvFlushIcache(a0, a1, a2);
      default:
        // Includes rseq and set_robust_list, which qemu-riscv64 answers with ENOSYS too.
        return unsupported(nr);
    }
  }

  private long unsupported(long nr) {
    p.unsupportedSyscalls.merge(Sysno.name(nr), 1L, Long::sum);
    return -Errno.ENOSYS;
  }

  /** exit and exit_group: flush the guest's output streams and end the guest. */
  private GuestExit exit(long nr, long status) {
    if (p.strace != null) {
      p.strace.println(tracer().noReturn(nr, new long[] {status, 0, 0, 0, 0, 0}));
      p.strace.println("+++ exited with " + (status & 0xff) + " +++");
    }
    try {
      p.stdout.flush();
    } catch (IOException e) {
      // Nothing more can be done for a broken stdout at exit.
    }
    try {
      p.stderr.flush();
    } catch (IOException e) {
      // Same for stderr.
    }
    return new GuestExit((int) status);
  }
}
