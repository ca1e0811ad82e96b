package dev.rvjit.linux;

import dev.rvjit.memory.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Process-level system calls: identity (pids, uids), uname, sysinfo, resource limits, signal
 * bookkeeping (no delivery yet), the scheduler, futexes for one thread, getrandom and the two
 * riscv-specific calls (riscv_hwprobe and riscv_flush_icache).
 *
 * <p>Like qemu-riscv64, the guest sees the host's pid, uids, kernel release, host name, memory
 * figures and (soft and hard) resource limits; RLIMIT_STACK's soft limit is always 8 MiB.
 */
final class ProcessSyscalls {
  static final int NSIG = 64;
  static final int RLIM_NLIMITS = 16;
  static final int RLIMIT_STACK = 3;
  static final int RLIMIT_NOFILE = 7;
  private static final int SIGKILL = 9;
  private static final int SIGSTOP = 19;
  /** Size of the riscv64 kernel {@code struct sigaction}: handler, flags, mask. */
  static final int SIGACTION_SIZE = 24;

  private final GuestProcess p;
  private final Memory mem;
  private final FdTable fds;
  final long pid = ProcessHandle.current().pid();
  private final long ppid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
  private final int uid;
  private final int gid;
  /** Recorded signal actions, raw 24-byte kernel structs (null = SIG_DFL). */
  private final byte[][] actions = new byte[NSIG + 1][];
  /** Blocked-signal mask (bit n-1 = signal n). */
  long sigmask;
  private long altSp;
  private long altSize;
  private int altFlags = 2; // SS_DISABLE
  /** Address set by set_tid_address (cleared on thread exit under Linux). */
  long clearChildTid;
  private final long[][] limits = new long[RLIM_NLIMITS][];

  ProcessSyscalls(GuestProcess p, FdTable fds) {
    this.p = p;
    this.mem = p.mem;
    this.fds = fds;
    int u = 0;
    int g = 0;
    try {
      u = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      g = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
    } catch (IOException | RuntimeException e) {
      // No /proc: report root, as a container would.
    }
    uid = u;
    gid = g;
    initLimits();
    fds.limit = fdLimit(limits[RLIMIT_NOFILE][0]);
  }

  // ---------------------------------------------------------------- identity

  long getpid() {
    return pid;
  }

  long getppid() {
    return ppid;
  }

  long getuid() {
    return uid;
  }

  long getgid() {
    return gid;
  }

  /** getcpu: always CPU 0 on node 0. */
  long getcpu(long cpu, long node) {
    if (cpu != 0) {
      GuestData.writeInt(mem, cpu, 0);
    }
    if (node != 0) {
      GuestData.writeInt(mem, node, 0);
    }
    return 0;
  }

  long setTidAddress(long addr) {
    clearChildTid = addr;
    return pid;
  }

  // ---------------------------------------------------------------- uname, sysinfo

  private static String procText(String file, String dflt) {
    try {
      return Files.readString(Path.of(file)).trim();
    } catch (IOException | RuntimeException e) {
      return dflt;
    }
  }

  long uname(long buf) {
    ByteBuffer b = GuestData.struct(6 * 65);
    String[] fields = {
      "Linux",
      procText("/proc/sys/kernel/hostname", "localhost"),
      procText("/proc/sys/kernel/osrelease", System.getProperty("os.version", "6.0.0")),
      procText("/proc/sys/kernel/version", "#1 SMP"),
      "riscv64",
      procText("/proc/sys/kernel/domainname", "(none)")
    };
    for (int i = 0; i < fields.length; i++) {
      byte[] s = fields[i].getBytes(StandardCharsets.UTF_8);
      b.put(65 * i, s, 0, Math.min(s.length, 64));
    }
    GuestData.write(mem, buf, b);
    return 0;
  }

