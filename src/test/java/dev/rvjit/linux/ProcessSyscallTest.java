package dev.rvjit.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.cpu.GuestExit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Identity, uname, limits, signals, futex, random, hwprobe, exit and unknown calls. */
class ProcessSyscallTest extends AbstractSyscallTest {
  @Test
  void ids() {
    long pid = ProcessHandle.current().pid();
    assertEquals(pid, call(Sysno.GETPID));
    assertEquals(pid, call(Sysno.GETTID));
    assertEquals(pid, call(Sysno.SET_TID_ADDRESS, SCRATCH));
    assertTrue(call(Sysno.GETPPID) > 0);
    assertEquals(call(Sysno.GETUID), call(Sysno.GETEUID));
    assertEquals(call(Sysno.GETGID), call(Sysno.GETEGID));
  }

  @Test
  void unameFields() {
    long buf = alloc(390);
    assertEquals(0, call(Sysno.UNAME, buf));
    assertEquals("Linux", mem.readCString(buf, 65));
    assertEquals("riscv64", mem.readCString(buf + 4 * 65, 65));
    String release = mem.readCString(buf + 2 * 65, 65);
    assertTrue(release.matches("\\d+\\.\\d+.*"), release);
    assertTrue(!mem.readCString(buf + 65, 65).isEmpty());
    assertEquals(-Errno.EFAULT, call(Sysno.UNAME, 0));
  }

  @Test
  void prlimitStackIs8MiB() {
    long old = alloc(16);
    assertEquals(0, call(Sysno.PRLIMIT64, 0, ProcessSyscalls.RLIMIT_STACK, 0, old));
    assertEquals(8L << 20, i64(old));
    long nv = alloc(16);
    put64(nv, 1 << 20);
    put64(nv + 8, i64(old + 8));
    assertEquals(0, call(Sysno.PRLIMIT64, 0, ProcessSyscalls.RLIMIT_STACK, nv, old));
    assertEquals(0, call(Sysno.GETRLIMIT, ProcessSyscalls.RLIMIT_STACK, old));
    assertEquals(1 << 20, i64(old));
    assertEquals(-Errno.EINVAL, call(Sysno.PRLIMIT64, 0, 99, 0, old));
    put64(nv, 10);
    put64(nv + 8, 5);
    assertEquals(-Errno.EINVAL, call(Sysno.PRLIMIT64, 0, 0, nv, 0));
  }

  @Test
  void sigactionRecordsAndReturnsOldAction() {
    long act = alloc(24);
    long old = alloc(24);
    put64(act, 0x12345);
    put64(act + 8, 0x4000000);
    assertEquals(0, call(Sysno.RT_SIGACTION, 2, act, 0, 8));
    assertEquals(0, call(Sysno.RT_SIGACTION, 2, 0, old, 8));
    assertEquals(0x12345, i64(old));
    assertEquals(0x4000000, i64(old + 8));
    assertEquals(-Errno.EINVAL, call(Sysno.RT_SIGACTION, 9, act, 0, 8));
    assertEquals(-Errno.EINVAL, call(Sysno.RT_SIGACTION, 2, act, 0, 16));
    assertEquals(-Errno.EINVAL, call(Sysno.RT_SIGACTION, 65, 0, old, 8));
  }

  @Test
  void sigprocmaskAndAltstack() {
    long set = alloc(8);
    long old = alloc(8);
    put64(set, (1L << 1) | (1L << 8)); // SIGINT, SIGKILL
    assertEquals(0, call(Sysno.RT_SIGPROCMASK, 0, set, 0, 8));
    assertEquals(0, call(Sysno.RT_SIGPROCMASK, 2, 0, old, 8));
    assertEquals(1L << 1, i64(old), "SIGKILL cannot be blocked");
    assertEquals(-Errno.EINVAL, call(Sysno.RT_SIGPROCMASK, 7, set, 0, 8));
    long ss = alloc(24);
    assertEquals(0, call(Sysno.SIGALTSTACK, 0, ss));
    assertEquals(2, i32(ss + 8), "SS_DISABLE initially");
    put64(ss, 0x5000);
    put64(ss + 8, 0);
    put64(ss + 16, 100);
    assertEquals(-Errno.ENOMEM, call(Sysno.SIGALTSTACK, ss, 0));
  }

  @Test
  void affinityIsOneCpu() {
    long mask = alloc(128);
    assertEquals(8, call(Sysno.SCHED_GETAFFINITY, 0, 128, mask));
    assertEquals(1, i64(mask));
    assertEquals(-Errno.EINVAL, call(Sysno.SCHED_GETAFFINITY, 0, 4, mask));
    assertEquals(0, call(Sysno.SCHED_YIELD));
    mem.sw(mask, 7);
    assertEquals(0, call(Sysno.GETCPU, mask, 0, 0));
    assertEquals(0, i32(mask));
  }

  @Test
  void futexOneThread() {
    long word = alloc(8);
    mem.sw(word, 5);
    assertEquals(0, call(Sysno.FUTEX, word, 1, 1, 0, 0, 0));
    assertEquals(-Errno.EAGAIN, call(Sysno.FUTEX, word, 0 | 128, 4, 0, 0, 0));
    long ts = alloc(16);
    put64(ts, 0);
    put64(ts + 8, 1_000_000);
    assertEquals(-Errno.ETIMEDOUT, call(Sysno.FUTEX, word, 0, 5, ts, 0, 0));
    GuestDeadlock d = assertThrows(GuestDeadlock.class,
        () -> call(Sysno.FUTEX, word, 0, 5, 0, 0, 0));
    assertTrue(d.describe().startsWith("deadlock"), d.describe());
    assertEquals(124, d.exitStatus());
    assertEquals(-Errno.EINVAL, call(Sysno.FUTEX, word + 1, 0, 5, 0, 0, 0));
    assertEquals(-Errno.EFAULT, call(Sysno.FUTEX, 0x40, 0, 5, 0, 0, 0));
  }

