package dev.rvjit.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Clocks, sleeping, times and getrusage. */
class TimeSyscallTest extends AbstractSyscallTest {
  @Test
  void everyLinuxClockIdButTen() {
    long ts = alloc(16);
    for (int id = 0; id <= 11; id++) {
      long r = call(Sysno.CLOCK_GETTIME, id, ts);
      if (id == 10) {
        assertEquals(-Errno.EINVAL, r);
        assertEquals(-Errno.EINVAL, call(Sysno.CLOCK_GETRES, id, ts));
      } else {
        assertEquals(0, r, "clock " + id);
        assertTrue(i64(ts + 8) >= 0 && i64(ts + 8) < 1_000_000_000L);
        assertEquals(0, call(Sysno.CLOCK_GETRES, id, ts));
        assertEquals(0, i64(ts));
        long res = i64(ts + 8);
        assertEquals(id == 5 || id == 6 ? 4_000_000 : 1, res, "resolution of clock " + id);
      }
    }
    for (long id : new long[] {12, 100, -1, -9, 0x7fffffffL}) {
      assertEquals(-Errno.EINVAL, call(Sysno.CLOCK_GETTIME, id, ts), "clock " + id);
    }
    assertEquals(0, call(Sysno.CLOCK_GETRES, 0, 0), "NULL res is allowed");
    assertEquals(-Errno.EFAULT, call(Sysno.CLOCK_GETTIME, 0, 0));
  }

  @Test
  void ownCpuClocks() {
    long ts = alloc(16);
    assertEquals(0, call(Sysno.CLOCK_GETTIME, -2, ts)); // thread, SCHED
    assertEquals(0, call(Sysno.CLOCK_GETTIME, -6, ts)); // process, SCHED
    assertEquals(0, call(Sysno.CLOCK_GETRES, -3, ts));
    assertEquals(4_000_000, i64(ts + 8));
    long otherPid = ~(123456789L << 3) | 2;
    assertEquals(-Errno.EINVAL, call(Sysno.CLOCK_GETTIME, (int) otherPid, ts));
  }

  @Test
  void realtimeAndMonotonic() {
    long ts = alloc(16);
    call(Sysno.CLOCK_GETTIME, 0, ts);
    long now = System.currentTimeMillis() / 1000;
    assertTrue(Math.abs(i64(ts) - now) <= 1);
    long tv = alloc(16);
    long tz = alloc(8);
    assertEquals(0, call(Sysno.GETTIMEOFDAY, tv, tz));
    assertTrue(Math.abs(i64(tv) - now) <= 1);
    assertTrue(i64(tv + 8) < 1_000_000);
    call(Sysno.CLOCK_GETTIME, 1, ts);
    long a = i64(ts) * 1_000_000_000L + i64(ts + 8);
    call(Sysno.CLOCK_GETTIME, 1, ts);
    long b = i64(ts) * 1_000_000_000L + i64(ts + 8);
    assertTrue(b >= a);
  }

  @Test
  void nanosleepSleepsAndValidates() {
    long req = alloc(16);
    put64(req, 0);
    put64(req + 8, 20_000_000);
    long t0 = System.nanoTime();
    assertEquals(0, call(Sysno.NANOSLEEP, req, 0));
    assertTrue(System.nanoTime() - t0 >= 20_000_000);
    put64(req + 8, 1_000_000_000L);
    assertEquals(-Errno.EINVAL, call(Sysno.NANOSLEEP, req, 0));
    put64(req + 8, 1000);
    assertEquals(0, call(Sysno.CLOCK_NANOSLEEP, 1, 0, req, 0));
    assertEquals(-Errno.EINVAL, call(Sysno.CLOCK_NANOSLEEP, 10, 0, req, 0));
    // An absolute time in the past returns at once.
    assertEquals(0, call(Sysno.CLOCK_NANOSLEEP, 1, Abi.TIMER_ABSTIME, req, 0));
  }

  @Test
  void timesAndRusage() {
    long buf = alloc(144);
    assertTrue(call(Sysno.TIMES, buf) > 0);
    assertTrue(i64(buf) >= 0);
    assertEquals(0, call(Sysno.GETRUSAGE, 0, buf));
    assertTrue(i64(buf + 8) < 1_000_000);
    assertTrue(i64(buf + 32) > 0, "maxrss");
    assertEquals(-Errno.EINVAL, call(Sysno.GETRUSAGE, 5, buf));
  }

  @Test
  void sysinfo() {
    long buf = alloc(112);
    assertEquals(0, call(Sysno.SYSINFO, buf));
    assertTrue(i64(buf + 32) > 0, "totalram");
    assertEquals(1, i32(buf + 104), "mem_unit");
  }
}