  long sysinfo(long buf) {
    ByteBuffer b = GuestData.struct(112);
    String up = procText("/proc/uptime", "");
    long uptime = up.isEmpty() ? System.nanoTime() / 1_000_000_000L
        : (long) Double.parseDouble(up.split("\\s+")[0]);
    b.putLong(0, uptime);
    String[] load = procText("/proc/loadavg", "0 0 0").split("\\s+");
    for (int i = 0; i < 3 && i < load.length; i++) {
      b.putLong(8 + 8 * i, (long) (Double.parseDouble(load[i]) * 65536));
    }
    long total = Runtime.getRuntime().maxMemory();
    long free = total / 2;
    long shared = 0;
    long buffers = 0;
    long swapTotal = 0;
    long swapFree = 0;
    for (String line : procText("/proc/meminfo", "").split("\n")) {
      String[] f = line.split("\\s+");
      if (f.length < 2) {
        continue;
      }
      long kb = Long.parseLong(f[1]) * 1024;
      switch (f[0]) {
        case "MemTotal:":
          total = kb;
          break;
        case "MemFree:":
          free = kb;
          break;
        case "Shmem:":
          shared = kb;
          break;
        case "Buffers:":
          buffers = kb;
          break;
        case "SwapTotal:":
          swapTotal = kb;
          break;
        case "SwapFree:":
          swapFree = kb;
          break;
        default:
          break;
      }
    }
    b.putLong(32, total);
    b.putLong(40, free);
    b.putLong(48, shared);
    b.putLong(56, buffers);
    b.putLong(64, swapTotal);
    b.putLong(72, swapFree);
    b.putShort(80, (short) 1);
    b.putInt(104, 1);
    GuestData.write(mem, buf, b);
    return 0;
  }

  // ---------------------------------------------------------------- resource limits

