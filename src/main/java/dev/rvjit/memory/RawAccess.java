package dev.rvjit.memory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.Buffer;

/**
 * Raw loads and stores at absolute host addresses, through the JDK's internal
 * {@code jdk.internal.misc.Unsafe} (which HotSpot compiles to single machine instructions and which,
 * unlike {@code sun.misc.Unsafe}, is not being withdrawn with warnings). It is reached through
 * constant method handles, so nothing is compiled against it.
 *
 * <p>It needs {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}: the rvjit jar's manifest
 * says so for {@code java -jar}, and the test and benchmark set-ups pass it. Without it,
 * {@link #AVAILABLE} is false and {@link Memory} uses {@link java.lang.invoke.VarHandle}s instead:
 * the same results, more work for HotSpot's inliner.
 *
 * <p>Why it matters: each guest load or store in a compiled region inlines its access path; the
 * VarHandle path on a {@code ByteBuffer} is deep enough that large regions exhaust HotSpot's
 * inlining budget and then every access becomes a call (measured: the JIT ran 1.6x faster on the
 * qsort sample with raw access).
 */
final class RawAccess {
  /** True if raw access works in this JVM. */
  static final boolean AVAILABLE;
  static final MethodHandle GET_LONG;
  static final MethodHandle GET_INT;
  static final MethodHandle GET_SHORT;
  static final MethodHandle GET_BYTE;
  static final MethodHandle PUT_LONG;
  static final MethodHandle PUT_INT;
  static final MethodHandle PUT_SHORT;
  static final MethodHandle PUT_BYTE;
  private static final MethodHandle GET_LONG_FIELD;
  private static final long ADDRESS_OFFSET;

  static {
    MethodHandle gl = null;
    MethodHandle gi = null;
    MethodHandle gs = null;
    MethodHandle gb = null;
    MethodHandle pl = null;
    MethodHandle pi = null;
    MethodHandle ps = null;
    MethodHandle pb = null;
    MethodHandle glf = null;
    long addrOff = -1;
    boolean ok = false;
    if (!Boolean.getBoolean("rvjit.noRawAccess")) {
      try {
        Class<?> c = Class.forName("jdk.internal.misc.Unsafe");
        Object u = c.getMethod("getUnsafe").invoke(null);
        MethodHandles.Lookup l = MethodHandles.lookup();
        gl = l.findVirtual(c, "getLong", MethodType.methodType(long.class, Object.class, long.class))
            .bindTo(u);
        gi = l.findVirtual(c, "getInt", MethodType.methodType(int.class, Object.class, long.class))
            .bindTo(u);
        gs = l.findVirtual(c, "getShort",
            MethodType.methodType(short.class, Object.class, long.class)).bindTo(u);
        gb = l.findVirtual(c, "getByte", MethodType.methodType(byte.class, Object.class, long.class))
            .bindTo(u);
        pl = l.findVirtual(c, "putLong",
            MethodType.methodType(void.class, Object.class, long.class, long.class)).bindTo(u);
        pi = l.findVirtual(c, "putInt",
            MethodType.methodType(void.class, Object.class, long.class, int.class)).bindTo(u);
        ps = l.findVirtual(c, "putShort",
            MethodType.methodType(void.class, Object.class, long.class, short.class)).bindTo(u);
        pb = l.findVirtual(c, "putByte",
            MethodType.methodType(void.class, Object.class, long.class, byte.class)).bindTo(u);
        Field f = Buffer.class.getDeclaredField("address");
        addrOff = (long) c.getMethod("objectFieldOffset", Field.class).invoke(u, f);
        glf = gl;
        ok = true;
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        ok = false; // not exported to us: Memory falls back to VarHandles
      }
    }
    AVAILABLE = ok;
    GET_LONG = gl;
    GET_INT = gi;
    GET_SHORT = gs;
    GET_BYTE = gb;
    PUT_LONG = pl;
    PUT_INT = pi;
    PUT_SHORT = ps;
    PUT_BYTE = pb;
    GET_LONG_FIELD = glf;
    ADDRESS_OFFSET = addrOff;
  }

  private RawAccess() {}

  /** The host address of a direct buffer's first byte. */
  static long addressOf(Buffer direct) {
    try {
      return (long) GET_LONG_FIELD.invokeExact((Object) direct, ADDRESS_OFFSET);
    } catch (Throwable t) {
      throw new IllegalStateException("cannot read a direct buffer's address", t);
    }
  }
}
