package dev.rvjit.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The confined view's resolver on its own: mounts, `..`, links re-rooted, limits. */
class GuestFsTest {
  @TempDir Path tmp;

  @Test
  void resolvesInsideTheMounts() throws Exception {
    Path root = Files.createDirectory(tmp.resolve("root")).toRealPath();
    Path data = Files.createDirectory(tmp.resolve("data")).toRealPath();
    Files.createDirectories(root.resolve("a/b"));
    Files.createSymbolicLink(root.resolve("abs"), Path.of("/a/b"));
    Files.createSymbolicLink(root.resolve("a/rel"), Path.of("../../../a"));
    Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
    Files.createSymbolicLink(root.resolve("host"), tmp);
    GuestFs fs = GuestFs.confined(root, List.of(GuestFs.Mount.parse(data + ":/mnt/d:ro")), null);

    assertEquals(root.resolve("a/b"), fs.resolve("/", "/../../a/./b/", true).host());
    assertEquals(root.resolve("a/b"), fs.resolve("/", "abs", true).host());
    assertEquals(root.resolve("abs"), fs.resolve("/", "abs", false).host());
    assertEquals("/a/b", fs.resolve("/", "/a/rel/b", true).guest());
    assertEquals(data.resolve("x"), fs.resolve("/mnt", "d/x", true).host());
    assertTrue(fs.resolve("/", "/mnt/d/x", true).readOnly());
    assertEquals(root.resolve("mnt"), fs.resolve("/", "/mnt/d/..", true).host());
    // A host-made link to the host's temp dir is read as a guest path: it lands inside the root.
    assertTrue(fs.resolve("/", "/host/root", true).host().startsWith(root));
    assertEquals(Errno.ELOOP, assertThrows(SyscallError.class,
        () -> fs.resolve("/", "/loop", true)).errno);
    assertEquals(Errno.ENAMETOOLONG, assertThrows(SyscallError.class,
        () -> fs.resolve("/", "/" + "x".repeat(300), true)).errno);
    assertEquals(Errno.ENOENT, assertThrows(SyscallError.class,
        () -> fs.resolve("/", "", true)).errno);

    assertEquals("/a/b", fs.toGuest(root.resolve("a/b")));
    assertEquals("/mnt/d/x", fs.toGuest(data.resolve("x")));
    assertEquals("/", fs.toGuest(root));
    assertNull(fs.toGuest(tmp));
  }

  @Test
  void mountSpecs() {
    assertThrows(IllegalArgumentException.class, () -> GuestFs.Mount.parse("nocolon"));
    assertThrows(IllegalArgumentException.class, () -> GuestFs.Mount.parse(tmp + ":rel"));
    assertThrows(IllegalArgumentException.class,
        () -> GuestFs.Mount.parse(tmp.resolve("missing") + ":/x"));
    GuestFs.Mount m = GuestFs.Mount.parse(tmp + ":/x/../y/:ro");
    assertEquals("/y", m.guest());
    assertTrue(m.readOnly());
  }

  @Test
  void onlyMountsMeansAnEmptyReadOnlyRoot() throws Exception {
    GuestFs fs = GuestFs.confined(null, List.of(GuestFs.Mount.parse(tmp + ":/w")), null);
    assertTrue(fs.resolve("/", "/etc/passwd", true).readOnly());
    assertTrue(!Files.exists(fs.resolve("/", "/etc/passwd", true).host()));
    assertEquals(tmp.toRealPath().resolve("f"), fs.resolve("/", "/w/f", true).host());
  }
}
