package dev.rvjit.linux;

import dev.rvjit.memory.Memory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;

/**
 * Clocks and sleeping: clock_gettime, clock_getres, gettimeofday, nanosleep, clock_nanosleep,
 * times and getrusage.
 *
 * <p>Clock ids 0–9 and 11 are valid (10, the removed CLOCK_SGI_CYCLE, is EINVAL, as is anything
 * else). So are the dynamic CPU-clock ids of the own process or thread (pid 0 or the own pid,
 * type PROF, VIRT or SCHED). The realtime clocks come from {@link Instant#now()}, the monotonic
 * ones from {@link System#nanoTime()} (CLOCK_MONOTONIC of the host on Linux), and the CPU clocks
 * from the CPU time of the thread running the guest. The coarse and tick-based clocks report a
 * resolution of 4 ms (a 250 Hz kernel), the others 1 ns.
 *
 * <p>Note: on hosts without an RTC alarm device Linux answers EINVAL for the two ALARM clocks
 * (8 and 9), and qemu-riscv64 passes that through; rvjit always accepts them.
 */
final class TimeSyscalls {
  private static final long COARSE_NANOS = 4_000_000L;
  /**
   * The thread MXBean, made at the first CPU-time clock read rather than when the class loads:
   * {@code java.lang.management} costs milliseconds of start-up that most guests never need.
   */
  private static final class Threads {
    static final ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();
  }
  private final Memory mem;
  private final long pid;

  TimeSyscalls(Memory mem, long pid) {
    this.mem = mem;
    this.pid = pid;
  }

  /** CPU time of the guest's thread, in nanoseconds. */
  static long cpuNanos() {
    try {
      long t = Threads.BEAN.getCurrentThreadCpuTime();
      return t >= 0 ? t : System.nanoTime();
    } catch (UnsupportedOperationException e) {
      return System.nanoTime();
    }
  }

  private static long realtimeNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** True if {@code id} is a dynamic CPU clock of this process or thread. */
  private boolean ownCpuClock(int id) {
    if (id >= 0 || (id & 3) == 3) {
      return false;
    }
    long who = ~(id >> 3);
    return who == 0 || who == pid;
  }

  /** The current value of a clock in nanoseconds; EINVAL for an invalid id. */
  long now(int id) {
    switch (id) {
      case Abi.CLOCK_REALTIME:
      case Abi.CLOCK_REALTIME_COARSE:
      case Abi.CLOCK_REALTIME_ALARM:
      case Abi.CLOCK_TAI:
        return realtimeNanos();
      case Abi.CLOCK_MONOTONIC:
      case Abi.CLOCK_MONOTONIC_RAW:
      case Abi.CLOCK_MONOTONIC_COARSE:
      case Abi.CLOCK_BOOTTIME:
      case Abi.CLOCK_BOOTTIME_ALARM:
        return System.nanoTime();
      case Abi.CLOCK_PROCESS_CPUTIME_ID:
      case Abi.CLOCK_THREAD_CPUTIME_ID:
        return cpuNanos();
      default:
        if (ownCpuClock(id)) {
          return cpuNanos();
        }
        throw new SyscallError(Errno.EINVAL);
    }
  }

  /** The resolution of a valid clock in nanoseconds. */
  long resolution(int id) {
    now(id);
    if (id == Abi.CLOCK_REALTIME_COARSE || id == Abi.CLOCK_MONOTONIC_COARSE) {
      return COARSE_NANOS;
    }
    if (id < 0 && (id & 3) != 2) {
      return COARSE_NANOS; // PROF and VIRT CPU clocks tick with the scheduler
    }
    return 1;
  }

  long clockGettime(long id, long tp) {
    long t = now((int) id);
    GuestData.writeTimespec(mem, tp, t, false);
    return 0;
  }

  long clockGetres(long id, long res) {
    long r = resolution((int) id);
    if (res != 0) {
      GuestData.writeTimespec(mem, res, r, false);
    }
    return 0;
  }

  long gettimeofday(long tv, long tz) {
    if (tv != 0) {
      GuestData.writeTimespec(mem, tv, realtimeNanos(), true);
    }
    if (tz != 0) {
      GuestData.writeLongs(mem, tz, 0); // tz_minuteswest = tz_dsttime = 0
    }
    return 0;
  }

  long nanosleep(long req, long rem) {
    sleep(GuestData.readTimespecNanos(mem, req));
    return 0;
  }

  long clockNanosleep(long id, long flags, long req, long rem) {
    int clock = (int) id;
    if (clock == Abi.CLOCK_THREAD_CPUTIME_ID || (clock < 0 && (clock & 4) != 0)) {
      throw new SyscallError(Errno.EINVAL);
    }
    long now = now(clock);
    if ((flags & ~(long) Abi.TIMER_ABSTIME) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    long t = GuestData.readTimespecNanos(mem, req);
    sleep((flags & Abi.TIMER_ABSTIME) != 0 ? t - now : t);
    return 0;
  }

  /** Sleeps for {@code nanos} (nothing if not positive). */
  static void sleep(long nanos) {
    if (nanos <= 0) {
      return;
    }
    long end = System.nanoTime() + nanos;
    try {
      for (long left = nanos; left > 0; left = end - System.nanoTime()) {
        Thread.sleep(left / 1_000_000L, (int) (left % 1_000_000L));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** times(2): CPU times in clock ticks (USER_HZ = 100); returns ticks since an arbitrary point. */
  long times(long buf) {
    long ticks = cpuNanos() / 10_000_000L;
    if (buf != 0) {
      GuestData.writeLongs(mem, buf, ticks, 0, 0, 0);
    }
    return System.nanoTime() / 10_000_000L;
  }

  /** getrusage(2): user time = the guest thread's CPU time; maximum RSS = mapped memory. */
  long getrusage(long who, long buf) {
    if (who != 0 && who != -1 && who != 1) {
      throw new SyscallError(Errno.EINVAL);
    }
    long[] v = new long[18];
    if (who != -1) {
      long cpu = cpuNanos();
      v[0] = cpu / 1_000_000_000L;
      v[1] = (cpu % 1_000_000_000L) / 1000;
      v[4] = mem.mappedBytes() / 1024;
    }
    GuestData.writeLongs(mem, buf, v);
    return 0;
  }
}
