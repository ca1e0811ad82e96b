package dev.rvjit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.linux.ElfException;
import dev.rvjit.vm.Machine;
import dev.rvjit.vm.RunConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input in the default test run: a short seeded mutation campaign over the fuzz seeds and a
 * real sample binary (every mutant must end in an exit status or a one-line loader error), plus
 * hand-made cases that {@code ElfFileTest}, {@code LoaderTest} and {@code CliTest} do not have.
 * Longer: {@code -Drvjit.badinput.mutants=100000}; a failure names its seed and mutant index
 * ({@code -Drvjit.badinput.seed=S}).
 */
class BadInputTest {
  static final Path SEEDS = Path.of("src/test/resources/dev/rvjit/fuzz/LoaderFuzzTestInputs/loader");

  @TempDir Path tmp;

  /** Header fields worth hitting with boundary values: offset and width in an ELF64 file. */
  static final int[][] FIELDS = {
    {16, 2}, {18, 2}, {24, 8}, {32, 8}, {40, 8}, {52, 2}, {54, 2}, {56, 2}, {58, 2}, {60, 2},
    {64, 4}, {68, 4}, {72, 8}, {80, 8}, {88, 8}, {96, 8}, {104, 8}, {112, 8},
    {120, 4}, {124, 4}, {128, 8}, {136, 8}, {144, 8}, {152, 8}, {160, 8}, {168, 8},
  };
  static final long[] BOUNDARY = {
    0, 1, -1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffffL, 0x80000000L, 0xffffffffL, Long.MAX_VALUE,
    Long.MIN_VALUE, 0x10000, 0x3ffff000L, 0x40000000L, 0x40010000L, 1L << 40, -4096
  };

  static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    int kind = r.nextInt(5);
    if (kind == 0 && b.length > 0) {
      return java.util.Arrays.copyOf(b, r.nextInt(b.length)); // truncated
    }
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      if (kind <= 2) {
        int[] f = FIELDS[r.nextInt(FIELDS.length)];
        long v = BOUNDARY[r.nextInt(BOUNDARY.length)] + (r.nextBoolean() ? 0 : r.nextInt(9) - 4);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (f[0] + f[1] <= b.length) {
          if (f[1] == 2) {
            bb.putShort(f[0], (short) v);
          } else if (f[1] == 4) {
            bb.putInt(f[0], (int) v);
          } else {
            bb.putLong(f[0], v);
          }
        }
      } else if (b.length > 0) {
        int at = kind == 3 ? r.nextInt(Math.min(b.length, 256)) : r.nextInt(b.length);
        b[at] ^= (byte) (1 << r.nextInt(8));
      }
    }
    return b;
  }

  @Test
  void seededMutantsEndInAnOutcome() throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    try (Stream<Path> s = Files.list(SEEDS)) {
      for (Path p : s.sorted().collect(Collectors.toList())) {
        seeds.add(Files.readAllBytes(p));
      }
    }
    seeds.add(Files.readAllBytes(Path.of("samples/bin/hello")));
    long seed = Long.getLong("rvjit.badinput.seed", 6);
    int mutants = Integer.getInteger("rvjit.badinput.mutants", 1500);
    Random r = new Random(seed);
    int rejected = 0;
    for (int i = 0; i < mutants; i++) {
      byte[] m = mutate(seeds.get(r.nextInt(seeds.size())), r);
      try {
        if (FuzzTargets.loadAndRun(m, (i & 7) == 0) == 2) {
          rejected++;
        }
      } catch (Throwable t) {
        Path keep = tmp.resolve("mutant-" + i);
        Files.write(keep, m);
        throw new AssertionError("seed " + seed + " mutant " + i + " (kept as " + keep + ")", t);
      }
    }
    assertTrue(rejected > 0 && rejected < mutants, rejected + " of " + mutants + " rejected");
  }

  private Path elf(String name, byte[] b) throws IOException {
    Path f = tmp.resolve(name);
    Files.write(f, b);
    return f;
  }

  private static ElfException loadError(Path program, Path root) {
    RunConfig c = new RunConfig();
    c.program = program;
    c.root = root;
    try {
      Machine.load(c);
    } catch (ElfException e) {
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
      return e;
    }
    throw new AssertionError("loaded");
  }

  /** PT_INTERP naming a file outside --root: the loader looks only inside the view. */
  @Test
  void interpreterOutsideTheRootIsNotFound() throws IOException {
    Path root = Files.createDirectory(tmp.resolve("root"));
    byte[] seed = Files.readAllBytes(SEEDS.resolve("seed-interp-missing"));
    String host = Path.of("samples/bin/hello").toAbsolutePath().toString(); // a real RISC-V ELF
    byte[] b = withInterp(seed, "/../../../.." + host);
    ElfException e = loadError(elf("dyn", b), root);
    assertTrue(e.getMessage().contains("not found in the guest's file system"), e.getMessage());
  }

  /** PT_INTERP naming a directory, and an interpreter path that is a symlink loop. */
  @Test
  void interpreterThatIsADirectoryOrALoop() throws IOException {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Files.createDirectories(root.resolve("lib/ld-missing.so.1"));
    byte[] seed = Files.readAllBytes(SEEDS.resolve("seed-interp-missing"));
    loadError(elf("dir", seed), root);
    Path root2 = Files.createDirectory(tmp.resolve("root2"));
    Files.createDirectories(root2.resolve("lib"));
    Files.createSymbolicLink(root2.resolve("lib/ld-missing.so.1"), Path.of("ld-missing.so.1"));
    loadError(elf("loop", seed), root2);
  }

  /** Replaces the PT_INTERP string of the seed (it has room for 20 bytes) by a longer path. */
  private static byte[] withInterp(byte[] seed, String path) {
    ByteBuffer in = ByteBuffer.wrap(seed).order(ByteOrder.LITTLE_ENDIAN);
    byte[] s = (path + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] b = java.util.Arrays.copyOf(seed, seed.length + s.length);
    ByteBuffer out = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    // First program header is PT_INTERP: point it at the string appended to the file.
    out.putLong(64 + 8, seed.length);
    out.putLong(64 + 32, s.length);
    out.putLong(64 + 40, s.length);
    System.arraycopy(s, 0, b, seed.length, s.length);
    assertEquals(3, in.getInt(64));
    return b;
  }
}
