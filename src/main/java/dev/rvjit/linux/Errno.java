package dev.rvjit.linux;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.HashMap;
import java.util.Map;

/**
 * Linux errno values (the generic numbering riscv64 uses), their names and their messages as
 * glibc's {@code strerror} prints them, and the mapping from Java I/O exceptions to errno.
 * The constants carry the Linux names and values.
 */
public final class Errno {
  private Errno() {}

  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int EIO = 5;
  public static final int ENXIO = 6;
  public static final int E2BIG = 7;
  public static final int ENOEXEC = 8;
  public static final int EBADF = 9;
  public static final int ECHILD = 10;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int EFAULT = 14;
  public static final int ENOTBLK = 15;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int EXDEV = 18;
  public static final int ENODEV = 19;
  public static final int ENOTDIR = 20;
  public static final int EISDIR = 21;
  public static final int EINVAL = 22;
  public static final int ENFILE = 23;
  public static final int EMFILE = 24;
  public static final int ENOTTY = 25;
  public static final int ETXTBSY = 26;
  public static final int EFBIG = 27;
  public static final int ENOSPC = 28;
  public static final int ESPIPE = 29;
  public static final int EROFS = 30;
  public static final int EMLINK = 31;
  public static final int EPIPE = 32;
  public static final int EDOM = 33;
  public static final int ERANGE = 34;
  public static final int EDEADLK = 35;
  public static final int ENAMETOOLONG = 36;
  public static final int ENOLCK = 37;
  public static final int ENOSYS = 38;
  public static final int ENOTEMPTY = 39;
  public static final int ELOOP = 40;
  public static final int ENODATA = 61;
  public static final int EOVERFLOW = 75;
  public static final int EOPNOTSUPP = 95;
  public static final int ETIMEDOUT = 110;

  private static final String[] NAMES = new String[134];
  private static final String[] MESSAGES = new String[134];
  private static final Map<String, Integer> BY_MESSAGE = new HashMap<>();

  private static void def(int n, String name, String message) {
    NAMES[n] = name;
    MESSAGES[n] = message;
    BY_MESSAGE.put(message, n);
  }

  static {
    def(EPERM, "EPERM", "Operation not permitted");
    def(ENOENT, "ENOENT", "No such file or directory");
    def(ESRCH, "ESRCH", "No such process");
    def(EINTR, "EINTR", "Interrupted system call");
    def(EIO, "EIO", "Input/output error");
    def(ENXIO, "ENXIO", "No such device or address");
    def(E2BIG, "E2BIG", "Argument list too long");
    def(ENOEXEC, "ENOEXEC", "Exec format error");
    def(EBADF, "EBADF", "Bad file descriptor");
    def(ECHILD, "ECHILD", "No child processes");
    def(EAGAIN, "EAGAIN", "Resource temporarily unavailable");
    def(ENOMEM, "ENOMEM", "Cannot allocate memory");
    def(EACCES, "EACCES", "Permission denied");
    def(EFAULT, "EFAULT", "Bad address");
    def(ENOTBLK, "ENOTBLK", "Block device required");
    def(EBUSY, "EBUSY", "Device or resource busy");
    def(EEXIST, "EEXIST", "File exists");
    def(EXDEV, "EXDEV", "Invalid cross-device link");
    def(ENODEV, "ENODEV", "No such device");
    def(ENOTDIR, "ENOTDIR", "Not a directory");
    def(EISDIR, "EISDIR", "Is a directory");
    def(EINVAL, "EINVAL", "Invalid argument");
    def(ENFILE, "ENFILE", "Too many open files in system");
    def(EMFILE, "EMFILE", "Too many open files");
    def(ENOTTY, "ENOTTY", "Inappropriate ioctl for device");
    def(ETXTBSY, "ETXTBSY", "Text file busy");
    def(EFBIG, "EFBIG", "File too large");
    def(ENOSPC, "ENOSPC", "No space left on device");
    def(ESPIPE, "ESPIPE", "Illegal seek");
    def(EROFS, "EROFS", "Read-only file system");
    def(EMLINK, "EMLINK", "Too many links");
    def(EPIPE, "EPIPE", "Broken pipe");
    def(EDOM, "EDOM", "Numerical argument out of domain");
    def(ERANGE, "ERANGE", "Numerical result out of range");
    def(EDEADLK, "EDEADLK", "Resource deadlock avoided");
    def(ENAMETOOLONG, "ENAMETOOLONG", "File name too long");
    def(ENOLCK, "ENOLCK", "No locks available");
    def(ENOSYS, "ENOSYS", "Function not implemented");
    def(ENOTEMPTY, "ENOTEMPTY", "Directory not empty");
    def(ELOOP, "ELOOP", "Too many levels of symbolic links");
    def(ENODATA, "ENODATA", "No data available");
    def(EOVERFLOW, "EOVERFLOW", "Value too large for defined data type");
    def(EOPNOTSUPP, "EOPNOTSUPP", "Operation not supported");
    def(ETIMEDOUT, "ETIMEDOUT", "Connection timed out");
  }

  /** The symbolic name ({@code "ENOENT"}), or {@code "E<n>"} for a number without one here. */
  public static String name(int errno) {
    String s = errno > 0 && errno < NAMES.length ? NAMES[errno] : null;
    return s != null ? s : "E" + errno;
  }

  /** The message glibc's strerror gives, or {@code "Unknown error <n>"}. */
  public static String message(int errno) {
    String s = errno > 0 && errno < MESSAGES.length ? MESSAGES[errno] : null;
    return s != null ? s : "Unknown error " + errno;
  }

  /**
   * The errno a host I/O failure stands for. The JDK's Unix file system turns the most common
   * errno values into specific exception types and all others into a {@link FileSystemException}
   * whose reason is the host's strerror text, which is looked up here.
   */
  public static int of(IOException e) {
    if (e instanceof NoSuchFileException) {
      return ENOENT;
    }
    if (e instanceof AccessDeniedException) {
      return EACCES;
    }
    if (e instanceof FileAlreadyExistsException) {
      return EEXIST;
    }
    if (e instanceof DirectoryNotEmptyException) {
      return ENOTEMPTY;
    }
    if (e instanceof NotDirectoryException) {
      return ENOTDIR;
    }
    if (e instanceof NotLinkException) {
      return EINVAL;
    }
    if (e instanceof AtomicMoveNotSupportedException) {
      return EXDEV;
    }
    String reason = e instanceof FileSystemException
        ? ((FileSystemException) e).getReason() : e.getMessage();
    if (reason == null) {
      return EIO;
    }
    Integer n = BY_MESSAGE.get(reason);
    if (n != null) {
      return n;
    }
    // Reasons with extra text, e.g. "Too many levels of symbolic links (NOFOLLOW_LINKS specified)".
    for (Map.Entry<String, Integer> m : BY_MESSAGE.entrySet()) {
      if (reason.startsWith(m.getKey()) || reason.endsWith(m.getKey())) {
        return m.getValue();
      }
    }
    return EIO;
  }
}
