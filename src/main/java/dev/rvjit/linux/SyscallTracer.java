package dev.rvjit.linux;

import dev.rvjit.memory.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Formats system calls the way strace prints them, for {@code --strace}:
 * {@code openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3},
 * {@code write(1, "Hello, world!\n", 14) = 14}, errors as
 * {@code = -1 ENOENT (No such file or directory)}. Lines are formatted after the call returns, so
 * output buffers (read, readlinkat, getcwd) show what the call stored. Buffers are cut after 32
 * bytes with {@code ...}; paths are shown whole; structs minimally.
 *
 * <p>Each call's arguments are described by a string of one-letter kinds (see {@link #SPECS}).
 */
final class SyscallTracer {
  private static final int STRING_LIMIT = 32;
  /** Argument kinds per syscall; a trailing 'h' after '/' means the result is printed in hex. */
  private static final String[] SPECS = new String[512];

  /*
   * Kinds: f fd, d int, D long, u unsigned, x hex, p pointer, s path, b input buffer (length in
   * the next argument), B output buffer (length = result), o open flags, m mode (octal),
   * O file offset (0 or hex), G fcntl argument (left out for the F_GET* commands),
   * P prot, M mmap flags, c clock id, a AT_* flags, A access mode, T timespec in, R timespec out,
   * S struct stat out, F fcntl command, I ioctl request, W whence, k signal, X futex op,
   * l resource, H sigprocmask how.
   */
  static {
    spec(Sysno.READ, "fBu");
    spec(Sysno.WRITE, "fbu");
    spec(Sysno.READV, "fpd");
    spec(Sysno.WRITEV, "fpd");
    spec(Sysno.PREAD64, "fBuD");
    spec(Sysno.PWRITE64, "fbuD");
    spec(Sysno.OPENAT, "fsom");
    spec(Sysno.CLOSE, "f");
    spec(Sysno.LSEEK, "fDW");
    spec(Sysno.FSTAT, "fS");
    spec(Sysno.NEWFSTATAT, "fsSa");
    spec(Sysno.STATX, "fsaxp");
    spec(Sysno.FACCESSAT, "fsA");
    spec(Sysno.FACCESSAT2, "fsAa");
    spec(Sysno.READLINKAT, "fsBu");
    spec(Sysno.GETCWD, "Bu");
    spec(Sysno.CHDIR, "s");
    spec(Sysno.FCHDIR, "f");
    spec(Sysno.MKDIRAT, "fsm");
    spec(Sysno.UNLINKAT, "fsa");
    spec(Sysno.RENAMEAT, "fsfs");
    spec(Sysno.RENAMEAT2, "fsfsx");
    spec(Sysno.GETDENTS64, "fpu");
    spec(Sysno.IOCTL, "fIp");
    spec(Sysno.FCNTL, "fFG");
    spec(Sysno.DUP, "f");
    spec(Sysno.DUP3, "ffo");
    spec(Sysno.PIPE2, "po");
    spec(Sysno.FTRUNCATE, "fD");
    spec(Sysno.FSYNC, "f");
    spec(Sysno.FDATASYNC, "f");
    spec(Sysno.UMASK, "m");
    spec(Sysno.SYMLINKAT, "sfs");
    spec(Sysno.LINKAT, "fsfsa");
    spec(Sysno.TRUNCATE, "sD");
    spec(Sysno.FCHMOD, "fm");
    spec(Sysno.FCHMODAT, "fsm");
    spec(Sysno.UTIMENSAT, "fspa");
    spec(Sysno.KILL, "dk");
    spec(Sysno.TKILL, "dk");
    spec(Sysno.TGKILL, "ddk");
    spec(Sysno.BRK, "p/h");
    spec(Sysno.MMAP, "puPMfO/h");
    spec(Sysno.MUNMAP, "pu");
    spec(Sysno.MPROTECT, "puP");
    spec(Sysno.MREMAP, "puuxp/h");
    spec(Sysno.MADVISE, "pud");
    spec(Sysno.MSYNC, "pux");
    spec(Sysno.EXIT, "d");
    spec(Sysno.EXIT_GROUP, "d");
    spec(Sysno.CLOCK_GETTIME, "cR");
    spec(Sysno.CLOCK_GETRES, "cR");
    spec(Sysno.GETTIMEOFDAY, "pp");
    spec(Sysno.NANOSLEEP, "Tp");
    spec(Sysno.CLOCK_NANOSLEEP, "cdTp");
    spec(Sysno.TIMES, "p");
    spec(Sysno.GETRUSAGE, "dp");
    for (int n : new int[] {Sysno.GETPID, Sysno.GETPPID, Sysno.GETTID, Sysno.GETUID,
        Sysno.GETEUID, Sysno.GETGID, Sysno.GETEGID, Sysno.SCHED_YIELD}) {
      spec(n, "");
    }
    spec(Sysno.UNAME, "p");
    spec(Sysno.SYSINFO, "p");
    spec(Sysno.GETRANDOM, "pux");
    spec(Sysno.PRLIMIT64, "dlpp");
    spec(Sysno.GETRLIMIT, "lp");
    spec(Sysno.SETRLIMIT, "lp");
    spec(Sysno.SET_TID_ADDRESS, "p");
    spec(Sysno.SET_ROBUST_LIST, "pu");
    spec(Sysno.RSEQ, "pudx");
    spec(Sysno.RT_SIGACTION, "kppu");
    spec(Sysno.RT_SIGPROCMASK, "Hppu");
    spec(Sysno.SIGALTSTACK, "pp");
    spec(Sysno.SCHED_GETAFFINITY, "dup");
    spec(Sysno.GETCPU, "ppp");
    spec(Sysno.FADVISE64, "fDDd");
    spec(Sysno.FUTEX, "pXdppd");
    spec(Sysno.RISCV_HWPROBE, "pddpx");
    spec(Sysno.RISCV_FLUSH_ICACHE, "ppx");
  }

