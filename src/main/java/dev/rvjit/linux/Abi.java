package dev.rvjit.linux;

/**
 * Constants of the riscv64 Linux user ABI (asm-generic values) that the syscall layer needs:
 * open and {@code *at} flags, file types, memory-mapping flags, clock ids and ioctl requests.
 */
final class Abi {
  private Abi() {}

  // open(2) flags (asm-generic/fcntl.h, octal in the headers).
  static final int O_RDONLY = 0;
  static final int O_WRONLY = 1;
  static final int O_RDWR = 2;
  static final int O_ACCMODE = 3;
  static final int O_CREAT = 0x40;
  static final int O_EXCL = 0x80;
  static final int O_NOCTTY = 0x100;
  static final int O_TRUNC = 0x200;
  static final int O_APPEND = 0x400;
  static final int O_NONBLOCK = 0x800;
  static final int O_DSYNC = 0x1000;
  static final int FASYNC = 0x2000;
  static final int O_DIRECT = 0x4000;
  static final int O_LARGEFILE = 0x8000;
  static final int O_DIRECTORY = 0x10000;
  static final int O_NOFOLLOW = 0x20000;
  static final int O_NOATIME = 0x40000;
  static final int O_CLOEXEC = 0x80000;
  static final int O_SYNC = 0x101000;
  static final int O_PATH = 0x200000;
  static final int O_TMPFILE = 0x410000;
  /** Status flags F_SETFL may change. */
  static final int SETFL_MASK = O_APPEND | O_NONBLOCK | FASYNC | O_DIRECT | O_NOATIME;

  // *at(2) flags.
  static final int AT_FDCWD = -100;
  static final int AT_SYMLINK_NOFOLLOW = 0x100;
  static final int AT_REMOVEDIR = 0x200;
  static final int AT_EACCESS = 0x200;
  static final int AT_SYMLINK_FOLLOW = 0x400;
  static final int AT_NO_AUTOMOUNT = 0x800;
  static final int AT_EMPTY_PATH = 0x1000;
  static final int AT_STATX_SYNC_TYPE = 0x6000;

  // fcntl(2) commands and fd flags.
  static final int F_DUPFD = 0;
  static final int F_GETFD = 1;
  static final int F_SETFD = 2;
  static final int F_GETFL = 3;
  static final int F_SETFL = 4;
  static final int F_GETLK = 5;
  static final int F_SETLK = 6;
  static final int F_SETLKW = 7;
  static final int F_DUPFD_CLOEXEC = 1030;
  static final int FD_CLOEXEC = 1;
  static final int F_UNLCK = 2;

  // lseek(2) whence.
  static final int SEEK_SET = 0;
  static final int SEEK_CUR = 1;
  static final int SEEK_END = 2;
  static final int SEEK_DATA = 3;
  static final int SEEK_HOLE = 4;

  // st_mode file types and d_type values.
  static final int S_IFMT = 0xf000;
  static final int S_IFIFO = 0x1000;
  static final int S_IFCHR = 0x2000;
  static final int S_IFDIR = 0x4000;
  static final int S_IFBLK = 0x6000;
  static final int S_IFREG = 0x8000;
  static final int S_IFLNK = 0xa000;
  static final int S_IFSOCK = 0xc000;

  // mmap(2) and friends.
  static final int PROT_NONE = 0;
  static final int PROT_READ = 1;
  static final int PROT_WRITE = 2;
  static final int PROT_EXEC = 4;
  static final int PROT_GROWSDOWN = 0x01000000;
  static final int PROT_GROWSUP = 0x02000000;
  static final int MAP_SHARED = 1;
  static final int MAP_PRIVATE = 2;
  static final int MAP_SHARED_VALIDATE = 3;
  static final int MAP_TYPE = 0xf;
  static final int MAP_FIXED = 0x10;
  static final int MAP_ANONYMOUS = 0x20;
  static final int MAP_NORESERVE = 0x4000;
  static final int MAP_POPULATE = 0x8000;
  static final int MAP_FIXED_NOREPLACE = 0x100000;
  static final int MREMAP_MAYMOVE = 1;
  static final int MREMAP_FIXED = 2;
  static final int MREMAP_DONTUNMAP = 4;
  static final int MADV_DONTNEED = 4;
  static final int MADV_FREE = 8;

  // Clock ids.
  static final int CLOCK_REALTIME = 0;
  static final int CLOCK_MONOTONIC = 1;
  static final int CLOCK_PROCESS_CPUTIME_ID = 2;
  static final int CLOCK_THREAD_CPUTIME_ID = 3;
  static final int CLOCK_MONOTONIC_RAW = 4;
  static final int CLOCK_REALTIME_COARSE = 5;
  static final int CLOCK_MONOTONIC_COARSE = 6;
  static final int CLOCK_BOOTTIME = 7;
  static final int CLOCK_REALTIME_ALARM = 8;
  static final int CLOCK_BOOTTIME_ALARM = 9;
  static final int CLOCK_TAI = 11;
  static final int TIMER_ABSTIME = 1;

  // ioctl(2) requests (asm-generic/ioctls.h).
  static final int TCGETS = 0x5401;
  static final int TCSETS = 0x5402;
  static final int TCSETSW = 0x5403;
  static final int TCSETSF = 0x5404;
  static final int TIOCGPGRP = 0x540f;
  static final int TIOCGWINSZ = 0x5413;
  static final int TIOCSWINSZ = 0x5414;
  static final int FIONREAD = 0x541b;
  static final int FIONBIO = 0x5421;
  static final int FIONCLEX = 0x5450;
  static final int FIOCLEX = 0x5451;

  /** Rounds {@code v} up to a multiple of the 4 KiB page size. */
  static long pageUp(long v) {
    return (v + 0xfff) & ~0xfffL;
  }
}
