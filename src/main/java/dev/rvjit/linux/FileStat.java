package dev.rvjit.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * What stat(2) reports about a file, read from the host's {@code unix:*} attributes, and its
 * encodings as the riscv64 (asm-generic) {@code struct stat} (128 bytes) and {@code struct statx}
 * (256 bytes).
 *
 * <p>The JDK does not expose {@code st_blocks} or {@code st_blksize}: rvjit reports 4096 for the
 * block size and the size rounded up to whole 4 KiB blocks (in 512-byte units) for the block
 * count, which is exact for non-sparse files on the usual file systems.
 */
final class FileStat {
  /** Size of the asm-generic {@code struct stat}. */
  static final int STAT_SIZE = 128;
  /** Size of {@code struct statx}. */
  static final int STATX_SIZE = 256;
  /** STATX_BASIC_STATS: the fields rvjit fills. */
  static final int STATX_BASIC_STATS = 0x7ff;

  long dev;
  long ino;
  int mode;
  int nlink = 1;
  int uid;
  int gid;
  long rdev;
  long size;
  int blksize = 4096;
  long blocks;
  long atimeSec;
  long atimeNsec;
  long mtimeSec;
  long mtimeNsec;
  long ctimeSec;
  long ctimeNsec;

  /** Stats a host path, following a final symlink unless {@code follow} is false. */
  static FileStat of(Path p, boolean follow) throws IOException {
    Map<String, Object> a = follow
        ? Files.readAttributes(p, "unix:*")
        : Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
    FileStat s = new FileStat();
    s.dev = (Long) a.get("dev");
    s.ino = (Long) a.get("ino");
    s.mode = (Integer) a.get("mode");
    s.nlink = (Integer) a.get("nlink");
    s.uid = (Integer) a.get("uid");
    s.gid = (Integer) a.get("gid");
    s.rdev = (Long) a.get("rdev");
    s.size = (Long) a.get("size");
    s.blocks = ((s.size + 4095) / 4096) * 8;
    Instant at = ((FileTime) a.get("lastAccessTime")).toInstant();
    Instant mt = ((FileTime) a.get("lastModifiedTime")).toInstant();
    Instant ct = ((FileTime) a.get("ctime")).toInstant();
    s.atimeSec = at.getEpochSecond();
    s.atimeNsec = at.getNano();
    s.mtimeSec = mt.getEpochSecond();
    s.mtimeNsec = mt.getNano();
    s.ctimeSec = ct.getEpochSecond();
    s.ctimeNsec = ct.getNano();
    return s;
  }

  /** A made-up stat for a file with no host path (a pipe, an unlinked file). */
  static FileStat synthetic(int mode, long ino, long size) {
    FileStat s = new FileStat();
    s.mode = mode;
    s.ino = ino;
    s.size = size;
    s.blocks = ((size + 4095) / 4096) * 8;
    s.dev = 0xc;
    long now = System.currentTimeMillis();
    s.atimeSec = s.mtimeSec = s.ctimeSec = now / 1000;
    s.atimeNsec = s.mtimeNsec = s.ctimeNsec = (now % 1000) * 1_000_000L;
    return s;
  }

  /** The asm-generic {@code struct stat}. */
  byte[] toStat() {
    ByteBuffer b = ByteBuffer.allocate(STAT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, dev);
    b.putLong(8, ino);
    b.putInt(16, mode);
    b.putInt(20, nlink);
    b.putInt(24, uid);
    b.putInt(28, gid);
    b.putLong(32, rdev);
    b.putLong(48, size);
    b.putInt(56, blksize);
    b.putLong(64, blocks);
    b.putLong(72, atimeSec);
    b.putLong(80, atimeNsec);
    b.putLong(88, mtimeSec);
    b.putLong(96, mtimeNsec);
    b.putLong(104, ctimeSec);
    b.putLong(112, ctimeNsec);
    return b.array();
  }

  /** {@code struct statx} with the basic fields. */
  byte[] toStatx() {
    ByteBuffer b = ByteBuffer.allocate(STATX_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, STATX_BASIC_STATS);
    b.putInt(4, blksize);
    b.putInt(16, nlink);
    b.putInt(20, uid);
    b.putInt(24, gid);
    b.putShort(28, (short) mode);
    b.putLong(32, ino);
    b.putLong(40, size);
    b.putLong(48, blocks);
    putTime(b, 64, atimeSec, atimeNsec);
    putTime(b, 96, ctimeSec, ctimeNsec);
    putTime(b, 112, mtimeSec, mtimeNsec);
    b.putInt(128, major(rdev));
    b.putInt(132, minor(rdev));
    b.putInt(136, major(dev));
    b.putInt(140, minor(dev));
    return b.array();
  }

  private static void putTime(ByteBuffer b, int off, long sec, long nsec) {
    b.putLong(off, sec);
    b.putInt(off + 8, (int) nsec);
  }

  /** Major number of a Linux dev_t (glibc's gnu_dev_major). */
  static int major(long dev) {
    return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
  }

  /** Minor number of a Linux dev_t (glibc's gnu_dev_minor). */
  static int minor(long dev) {
    return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
  }
}