  private static void spec(int nr, String s) {
    SPECS[nr] = s;
  }

  private final Memory mem;

  SyscallTracer(Memory mem) {
    this.mem = mem;
  }

  /** The line for a call that returned {@code r}. */
  String line(long nr, long[] a, long r) {
    String spec = nr >= 0 && nr < SPECS.length ? SPECS[(int) nr] : null;
    boolean hex = spec != null && spec.endsWith("/h");
    return call(nr, spec, a, r) + " = " + result(r, hex);
  }

  /** The line for a call that does not return (exit, a deadlock). */
  String noReturn(long nr, long[] a) {
    String spec = nr >= 0 && nr < SPECS.length ? SPECS[(int) nr] : null;
    return call(nr, spec, a, 0) + " = ?";
  }

  static String result(long r, boolean hex) {
    if (r < 0 && r > -4096) {
      int e = (int) -r;
      return "-1 " + Errno.name(e) + " (" + Errno.message(e) + ")";
    }
    return hex ? "0x" + Long.toHexString(r) : Long.toString(r);
  }

  private String call(long nr, String spec, long[] a, long r) {
    StringBuilder sb = new StringBuilder(Sysno.name(nr)).append('(');
    if (spec == null) {
      for (int i = 0; i < 6; i++) {
        sb.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(a[i]));
      }
      return sb.append(')').toString();
    }
    int n = spec.indexOf('/') >= 0 ? spec.indexOf('/') : spec.length();
    for (int i = 0; i < n; i++) {
      char k = spec.charAt(i);
      if (k == 'm' && i > 0 && spec.charAt(i - 1) == 'o' && (a[i - 1] & Abi.O_CREAT) == 0) {
        continue; // strace shows openat's mode only with O_CREAT
      }
      if (k == 'G' && (a[i - 1] == Abi.F_GETFD || a[i - 1] == Abi.F_GETFL)) {
        continue; // strace shows no argument for the F_GET* commands
      }
      if (i > 0) {
        sb.append(", ");
      }
      arg(sb, k, a, i, r);
    }
    return sb.append(')').toString();
  }

  private void arg(StringBuilder sb, char k, long[] a, int i, long r) {
    long v = a[i];
    switch (k) {
      case 'f':
        sb.append((int) v == Abi.AT_FDCWD ? "AT_FDCWD" : Integer.toString((int) v));
        break;
      case 'd':
        sb.append((int) v);
        break;
      case 'D':
        sb.append(v);
        break;
      case 'u':
        sb.append(Long.toUnsignedString(v));
        break;
      case 'x':
        sb.append("0x").append(Long.toHexString(v));
        break;
      case 's':
        path(sb, v);
        break;
      case 'b':
        buffer(sb, v, a[i + 1]);
        break;
      case 'B':
        if (r >= 0) {
          buffer(sb, v, r);
        } else {
          pointer(sb, v);
        }
        break;
      case 'o':
        sb.append(openFlags((int) v));
        break;
      case 'O':
        sb.append(v == 0 ? "0" : "0x" + Long.toHexString(v));
        break;
      case 'G':
        if (a[i - 1] == Abi.F_SETFL) {
          sb.append(openFlags((int) v));
        } else if (a[i - 1] == Abi.F_SETFD) {
          sb.append((v & Abi.FD_CLOEXEC) != 0 ? "FD_CLOEXEC" : "0");
        } else {
          sb.append((int) v);
        }
        break;
      case 'm':
        sb.append(String.format("0%o", v));
        break;
      case 'P':
        sb.append(prot((int) v));
        break;
      case 'M':
        sb.append(mmapFlags((int) v));
        break;
      case 'c':
        sb.append(clock((int) v));
        break;
      case 'a':
        sb.append(atFlags((int) v));
        break;
      case 'A':
        sb.append(v == 0 ? "F_OK" : flags(v, new String[] {"R_OK", "W_OK", "X_OK"},
            new long[] {4, 2, 1}));
        break;
      case 'T':
        timespec(sb, v);
        break;
      case 'R':
        if (r == 0 && v != 0) {
          timespec(sb, v);
        } else {
          pointer(sb, v);
        }
        break;
      case 'S':
        stat(sb, v, r);
        break;
      case 'F':
        sb.append(fcntlCommand((int) v));
        break;
      case 'I':
        sb.append(ioctlRequest((int) v));
        break;
      case 'W':
        sb.append(v >= 0 && v <= 4
            ? new String[] {"SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE"}[(int) v]
            : Long.toString(v));
        break;
      case 'k':
        sb.append(signal((int) v));
        break;
      case 'X':
        sb.append(futexOp((int) v));
        break;
      case 'l':
        sb.append(v >= 0 && v < RESOURCES.length ? RESOURCES[(int) v] : Long.toString(v));
        break;
      case 'H':
        sb.append(v >= 0 && v <= 2
            ? new String[] {"SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"}[(int) v]
            : Long.toString(v));
        break;
      default:
        pointer(sb, v);
        break;
    }
  }

  private static void pointer(StringBuilder sb, long v) {
    sb.append(v == 0 ? "NULL" : "0x" + Long.toHexString(v));
  }

  private void path(StringBuilder sb, long addr) {
    if (addr == 0) {
      sb.append("NULL");
      return;
    }
    byte[] b;
    try {
      b = mem.readCStringBytes(addr, GuestData.PATH_MAX);
    } catch (RuntimeException e) {
      b = null;
    }
    if (b == null) {
      pointer(sb, addr);
      return;
    }
    quote(sb, b, b.length, false);
  }

  private void buffer(StringBuilder sb, long addr, long len) {
    int n = (int) Math.min(Math.max(len, 0), STRING_LIMIT);
    byte[] b;
    try {
      b = mem.read(addr, n);
    } catch (RuntimeException e) {
      pointer(sb, addr);
      return;
    }
    quote(sb, b, n, len > STRING_LIMIT);
  }

  /** Appends {@code b[0..n)} as a C string literal, strace style. */
  static void quote(StringBuilder sb, byte[] b, int n, boolean more) {
    sb.append('"');
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xff;
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case 0x0b:
          sb.append("\\v");
          break;
        case 0x0c:
          sb.append("\\f");
          break;
        default:
          if (c >= 0x20 && c < 0x7f) {
            sb.append((char) c);
          } else {
            boolean digitNext = i + 1 < n && b[i + 1] >= '0' && b[i + 1] <= '7';
            sb.append('\\').append(digitNext ? String.format("%03o", c) : Integer.toOctalString(c));
          }
      }
    }
    sb.append('"');
    if (more) {
      sb.append("...");
    }
  }

  private void timespec(StringBuilder sb, long addr) {
    try {
      ByteBuffer b = ByteBuffer.wrap(mem.read(addr, 16)).order(ByteOrder.LITTLE_ENDIAN);
      sb.append("{tv_sec=").append(b.getLong(0)).append(", tv_nsec=").append(b.getLong(8))
          .append('}');
    } catch (RuntimeException e) {
      pointer(sb, addr);
    }
  }

  private void stat(StringBuilder sb, long addr, long r) {
    if (r != 0) {
      pointer(sb, addr);
      return;
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(mem.read(addr, FileStat.STAT_SIZE))
          .order(ByteOrder.LITTLE_ENDIAN);
      int mode = b.getInt(16);
      sb.append("{st_mode=").append(fileType(mode)).append(String.format("|0%o", mode & 07777));
      int type = mode & Abi.S_IFMT;
      if (type == Abi.S_IFCHR || type == Abi.S_IFBLK) {
        long rdev = b.getLong(32);
        sb.append(", st_rdev=makedev(0x").append(Integer.toHexString(FileStat.major(rdev)))
            .append(", 0x").append(Integer.toHexString(FileStat.minor(rdev))).append(')');
      } else {
        sb.append(", st_size=").append(b.getLong(48));
      }
      sb.append(", ...}");
    } catch (RuntimeException e) {
      pointer(sb, addr);
    }
  }

  private static String fileType(int mode) {
    switch (mode & Abi.S_IFMT) {
      case Abi.S_IFREG:
        return "S_IFREG";
      case Abi.S_IFDIR:
        return "S_IFDIR";
      case Abi.S_IFCHR:
        return "S_IFCHR";
      case Abi.S_IFBLK:
        return "S_IFBLK";
      case Abi.S_IFIFO:
        return "S_IFIFO";
      case Abi.S_IFLNK:
        return "S_IFLNK";
      case Abi.S_IFSOCK:
        return "S_IFSOCK";
      default:
        return "0";
    }
  }

  /** {@code A|B|0x40}: the names of the set bits, then any unnamed rest in hex. */
  static String flags(long v, String[] names, long[] bits) {
    StringBuilder sb = new StringBuilder();
    long rest = v;
    for (int i = 0; i < names.length; i++) {
      if ((rest & bits[i]) == bits[i] && bits[i] != 0) {
        sb.append(sb.length() > 0 ? "|" : "").append(names[i]);
        rest &= ~bits[i];
      }
    }
    if (rest != 0 || sb.length() == 0) {
      sb.append(sb.length() > 0 ? "|" : "").append("0x").append(Long.toHexString(rest));
    }
    return sb.toString();
  }

  private static final String[] OPEN_NAMES = {"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC",
    "O_APPEND", "O_NONBLOCK", "O_DSYNC", "O_ASYNC", "O_DIRECT", "O_LARGEFILE", "O_DIRECTORY",
    "O_NOFOLLOW", "O_NOATIME", "O_CLOEXEC", "O_PATH"};
  private static final long[] OPEN_BITS = {Abi.O_CREAT, Abi.O_EXCL, Abi.O_NOCTTY, Abi.O_TRUNC,
    Abi.O_APPEND, Abi.O_NONBLOCK, Abi.O_DSYNC, Abi.FASYNC, Abi.O_DIRECT, Abi.O_LARGEFILE,
    Abi.O_DIRECTORY, Abi.O_NOFOLLOW, Abi.O_NOATIME, Abi.O_CLOEXEC, Abi.O_PATH};

  static String openFlags(int v) {
    String acc = new String[] {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"}[v & 3];
    int rest = v & ~3;
    return rest == 0 ? acc : acc + "|" + flags(rest, OPEN_NAMES, OPEN_BITS);
  }

  static String prot(int v) {
    return v == 0 ? "PROT_NONE" : flags(v, new String[] {"PROT_READ", "PROT_WRITE", "PROT_EXEC"},
        new long[] {1, 2, 4});
  }

  static String mmapFlags(int v) {
    String type;
    switch (v & Abi.MAP_TYPE) {
      case Abi.MAP_SHARED:
        type = "MAP_SHARED";
        break;
      case Abi.MAP_PRIVATE:
        type = "MAP_PRIVATE";
        break;
      case Abi.MAP_SHARED_VALIDATE:
        type = "MAP_SHARED_VALIDATE";
        break;
      default:
        type = "0x" + Integer.toHexString(v & Abi.MAP_TYPE);
    }
    int rest = v & ~Abi.MAP_TYPE;
    return rest == 0 ? type : type + "|" + flags(rest,
        new String[] {"MAP_FIXED", "MAP_ANONYMOUS", "MAP_GROWSDOWN", "MAP_DENYWRITE",
          "MAP_EXECUTABLE", "MAP_NORESERVE", "MAP_POPULATE", "MAP_STACK", "MAP_FIXED_NOREPLACE"},
        new long[] {0x10, 0x20, 0x100, 0x800, 0x1000, 0x4000, 0x8000, 0x20000, 0x100000});
  }

  private static final String[] CLOCKS = {"CLOCK_REALTIME", "CLOCK_MONOTONIC",
    "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW",
    "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME", "CLOCK_REALTIME_ALARM",
    "CLOCK_BOOTTIME_ALARM", "CLOCK_SGI_CYCLE", "CLOCK_TAI"};

  static String clock(int v) {
    return v >= 0 && v < CLOCKS.length ? CLOCKS[v] : Integer.toString(v);
  }

  static String atFlags(int v) {
    return v == 0 ? "0" : flags(v & 0xffffffffL,
        new String[] {"AT_SYMLINK_NOFOLLOW", "AT_REMOVEDIR", "AT_SYMLINK_FOLLOW",
          "AT_NO_AUTOMOUNT", "AT_EMPTY_PATH"},
        new long[] {0x100, 0x200, 0x400, 0x800, 0x1000});
  }

  static String fcntlCommand(int v) {
    switch (v) {
      case Abi.F_DUPFD:
        return "F_DUPFD";
      case Abi.F_GETFD:
        return "F_GETFD";
      case Abi.F_SETFD:
        return "F_SETFD";
      case Abi.F_GETFL:
        return "F_GETFL";
      case Abi.F_SETFL:
        return "F_SETFL";
      case Abi.F_GETLK:
        return "F_GETLK";
      case Abi.F_SETLK:
        return "F_SETLK";
      case Abi.F_SETLKW:
        return "F_SETLKW";
      case Abi.F_DUPFD_CLOEXEC:
        return "F_DUPFD_CLOEXEC";
      default:
        return Integer.toString(v);
    }
  }

  static String ioctlRequest(int v) {
    switch (v) {
      case Abi.TCGETS:
        return "TCGETS";
      case Abi.TCSETS:
        return "TCSETS";
      case Abi.TCSETSW:
        return "TCSETSW";
      case Abi.TCSETSF:
        return "TCSETSF";
      case Abi.TIOCGPGRP:
        return "TIOCGPGRP";
      case Abi.TIOCGWINSZ:
        return "TIOCGWINSZ";
      case Abi.TIOCSWINSZ:
        return "TIOCSWINSZ";
      case Abi.FIONREAD:
        return "FIONREAD";
      case Abi.FIONBIO:
        return "FIONBIO";
      case Abi.FIOCLEX:
        return "FIOCLEX";
      case Abi.FIONCLEX:
        return "FIONCLEX";
      default:
        return "0x" + Integer.toHexString(v);
    }
  }

  private static final String[] SIGNALS = {"0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL",
    "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2",
    "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
    "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
    "SIGIO", "SIGPWR", "SIGSYS"};

  static String signal(int v) {
    if (v > 0 && v < SIGNALS.length) {
      return SIGNALS[v];
    }
    return v >= 32 && v <= 64 ? "SIGRT_" + (v - 32) : Integer.toString(v);
  }

  private static final String[] FUTEX_OPS = {"FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD",
    "FUTEX_REQUEUE", "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP", "FUTEX_LOCK_PI", "FUTEX_UNLOCK_PI",
    "FUTEX_TRYLOCK_PI", "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET"};

  static String futexOp(int v) {
    int cmd = v & 0x7f;
    String s = cmd < FUTEX_OPS.length ? FUTEX_OPS[cmd] : Integer.toString(cmd);
    if ((v & 128) != 0) {
      s += "_PRIVATE";
    }
    if ((v & 256) != 0) {
      s += "|FUTEX_CLOCK_REALTIME";
    }
    return s;
  }

  private static final String[] RESOURCES = {"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA",
    "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE",
    "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE",
    "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME"};
}