  private void initLimits() {
    for (int i = 0; i < RLIM_NLIMITS; i++) {
      limits[i] = new long[] {-1, -1};
    }
    limits[4] = new long[] {0, -1}; // RLIMIT_CORE
    limits[RLIMIT_NOFILE] = new long[] {1024, 4096};
    limits[8] = new long[] {8L << 20, 8L << 20}; // RLIMIT_MEMLOCK
    limits[13] = new long[] {0, 0}; // RLIMIT_NICE
    limits[14] = new long[] {0, 0}; // RLIMIT_RTPRIO
    // The host's limits, as qemu-riscv64 passes them through (/proc/self/limits, in rlimit order).
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc/self/limits"));
    } catch (IOException | RuntimeException e) {
      lines = List.of();
    }
    for (int i = 1, r = 0; i < lines.size() && r < RLIM_NLIMITS; i++, r++) {
      String l = lines.get(i);
      if (l.length() < 26) {
        continue;
      }
      String[] f = l.substring(26).trim().split("\\s+");
      if (f.length >= 2) {
        limits[r] = new long[] {limitValue(f[0]), limitValue(f[1])};
      }
    }
    limits[RLIMIT_STACK][0] = 8L << 20;
    // Every guest fd may hold a host fd: the guest's ceiling is rvjit's, never the JVM's own.
    long cap = p.maxFds;
    long[] nofile = limits[RLIMIT_NOFILE];
    nofile[1] = Long.compareUnsigned(nofile[1], cap) > 0 ? cap : nofile[1];
    nofile[0] = Long.compareUnsigned(nofile[0], nofile[1]) > 0 ? nofile[1] : nofile[0];
  }

  /** The fd table size for an RLIMIT_NOFILE soft limit (unsigned; capped at 2^20 like nr_open). */
  private static int fdLimit(long soft) {
    return Long.compareUnsigned(soft, 1 << 20) > 0 ? 1 << 20 : (int) soft;
  }

  private static long limitValue(String s) {
    if (s.equals("unlimited")) {
      return -1;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  long prlimit64(long whom, long resource, long newLimit, long oldLimit) {
    if (whom != 0 && whom != pid) {
      throw new SyscallError(Errno.ESRCH);
    }
    if (resource < 0 || resource >= RLIM_NLIMITS) {
      throw new SyscallError(Errno.EINVAL);
    }
    long[] nv = null;
    if (newLimit != 0) {
      nv = new long[] {GuestData.readLong(mem, newLimit), GuestData.readLong(mem, newLimit + 8)};
      if (Long.compareUnsigned(nv[0], nv[1]) > 0) {
        throw new SyscallError(Errno.EINVAL);
      }
      if (Long.compareUnsigned(nv[1], limits[(int) resource][1]) > 0
          && (uid != 0 || resource == RLIMIT_NOFILE)) {
        throw new SyscallError(Errno.EPERM);
      }
    }
    if (oldLimit != 0) {
      GuestData.writeLongs(mem, oldLimit, limits[(int) resource][0], limits[(int) resource][1]);
    }
    if (nv != null) {
      limits[(int) resource] = nv;
      if (resource == RLIMIT_NOFILE) {
        fds.limit = fdLimit(nv[0]);
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------- signals (bookkeeping only)

  long rtSigaction(long sig, long act, long oldact, long sigsetsize) {
    if (sigsetsize != 8 || sig < 1 || sig > NSIG
        || (act != 0 && (sig == SIGKILL || sig == SIGSTOP))) {
      throw new SyscallError(Errno.EINVAL);
    }
    byte[] nv = act != 0 ? mem.read(act, SIGACTION_SIZE) : null;
    if (oldact != 0) {
      byte[] old = actions[(int) sig];
      mem.write(oldact, old != null ? old : new byte[SIGACTION_SIZE], 0, SIGACTION_SIZE);
    }
    if (nv != null) {
      actions[(int) sig] = nv;
    }
    return 0;
  }

  /** The handler address recorded for a signal (0 = SIG_DFL, 1 = SIG_IGN). */
  long handlerOf(int sig) {
    byte[] a = actions[sig];
    return a == null ? 0 : ByteBuffer.wrap(a).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
  }

  long rtSigprocmask(long how, long set, long oldset, long sigsetsize) {
    if (sigsetsize != 8) {
      throw new SyscallError(Errno.EINVAL);
    }
    long nv = sigmask;
    if (set != 0) {
      long s = GuestData.readLong(mem, set);
      switch ((int) how) {
        case 0:
          nv |= s;
          break;
        case 1:
          nv &= ~s;
          break;
        case 2:
          nv = s;
          break;
        default:
          throw new SyscallError(Errno.EINVAL);
      }
    }
    if (oldset != 0) {
      GuestData.writeLong(mem, oldset, sigmask);
    }
    sigmask = nv & ~((1L << (SIGKILL - 1)) | (1L << (SIGSTOP - 1)));
    return 0;
  }

  long sigaltstack(long ss, long oldss) {
    long[] nv = null;
    if (ss != 0) {
      ByteBuffer b = ByteBuffer.wrap(mem.read(ss, 24)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      int flags = b.getInt(8);
      if ((flags & ~(2 | 0x80000000)) != 0) {
        throw new SyscallError(Errno.EINVAL);
      }
      long size = b.getLong(16);
      if ((flags & 2) == 0 && size < 2048) {
        throw new SyscallError(Errno.ENOMEM);
      }
      nv = new long[] {b.getLong(0), flags, size};
    }
    if (oldss != 0) {
      ByteBuffer b = GuestData.struct(24);
      b.putLong(0, altSp);
      b.putInt(8, altFlags);
      b.putLong(16, altSize);
      GuestData.write(mem, oldss, b);
    }
    if (nv != null) {
      altSp = nv[0];
      altFlags = (int) nv[1];
      altSize = nv[2];
    }
    return 0;
  }

  /**
   * A signal the guest sends itself (kill, tkill, tgkill). There is no delivery to handlers yet:
   * an ignored, blocked or default-ignored signal does nothing; one with a guest handler is
   * dropped (and counted in the unsupported statistics); one whose default action terminates
   * ends the guest with {@link FatalSignal}. Other processes cannot be signalled (EPERM).
   */
  long sendToSelf(long target, long sig) {
    if (sig < 0 || sig > NSIG) {
      throw new SyscallError(Errno.EINVAL);
    }
    if (target != pid && target != 0) {
      throw new SyscallError(target <= 0 ? Errno.EPERM : Errno.ESRCH);
    }
    if (sig == 0) {
      return 0;
    }
    int s = (int) sig;
    long handler = handlerOf(s);
    boolean blocked = s != SIGKILL && s != SIGSTOP && (sigmask & (1L << (s - 1))) != 0;
    if (handler == 1 && s != SIGKILL && s != SIGSTOP || blocked) {
      return 0; // SIG_IGN, or pending until unblocked (never delivered)
    }
    if (handler > 1 && s != SIGKILL && s != SIGSTOP) {
      p.unsupportedSyscalls.merge("signal delivery (" + SyscallTracer.signal(s) + ")", 1L,
          Long::sum);
      return 0;
    }
    switch (s) {
      case 17: // SIGCHLD
      case 18: // SIGCONT
      case 23: // SIGURG
      case 28: // SIGWINCH
      case 19: // SIGSTOP: stopping has no meaning without a job-control shell
      case 20: // SIGTSTP
      case 21: // SIGTTIN
      case 22: // SIGTTOU
        return 0;
      default:
        throw new FatalSignal(s);
    }
  }

  // ---------------------------------------------------------------- scheduler, futex, random

  long schedGetaffinity(long who, long len, long mask) {
    if (who != 0 && who != pid) {
      throw new SyscallError(Errno.ESRCH);
    }
    if (len < 8 || (len & 7) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    GuestData.writeLong(mem, mask, 1); // one CPU
    return 8;
  }

  long futex(long uaddr, long op, long val, long timeout, long uaddr2, long val3) {
    int cmd = (int) op & 0x7f;
    if (cmd != 1 && cmd != 10 && (uaddr & 3) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    switch (cmd) {
      case 0: // FUTEX_WAIT
      case 9: { // FUTEX_WAIT_BITSET
        if (cmd == 9 && (int) val3 == 0) {
          throw new SyscallError(Errno.EINVAL);
        }
        int cur = GuestData.readInt(mem, uaddr);
        if (cur != (int) val) {
          throw new SyscallError(Errno.EAGAIN);
        }
        if (timeout == 0) {
          throw new GuestDeadlock(String.format(
              "futex wait at 0x%x (value %d) with no timeout, and no other thread to wake it",
              uaddr, cur));
        }
        long t = GuestData.readTimespecNanos(mem, timeout);
        if (cmd == 9) { // absolute, on CLOCK_MONOTONIC unless FUTEX_CLOCK_REALTIME
          boolean realtime = (op & 256) != 0;
          long now = realtime ? realtimeNanos() : System.nanoTime();
          t -= now;
        }
        TimeSyscalls.sleep(t);
        throw new SyscallError(Errno.ETIMEDOUT);
      }
      case 1: // FUTEX_WAKE
      case 10: // FUTEX_WAKE_BITSET
        return 0;
      case 3: // FUTEX_REQUEUE
        return 0;
      case 4: // FUTEX_CMP_REQUEUE
        if (GuestData.readInt(mem, uaddr) != (int) val3) {
          throw new SyscallError(Errno.EAGAIN);
        }
        return 0;
      case 5: // FUTEX_WAKE_OP: update *uaddr2; nobody waits, so 0 woken
        wakeOp(uaddr2, (int) val3);
        return 0;
      default:
        throw new SyscallError(Errno.ENOSYS);
    }
  }

  private void wakeOp(long uaddr2, int encoded) {
    int opcode = (encoded >>> 28) & 7;
    boolean shift = ((encoded >>> 28) & 8) != 0;
    int oparg = (encoded << 8) >> 20;
    if (shift) {
      oparg = 1 << (oparg & 31);
    }
    if ((uaddr2 & 3) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    int old = GuestData.readInt(mem, uaddr2);
    int nv;
    switch (opcode) {
      case 0:
        nv = oparg;
        break;
      case 1:
        nv = old + oparg;
        break;
      case 2:
        nv = old | oparg;
        break;
      case 3:
        nv = old & ~oparg;
        break;
      case 4:
        nv = old ^ oparg;
        break;
      default:
        throw new SyscallError(Errno.ENOSYS);
    }
    GuestData.writeInt(mem, uaddr2, nv);
  }

  /** Realtime clock in nanoseconds (for absolute futex timeouts). */
  private static long realtimeNanos() {
    java.time.Instant n = java.time.Instant.now();
    return n.getEpochSecond() * 1_000_000_000L + n.getNano();
  }

  long getrandom(long buf, long len, long flags) {
    if ((flags & ~7L) != 0 || (flags & 6) == 6) {
      throw new SyscallError(Errno.EINVAL);
    }
    int n = (int) Math.min(Math.max(len, 0), 33554431);
    GuestData.checkWritable(mem, buf, n);
    byte[] b = new byte[n];
    HostRandom.fill(b);
    mem.write(buf, b, 0, n);
    return n;
  }

  /**
   * riscv_hwprobe: vendor/arch/impl ids 0, base behaviour IMA, IMA_EXT_0 = FD | C, CPUPERF_0
   * unknown, Zicboz block size 0; any other key answers key -1, value 0 (as Linux does).
   */
  long riscvHwprobe(long pairs, long count, long cpusetsize, long cpus, long flags) {
    if (flags != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    if (count < 0 || count > (1 << 20)) {
      throw new SyscallError(Errno.EINVAL);
    }
    for (long i = 0; i < count; i++) {
      long a = pairs + 16 * i;
      long key = GuestData.readLong(mem, a);
      long value;
      switch ((int) key == key ? (int) key : -1) {
        case 0: // MVENDORID
        case 1: // MARCHID
        case 2: // MIMPID
          value = 0;
          break;
        case 3: // BASE_BEHAVIOR
          value = 1; // BASE_BEHAVIOR_IMA
          break;
        case 4: // IMA_EXT_0
          value = 1 | 2; // IMA_FD | IMA_C
          break;
        case 5: // CPUPERF_0
        case 6: // ZICBOZ_BLOCK_SIZE
          value = 0;
          break;
        default:
          key = -1;
          value = 0;
          break;
      }
      GuestData.writeLongs(mem, a, key, value);
    }
    return 0;
  }

  /** riscv_flush_icache: asks the engine to drop cached translations (flags must be 0 or 1). */
  long riscvFlushIcache(long start, long end, long flags) {
    if ((flags & ~1L) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    Runnable hook = p.flushIcache;
    if (hook != null) {
      hook.run();
    }
    return 0;
  }
}
