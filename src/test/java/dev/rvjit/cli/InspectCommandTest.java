package dev.rvjit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvjit.vm.Tools;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.w3c.dom.Document;

/**
 * {@code rvjit inspect} on a sample: the text and HTML reports, {@code --pc}, dumped classes that
 * verify, load and read back with javap, and the HTML page rendered by a real headless browser.
 */
class InspectCommandTest {
  @TempDir Path tmp;

  private CliTest.Run inspect(String... opts) throws Exception {
    List<String> args = new ArrayList<>(List.of("inspect", "--sync", "--quiet"));
    args.addAll(List.of(opts));
    args.add("samples/bin/sieve");
    args.add("20000");
    CliTest.Run r = CliTest.rvjit(args.toArray(new String[0]));
    assertEquals(0, r.status, r.toString());
    return r;
  }

  @Test
  void textShowsGuestCodeAndBytecodeHottestFirst() throws Exception {
    CliTest.Run r = inspect("--top", "2");
    String out = r.out;
    assertTrue(out.startsWith("samples/bin/sieve: "), out);
    assertTrue(out.contains("#1  unit 0x") && out.contains("#2  unit 0x")
        && !out.contains("#3  unit"), out);
    assertTrue(out.contains("-- guest code --") && out.contains("-- JVM bytecode --"), out);
    assertTrue(out.contains("<main+0x"), out);
    assertTrue(out.contains("public run(Ldev/rvjit/cpu/Hart;J)I"), out);
    assertTrue(out.matches("(?s).*#1  unit 0x([0-9a-f]+) .*"), out);
    // --pc: the unit holding the hottest unit's entry address
    String pc = out.replaceFirst("(?s).*?#1  unit 0x([0-9a-f]+) .*", "$1");
    CliTest.Run one = inspect("--pc", "0x" + pc);
    assertTrue(one.out.contains("#1  unit 0x" + pc + " "), one.out);
    CliTest.Run none = CliTest.rvjit("inspect", "--sync", "--quiet", "--pc", "0x10",
        "samples/bin/sieve", "20000");
    assertEquals(1, none.status, none.toString());
    assertTrue(none.err.contains("no compiled unit holds 0x10"), none.err);
  }

  @Test
  void hottestTransitionsAreListedUnlessTurnedOff() throws Exception {
    CliTest.Run r = inspect("--top", "1", "--transitions", "3");
    assertTrue(r.out.contains("hottest hand-overs between compiled units: "), r.out);
    assertTrue(r.out.contains("count  share  unit left"), r.out);
    assertTrue(r.out.matches("(?s).*\\n\\s*[0-9,]+\\s+[0-9.]+%  0x[0-9a-f]+ <[^>]+>\\s+\\d+  0x[0-9a-f]+.*"),
        r.out);
    CliTest.Run none = inspect("--top", "1", "--transitions", "0");
    assertTrue(!none.out.contains("hand-overs"), none.out);
    CliTest.Run bad = CliTest.rvjit("inspect", "--transitions", "-1", "samples/bin/sieve");
    assertEquals(Main.EXIT_USAGE, bad.status, bad.toString());
    assertTrue(bad.err.startsWith("rvjit: --transitions must be at least 0"), bad.err);
  }

  @Test
  void dumpedClassesVerifyLoadAndReadWithJavap() throws Exception {
    Path dir = tmp.resolve("classes");
    CliTest.Run r = inspect("--top", "1", "--dump-classes", dir.toString());
    assertTrue(r.err.contains("class files to " + dir), r.err);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    assertTrue(files.size() >= 2, files.toString());
    ClassLoader parent = getClass().getClassLoader();
    for (Path f : files) {
      assertTrue(f.getFileName().toString().matches("Unit_[0-9a-f]+(-\\d+)?\\.class"), f.toString());
      byte[] bytes = Files.readAllBytes(f);
      ClassReader cr = new ClassReader(bytes);
      // ASM's verifier (data flow over every method) ...
      StringWriter problems = new StringWriter();
      CheckClassAdapter.verify(cr, parent, false, new PrintWriter(problems));
      assertEquals("", problems.toString(), f.toString());
      // ... and the JVM's own: define, link and initialise the class in a fresh loader.
      String name = cr.getClassName().replace('/', '.');
      ClassLoader loader = new ClassLoader(parent) {
        @Override
        protected Class<?> findClass(String n) throws ClassNotFoundException {
          if (n.equals(name)) {
            return defineClass(n, bytes, 0, bytes.length);
          }
          throw new ClassNotFoundException(n);
        }
      };
      Class<?> c = Class.forName(name, true, loader);
      assertEquals("dev.rvjit.interp.CompiledCode", c.getSuperclass().getName());
    }
    ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
    StringWriter out = new StringWriter();
    int status = javap.run(new PrintWriter(out), new PrintWriter(out), "-c", "-p",
        files.get(0).toString());
    assertEquals(0, status, out.toString());
    assertTrue(out.toString().contains("extends dev.rvjit.interp.CompiledCode")
        && out.toString().contains("public int run(dev.rvjit.cpu.Hart, long);"), out.toString());
  }

  private Document parseXhtml(Path html) throws Exception {
    var f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(html.toFile());
  }

  @Test
  void htmlIsWellFormedSelfContainedAndSideBySide() throws Exception {
    Path html = tmp.resolve("inspect.html");
    inspect("--top", "3", "--format", "html", "--out", html.toString());
    Document doc = parseXhtml(html);
    assertEquals("html", doc.getDocumentElement().getLocalName());
    assertEquals(3, doc.getElementsByTagName("h2").getLength());
    assertEquals(6, doc.getElementsByTagName("pre").getLength()); // guest + bytecode per unit
    assertEquals(0, doc.getElementsByTagName("script").getLength());
    assertEquals(0, doc.getElementsByTagName("link").getLength()); // CSS inline, nothing fetched
    String text = Files.readString(html);
    assertTrue(text.contains("GETFIELD dev/rvjit/cpu/Hart.x") && text.contains("&lt;main+0x"),
        text.substring(0, 2000));
  }

  @Test
  void htmlRendersInHeadlessChromium() throws Exception {
    Path chromium = Tools.require("chromium");
    Path html = tmp.resolve("inspect.html");
    inspect("--top", "3", "--format", "html", "--out", html.toString());
    Path png = tmp.resolve("inspect.png");
    Path profile = Files.createDirectory(tmp.resolve("chromium-profile"));
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
        "--screenshot=" + png, "--window-size=1280,900", html.toUri().toString())
        .redirectErrorStream(true).start();
    byte[] log = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "chromium hung");
    assertEquals(0, p.exitValue(), new String(log, StandardCharsets.UTF_8));
    assertTrue(Files.size(png) > 20_000, "screenshot only " + Files.size(png) + " bytes");
    var img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png)));
    assertEquals(1280, img.getWidth());
    // Not a blank page: count distinct colours in the upper half (text, bars, code boxes).
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight() / 2; y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        colours.add(img.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 20, colours.size() + " colours");
    String keep = System.getenv("RVJIT_SCREENSHOT_DIR");
    if (keep != null) {
      Files.copy(png, Path.of(keep).resolve("inspect.png"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