  @Test
  void getrandomFillsBuffer() {
    long buf = alloc(64);
    assertEquals(64, call(Sysno.GETRANDOM, buf, 64, 0));
    assertEquals(8, call(Sysno.GETRANDOM, buf, 8, 1));
    assertEquals(-Errno.EINVAL, call(Sysno.GETRANDOM, buf, 8, 0x40));
  }

  @Test
  void hwprobe() {
    long pairs = alloc(64);
    put64(pairs, 3);
    put64(pairs + 16, 4);
    put64(pairs + 32, 9999);
    put64(pairs + 48, 0);
    assertEquals(0, call(Sysno.RISCV_HWPROBE, pairs, 4, 0, 0, 0));
    assertEquals(3, i64(pairs));
    assertEquals(1, i64(pairs + 8));
    assertEquals(4, i64(pairs + 16));
    assertEquals(3, i64(pairs + 24));
    assertEquals(-1, i64(pairs + 32));
    assertEquals(0, i64(pairs + 40));
    assertEquals(0, i64(pairs + 56));
    assertEquals(-Errno.EINVAL, call(Sysno.RISCV_HWPROBE, pairs, 1, 0, 0, 1));
  }

  @Test
  void flushIcacheRunsTheHook() {
    AtomicInteger n = new AtomicInteger();
    assertEquals(0, call(Sysno.RISCV_FLUSH_ICACHE, 0, 0, 0), "default hook does nothing");
    p.flushIcache = n::incrementAndGet;
    assertEquals(0, call(Sysno.RISCV_FLUSH_ICACHE, 0x1000, 0x2000, 1));
    assertEquals(1, n.get());
    assertEquals(-Errno.EINVAL, call(Sysno.RISCV_FLUSH_ICACHE, 0, 0, 2));
  }

  @Test
  void unknownCallsAreEnosysAndCounted() {
    assertEquals(-Errno.ENOSYS, call(9999));
    assertEquals(-Errno.ENOSYS, call(Sysno.RSEQ, SCRATCH, 32, 0, 0x53053053));
    assertEquals(-Errno.ENOSYS, call(Sysno.SET_ROBUST_LIST, SCRATCH, 24));
    assertEquals(-Errno.ENOSYS, call(-5));
    assertEquals(1L, p.unsupportedSyscalls.get("syscall_0x270f"));
    assertEquals(1L, p.unsupportedSyscalls.get("rseq"));
    assertEquals(1L, p.unsupportedSyscalls.get("set_robust_list"));
    assertEquals(0, err.size(), "silent without --strace");
    assertEquals(4, p.syscallCount);
  }

  @Test
  void umask() {
    assertEquals(022, call(Sysno.UMASK, 0777));
    assertEquals(0777, call(Sysno.UMASK, 01022));
    assertEquals(022, call(Sysno.UMASK, 0));
  }

  @Test
  void exitGroupFlushesAndThrows() {
    boolean[] flushed = new boolean[1];
    OutputStream o = new OutputStream() {
      @Override
      public void write(int b) {}

      @Override
      public void flush() throws IOException {
        flushed[0] = true;
      }
    };
    p = new GuestProcess(mem, h, System.in, o, err);
    sys = new LinuxSyscalls(p, false);
    GuestExit e = assertThrows(GuestExit.class, () -> call(Sysno.EXIT_GROUP, 3));
    assertEquals(3, e.status());
    assertTrue(flushed[0]);
    assertEquals(255, assertThrows(GuestExit.class, () -> call(Sysno.EXIT, -1)).status());
  }

  @Test
  void writeThenExitKeepsOutput() {
    call(Sysno.WRITE, 1, str("bye\n"), 4);
    assertThrows(GuestExit.class, () -> call(Sysno.EXIT_GROUP, 0));
    assertEquals("bye\n", out.toString());
  }

  @Test
  void signalsToSelf() {
    long pid = ProcessHandle.current().pid();
    assertEquals(0, call(Sysno.KILL, pid, 0));
    assertEquals(0, call(Sysno.TGKILL, pid, pid, 17), "SIGCHLD is ignored by default");
    long act = alloc(24);
    put64(act, 1); // SIG_IGN
    call(Sysno.RT_SIGACTION, 15, act, 0, 8);
    assertEquals(0, call(Sysno.KILL, pid, 15));
    put64(act, 0x4000); // a guest handler: not delivered yet, counted
    call(Sysno.RT_SIGACTION, 10, act, 0, 8);
    assertEquals(0, call(Sysno.TKILL, pid, 10));
    assertEquals(1L, p.unsupportedSyscalls.get("signal delivery (SIGUSR1)"));
    assertEquals(-Errno.EINVAL, call(Sysno.KILL, pid, 65));
    assertEquals(-Errno.ESRCH, call(Sysno.KILL, pid + 1_000_000, 6));
    FatalSignal f = assertThrows(FatalSignal.class, () -> call(Sysno.TGKILL, pid, pid, 6));
    assertEquals(134, f.exitStatus());
    assertEquals(6, f.signal());
    assertTrue(f.describe().contains("Aborted"), f.describe());
  }

  @Test
  void blockedSignalStaysPending() {
    long set = alloc(8);
    put64(set, 1L << 5); // SIGABRT
    call(Sysno.RT_SIGPROCMASK, 0, set, 0, 8);
    assertEquals(0, call(Sysno.KILL, 0, 6));
  }
}
