package dev.rvjit.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.linux.GuestFs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs {@code samples/bin/escape} (built from {@code samples/src/escape.c}) under {@code --root}
 * with a read-only {@code --mount}, in every tier set-up: each of its 50-odd attempts to get out
 * must say "blocked" or "contained", and nothing outside the root may change.
 */
class EscapeTest {
  static final Path ESCAPE = Path.of("samples/bin/escape");

  @TempDir Path tmp;

  enum Tier { INTERP, JIT_EAGER }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void noWayOut(Tier tier) throws Exception {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Path secret = outside.resolve("secret.txt");
    Files.writeString(secret, "TOPSECRET do not read\n");
    Path root = Files.createDirectory(tmp.resolve("root"));
    Files.createSymbolicLink(root.resolve("hostlink"), outside);
    Files.createSymbolicLink(root.resolve("rel"), Path.of("../outside"));
    Files.writeString(root.resolve("mine.txt"), "mine\n");
    Files.writeString(root.resolve("mine2.txt"), "mine2\n");
    Path ro = Files.createDirectory(tmp.resolve("ro"));
    Files.writeString(ro.resolve("data.txt"), "data\n");
    Files.createSymbolicLink(ro.resolve("link"), Path.of("../outside"));
    Path exe = root.resolve("escape");
    Files.copy(ESCAPE, exe);
    String secretMode = PosixFilePermissions.toString(Files.getPosixFilePermissions(secret));

    RunConfig c = new RunConfig();
    c.program = exe;
    c.programName = "/escape";
    c.args = List.of(outside.toRealPath().toString(), root.toRealPath().toString());
    c.root = root;
    c.mounts.add(GuestFs.Mount.parse(ro + ":/ro:ro"));
    c.stdin = new ByteArrayInputStream(new byte[0]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    c.stdout = out;
    c.stderr = err;
    c.maxInsns = 500_000_000L;
    if (tier == Tier.INTERP) {
      c.mode = Mode.INTERP;
    } else {
      c.jitThreshold = 1;
      c.jitSynchronous = true;
    }
    Outcome o = Machine.load(c).run();
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, o.status, text + err);
    List<String> lines = text.lines().collect(Collectors.toList());
    assertTrue(lines.get(lines.size() - 1).startsWith("done: "), text);
    int attempts = Integer.parseInt(lines.get(lines.size() - 1).replaceAll("\\D", ""));
    assertTrue(attempts >= 20, text);
    for (String l : lines.subList(0, lines.size() - 1)) {
      assertFalse(l.endsWith("ESCAPED"), l + "\n" + text);
      assertTrue(l.endsWith("blocked") || l.endsWith("contained"), l);
    }
    // Write attempts on the read-only mount all failed.
    for (String l : lines) {
      if (l.contains(" ro mount") || l.contains("/proc/self/exe for writing")) {
        assertTrue(l.endsWith("blocked"), l);
      }
    }
    // Nothing outside the root changed.
    try (Stream<Path> s = Files.list(outside)) {
      assertEquals(List.of(secret), s.collect(Collectors.toList()));
    }
    assertEquals("TOPSECRET do not read\n", Files.readString(secret));
    assertEquals(secretMode, PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
    try (Stream<Path> s = Files.list(ro)) {
      assertEquals(2, s.count());
    }
    assertEquals("data\n", Files.readString(ro.resolve("data.txt")));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(3, s.count(), "only outside, root and ro in the parent");
    }
  }
}
