package dev.rvjit.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * The guest's view of the file system when it is confined ({@code --root DIR}, {@code --mount
 * HOST:GUEST[:ro]}): a table of mounts from guest directories to host directories, and a path
 * resolver that walks a guest path one component at a time and never lets the host follow a
 * symbolic link.
 *
 * <p><b>How a path is resolved.</b> The guest path is made absolute (against the guest's working
 * directory or a directory fd, both kept as host paths that map back to guest paths). Then each
 * component is taken in turn: {@code .} is skipped, {@code ..} drops the last component (at
 * {@code /} it stays at {@code /}, as Linux does), and a name is appended and mapped to a host
 * path through the mount with the longest guest prefix. If that host path is a symbolic link
 * (tested with {@link LinkOption#NOFOLLOW_LINKS}) and the link is to be followed, its target
 * replaces the component: an absolute target restarts from the guest's {@code /}, a relative one
 * continues from the link's directory, so every link — including ones the guest made — is
 * interpreted inside the view. At most {@value #MAX_LINKS} links are followed per path (ELOOP).
 * The result is a host path with no symbolic link in any component that lies inside a mount, so
 * whatever the host does with it next stays inside.
 *
 * <p>Without {@code --root} and {@code --mount} the view is {@link #passthrough()}: guest paths
 * are host paths, as with qemu-riscv64, and this class is not consulted.
 *
 * <p><b>The sysroot</b> ({@code --sysroot}, qemu's {@code -L}) is a read-only layer consulted
 * before the mounts when the guest looks a path up to read it (open for reading, stat, access,
 * readlink) and by the ELF loader for the dynamic loader; it is resolved with the same rules
 * (its own symbolic links stay inside it).
 */
public final class GuestFs {
  /** Links followed per path before ELOOP, as Linux's MAXSYMLINKS. */
  static final int MAX_LINKS = 40;
  /** Longest path the guest may name (PATH_MAX). */
  static final int PATH_MAX = 4096;

  /** One entry of the mount table: guest directory {@code guest} is host directory {@code host}. */
  public record Mount(String guest, Path host, boolean readOnly) {
    /** Parses {@code HOST:GUEST[:ro]} (GUEST absolute); the host directory must exist. */
    public static Mount parse(String spec) {
      String s = spec;
      boolean ro = false;
      if (s.endsWith(":ro")) {
        ro = true;
        s = s.substring(0, s.length() - 3);
      } else if (s.endsWith(":rw")) {
        s = s.substring(0, s.length() - 3);
      }
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || colon == s.length() - 1) {
        throw new IllegalArgumentException("--mount '" + spec + "': expected HOST:GUEST[:ro]");
      }
      String guest = s.substring(colon + 1);
      if (!guest.startsWith("/")) {
        throw new IllegalArgumentException("--mount '" + spec + "': GUEST must be absolute");
      }
      return new Mount(normalize(guest), hostDir(s.substring(0, colon), "--mount"), ro);
    }
  }

  /** A resolved guest path: its canonical guest name, host path and the mount it lies in. */
  public record Resolved(String guest, Path host, Mount mount) {
    /** True if the path lies in a read-only mount or the sysroot. */
    public boolean readOnly() {
      return mount.readOnly();
    }
  }

  private final List<Mount> mounts;
  private final Mount sysroot;
  private final boolean confined;

  private GuestFs(List<Mount> mounts, Mount sysroot, boolean confined) {
    List<Mount> m = new ArrayList<>(mounts);
    // Longest guest prefix first: the first match is the innermost mount.
    m.sort(Comparator.comparingInt((Mount x) -> x.guest().length()).reversed());
    this.mounts = List.copyOf(m);
    this.sysroot = sysroot;
    this.confined = confined;
  }

  /** The host file system as it is (no confinement). */
  public static GuestFs passthrough() {
    return new GuestFs(List.of(), null, false);
  }

  /**
   * A confined view: {@code root} (or, when null, an empty read-only directory) is the guest's
   * {@code /}, {@code extra} mounts lie over it, and {@code sysroot} (may be null) is the
   * read-only library layer.
   */
  public static GuestFs confined(Path root, List<Mount> extra, Path sysroot) {
    List<Mount> all = new ArrayList<>();
    boolean rootGiven = false;
    for (Mount m : extra) {
      rootGiven |= m.guest().equals("/");
    }
    if (root != null) {
      all.add(new Mount("/", hostDir(root.toString(), "--root"), false));
    } else if (!rootGiven) {
      all.add(new Mount("/", emptyRoot(), true));
    }
    all.addAll(extra);
    Mount sys = sysroot == null ? null : new Mount("/", hostDir(sysroot.toString(), "--sysroot"),
        true);
    return new GuestFs(all, sys, true);
  }

  /** True when the guest is confined to the mounts. */
  public boolean confined() {
    return confined;
  }

  /** The mounts, innermost (longest guest path) first. */
  public List<Mount> mounts() {
    return mounts;
  }

  private static Path hostDir(String s, String option) {
    try {
      Path p = Path.of(s).toRealPath();
      if (!Files.isDirectory(p)) {
        throw new IllegalArgumentException(option + " '" + s + "' is not a directory");
      }
      return p;
    } catch (IOException | InvalidPathException e) {
      throw new IllegalArgumentException(option + " '" + s + "': no such directory");
    }
  }

  private static Path emptyRoot() {
    try {
      Path d = Files.createTempDirectory("rvjit-root");
      d.toFile().deleteOnExit();
      return d.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code /a/./b//c/} as {@code /a/b/c} (lexically; {@code ..} at the top stays at the top). */
  static String normalize(String guestAbs) {
    List<String> out = new ArrayList<>();
    for (String c : guestAbs.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
      } else {
        out.add(c);
      }
    }
    return "/" + String.join("/", out);
  }

  /**
   * Resolves the guest path {@code path} (absolute, or relative to the guest directory {@code
   * base}) inside the mounts.
   *
   * @param followLast whether a symbolic link in the last component is followed (a path that
   *     ends in {@code /} always follows it)
   * @throws SyscallError ENOENT for an empty path, ENAMETOOLONG, ELOOP
   */
  public Resolved resolve(String base, String path, boolean followLast) {
    return walk(mounts, base, path, followLast);
  }

  /**
   * Resolves {@code path} inside the sysroot layer; null when there is no sysroot or nothing
   * exists there under that name.
   */
  public Resolved resolveInSysroot(String base, String path, boolean followLast) {
    if (sysroot == null) {
      return null;
    }
    Resolved r;
    try {
      r = walk(List.of(sysroot), base, path, followLast);
    } catch (SyscallError e) {
      return null;
    }
    return Files.exists(r.host(), LinkOption.NOFOLLOW_LINKS) && !r.guest().equals("/") ? r : null;
  }

  private static Resolved walk(List<Mount> table, String base, String path, boolean followLast) {
    if (path.isEmpty()) {
      throw new SyscallError(Errno.ENOENT);
    }
    if (path.length() >= PATH_MAX) {
      throw new SyscallError(Errno.ENAMETOOLONG);
    }
    boolean follow = followLast || path.endsWith("/");
    Deque<String> todo = new ArrayDeque<>();
    push(todo, path);
    if (!path.startsWith("/")) {
      push(todo, base);
    }
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.pop();
      if (c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      if (c.length() > 255) {
        throw new SyscallError(Errno.ENAMETOOLONG);
      }
      done.add(c);
      if (todo.isEmpty() && !follow) {
        break;
      }
      Path host = host(table, done).host();
      if (!Files.isSymbolicLink(host)) {
        continue; // isSymbolicLink never follows a link
      }
      if (++links > MAX_LINKS) {
        throw new SyscallError(Errno.ELOOP);
      }
      String target;
      try {
        target = Files.readSymbolicLink(host).toString();
      } catch (IOException e) {
        throw new SyscallError(Errno.of(e));
      }
      done.remove(done.size() - 1);
      if (target.isEmpty()) {
        throw new SyscallError(Errno.ENOENT);
      }
      if (target.startsWith("/")) {
        done.clear(); // re-rooted: an absolute target means the guest's /
      }
      push(todo, target);
    }
    return host(table, done);
  }

  /** Pushes the components of {@code p} onto the front of {@code todo}, first component on top. */
  private static void push(Deque<String> todo, String p) {
    String[] parts = p.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      if (!parts[i].isEmpty()) {
        todo.push(parts[i]);
      }
    }
  }

  /** Maps canonical guest components to a host path through the innermost mount. */
  private static Resolved host(List<Mount> table, List<String> comps) {
    String guest = "/" + String.join("/", comps);
    for (Mount m : table) {
      String g = m.guest();
      if (g.equals("/") || guest.equals(g) || guest.startsWith(g + "/")) {
        String rest = g.equals("/") ? guest.substring(1)
            : guest.length() == g.length() ? "" : guest.substring(g.length() + 1);
        try {
          return new Resolved(guest, rest.isEmpty() ? m.host() : m.host().resolve(rest), m);
        } catch (InvalidPathException e) {
          throw new SyscallError(Errno.ENOENT);
        }
      }
    }
    throw new SyscallError(Errno.ENOENT); // only without a mount at "/", which confined() adds
  }

  /**
   * The guest name of a host path that lies inside a mount (or the sysroot), or null. Used for
   * the working directory, directory fds and /proc/self/exe; the innermost mount wins.
   */
  public String toGuest(Path host) {
    Path h = host.toAbsolutePath().normalize();
    String best = null;
    int bestLen = -1;
    for (Mount m : mounts) {
      if (h.startsWith(m.host()) && m.host().getNameCount() > bestLen) {
        Path rel = m.host().relativize(h);
        String r = rel.toString();
        best = m.guest().equals("/") ? "/" + r : r.isEmpty() ? m.guest() : m.guest() + "/" + r;
        bestLen = m.host().getNameCount();
      }
    }
    if (best == null && sysroot != null && h.startsWith(sysroot.host())) {
      best = "/" + sysroot.host().relativize(h);
    }
    return best == null ? null : normalize(best);
  }

  /**
   * Finds the dynamic loader a PT_INTERP names, in the sysroot layer first and then in the view
   * (never elsewhere on the host).
   *
   * @throws ElfException if it is in neither
   */
  Path interpreter(String exeName, String interp) {
    Resolved r = resolveInSysroot("/", interp, true);
    if (r == null || !Files.isRegularFile(r.host(), LinkOption.NOFOLLOW_LINKS)) {
      try {
        r = resolve("/", interp, true);
      } catch (SyscallError e) {
        r = null;
      }
    }
    if (r == null || !Files.isRegularFile(r.host(), LinkOption.NOFOLLOW_LINKS)) {
      throw ElfException.of(exeName, "needs the interpreter " + interp
          + ", not found in the guest's file system (--root/--mount) or --sysroot");
    }
    return r.host();
  }
}
