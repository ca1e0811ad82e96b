package dev.rvjit.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against real RISC-V semantics as implemented by {@code qemu-riscv64}: a small
 * C program (generated here, one inline-asm wrapper per F/D instruction, dynamic rounding mode)
 * is cross-compiled, fed random operands from {@link FpCrossCheckTest.Gen}, and its results and
 * {@code fflags} are compared with {@link Fpu}. Skipped unless {@code riscv64-linux-gnu-gcc} and
 * {@code qemu-riscv64} are on the PATH. {@code -Dfp.qemu.n=...} sets the records per instruction.
 */
class FpQemuDiffTest {
  static final int N = Integer.getInteger("fp.qemu.n", 5_000);

  /** Instruction names (as Fpu methods) with their operand shapes. */
  private static List<String[]> ops() {
    List<String[]> ops = new ArrayList<>();
    for (String t : new String[] {"s", "d"}) {
      for (String o : new String[] {"fadd", "fsub", "fmul", "fdiv", "fsgnj", "fsgnjn", "fsgnjx",
          "fmin", "fmax"}) {
        ops.add(new String[] {o + "_" + t, "RR"});
      }
      for (String o : new String[] {"feq", "flt", "fle"}) {
        ops.add(new String[] {o + "_" + t, "CMP"});
      }
      for (String o : new String[] {"fmadd", "fmsub", "fnmsub", "fnmadd"}) {
        ops.add(new String[] {o + "_" + t, "R4"});
      }
      ops.add(new String[] {"fsqrt_" + t, "R"});
      ops.add(new String[] {"fclass_" + t, "TOX"});
      for (String i : new String[] {"w", "wu", "l", "lu"}) {
        ops.add(new String[] {"fcvt_" + i + "_" + t, "TOX"});
        ops.add(new String[] {"fcvt_" + t + "_" + i, "FROMX"});
      }
    }
    ops.add(new String[] {"fcvt_s_d", "R"});
    ops.add(new String[] {"fcvt_d_s", "R"});
    ops.add(new String[] {"fmv_x_w", "TOX"});
    ops.add(new String[] {"fmv_w_x", "FROMX"});
    return ops;
  }

  private static String cSource(List<String[]> ops) {
    StringBuilder c = new StringBuilder("#include <stdint.h>\n#include <stdio.h>\n");
    for (int i = 0; i < ops.size(); i++) {
      String m = ops.get(i)[0].replace('_', '.');
      String body;
      switch (ops.get(i)[1]) {
        case "RR":
          body = "\"fmv.d.x ft0, %1\\n fmv.d.x ft1, %2\\n " + m
              + " ft2, ft0, ft1\\n fmv.x.d %0, ft2\""
              + " : \"=r\"(r) : \"r\"(a), \"r\"(b) : \"ft0\", \"ft1\", \"ft2\"";
          break;
        case "CMP":
          body = "\"fmv.d.x ft0, %1\\n fmv.d.x ft1, %2\\n " + m + " %0, ft0, ft1\""
              + " : \"=r\"(r) : \"r\"(a), \"r\"(b) : \"ft0\", \"ft1\"";
          break;
        case "R4":
          body = "\"fmv.d.x ft0, %1\\n fmv.d.x ft1, %2\\n fmv.d.x ft2, %3\\n " + m
              + " ft3, ft0, ft1, ft2\\n fmv.x.d %0, ft3\""
              + " : \"=r\"(r) : \"r\"(a), \"r\"(b), \"r\"(c) : \"ft0\", \"ft1\", \"ft2\", \"ft3\"";
          break;
        case "R":
          body = "\"fmv.d.x ft0, %1\\n " + m + " ft2, ft0\\n fmv.x.d %0, ft2\""
              + " : \"=r\"(r) : \"r\"(a) : \"ft0\", \"ft2\"";
          break;
        case "TOX":
          body = "\"fmv.d.x ft0, %1\\n " + m + " %0, ft0\" : \"=r\"(r) : \"r\"(a) : \"ft0\"";
          break;
        default:
          body = "\"" + m + " ft2, %1\\n fmv.x.d %0, ft2\" : \"=r\"(r) : \"r\"(a) : \"ft2\"";
          break;
      }
      c.append("static uint64_t op").append(i).append("(uint64_t a, uint64_t b, uint64_t c) {")
          .append(" uint64_t r; __asm__ volatile(").append(body)
          .append("); (void) b; (void) c; return r; }\n");
    }
    c.append("static uint64_t (*T[])(uint64_t, uint64_t, uint64_t) = {");
    for (int i = 0; i < ops.size(); i++) {
      c.append(i == 0 ? "" : ", ").append("op").append(i);
    }
    c.append("};\n");
    c.append("int main(void) {\n  uint64_t x[5];\n  while (fread(x, 8, 5, stdin) == 5) {\n"
        + "    uint64_t r, fl;\n    __asm__ volatile(\"fsrm %0\" :: \"r\"(x[1]));\n"
        + "    __asm__ volatile(\"fsflags zero\");\n    r = T[x[0]](x[2], x[3], x[4]);\n"
        + "    __asm__ volatile(\"frflags %0\" : \"=r\"(fl));\n"
        + "    uint64_t o[2] = {r, fl};\n    fwrite(o, 8, 2, stdout);\n  }\n  return 0;\n}\n");
    return c.toString();
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, tool).canExecute()) {
        return true;
      }
    }
    return false;
  }

  private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("log.txt").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: "
          + Files.readString(dir.resolve("log.txt")));
    }
  }

  @Test
  void matchesQemu(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("riscv64-linux-gnu-gcc") && onPath("qemu-riscv64"),
        "riscv64-linux-gnu-gcc and qemu-riscv64 needed");
    List<String[]> ops = ops();
    Files.writeString(dir.resolve("fp.c"), cSource(ops));
    run(dir, "riscv64-linux-gnu-gcc", "-O1", "-static", "-march=rv64gc", "-o", "fp", "fp.c");

    SplittableRandom r = new SplittableRandom(FpCrossCheckTest.SEED + 99);
    List<long[]> recs = new ArrayList<>();
    for (int id = 0; id < ops.size(); id++) {
      String op = ops.get(id)[0];
      boolean fromX = ops.get(id)[1].equals("FROMX");
      boolean single = op.endsWith("_s") && !op.equals("fcvt_d_s") || op.equals("fcvt_d_s")
          || op.equals("fmv_x_w");
      FpCrossCheckTest.Gen g = new FpCrossCheckTest.Gen(r.nextLong(),
          single ? FpReferenceTest.S : FpReferenceTest.D);
      for (int i = 0; i < N; i++) {
        long a = fromX ? FpCrossCheckTest.intOperand(r) : g.reg(g.next());
        recs.add(new long[] {id, r.nextInt(5), a, g.reg(g.next()), g.reg(g.next())});
      }
    }
    ByteBuffer in = ByteBuffer.allocate(recs.size() * 40).order(ByteOrder.LITTLE_ENDIAN);
    for (long[] x : recs) {
      for (long v : x) {
        in.putLong(v);
      }
    }
    Files.write(dir.resolve("in.bin"), in.array());
    run(dir, "sh", "-c", "qemu-riscv64 ./fp < in.bin > out.bin");
    ByteBuffer out = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("out.bin")))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(recs.size() * 16L, out.capacity(), "qemu output size");

    Map<String, Method> methods = new HashMap<>();
    for (Method m : Fpu.class.getMethods()) {
      methods.put(m.getName(), m);
    }
    Hart h = new Hart(null);
    List<String> bad = new ArrayList<>();
    for (long[] x : recs) {
      long want = out.getLong();
      long wantFlags = out.getLong();
      String[] op = ops.get((int) x[0]);
      Method m = methods.get(op[0]);
      h.fflags = 0;
      h.frm = (int) x[1];
      long got;
      switch (m.getParameterCount()) {
        case 3:
          // (hart, a, b) for compares, sign injection and min/max; else (hart, a, rm)
          got = (Long) (m.getParameterTypes()[2] == long.class ? m.invoke(null, h, x[2], x[3])
              : m.invoke(null, h, x[2], 7));
          break;
        case 4:
          got = (Long) m.invoke(null, h, x[2], x[3], 7);
          break;
        default:
          got = (Long) m.invoke(null, h, x[2], x[3], x[4], 7);
          break;
      }
      if (got != want || h.fflags != wantFlags) {
        bad.add(String.format("%s frm=%d a=%016x b=%016x c=%016x: got %016x/%02x qemu %016x/%02x",
            op[0], x[1], x[2], x[3], x[4], got, h.fflags, want, wantFlags));
      }
    }
    System.out.printf("qemu diff: %d records over %d instructions, %d mismatches%n", recs.size(),
        ops.size(), bad.size());
    assertEquals(List.of(), bad.subList(0, Math.min(20, bad.size())));
  }
}
