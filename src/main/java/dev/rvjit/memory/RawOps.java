package dev.rvjit.memory;

import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;

/**
 * The innermost loads and stores of the flat memory region, the hottest code in rvjit.
 *
 * <p>The preferred implementation is a class generated at start-up whose methods each hold one
 * call to {@code jdk.internal.misc.Unsafe} (which HotSpot compiles to a single machine load or
 * store). It is generated because javac, compiling for release 17, may not name that class; the JVM
 * links it once {@code java.base/jdk.internal.misc} is exported to us, which the rvjit jar's
 * manifest ({@code Add-Exports}) and the test set-up arrange. Each method is a handful of bytes of
 * bytecode, so the whole access path of a guest load stays within HotSpot's inlining limits, both
 * in the interpreter's switch and in large compiled regions (measured: with the earlier
 * {@code ByteBuffer} VarHandle path, accesses in big methods stopped being inlined).
 *
 * <p>Without the export, {@link #create} falls back to {@link VarHandle}s on the buffer: the same
 * results, slower. Arguments are host addresses (raw) or buffer offsets (fallback); {@link Memory}
 * adds {@link #base()} to a guest address to get one.
 */
abstract class RawOps {
  /** What to add to a flat-region guest address to get this implementation's argument. */
  abstract long base();

  /** True for the generated raw implementation. */
  abstract boolean raw();

  abstract long getLong(long p);

  /**
   * The same 8 bytes as {@link #getLong}, as a double: HotSpot loads them straight into an FP
   * register, where a value whose bits compiled code also tests (an FP range check) would
   * otherwise be loaded into an integer register and moved to an FP one at every use.
   */
  abstract double getDouble(long p);

  /** Sign-extended. */
  abstract long getInt(long p);

  /** Zero-extended. */
  abstract long getIntU(long p);

  abstract long getShort(long p);

  abstract long getShortU(long p);

  abstract long getByte(long p);

  abstract long getByteU(long p);

  abstract void putLong(long p, long v);

  abstract void putInt(long p, long v);

  abstract void putShort(long p, long v);

  abstract void putByte(long p, long v);

  /** True if the generated raw implementation is available in this JVM. */
  static final boolean RAW_AVAILABLE = RawGenerator.CLASS != null;

  /**
   * The generated raw implementation as one object every {@link Memory} uses, or null where it is
   * unavailable. Its accessors take host addresses and read no state of their own (only
   * {@link #base()} does, and each Memory keeps its own base), so one object serves all. Being a
   * static final field, HotSpot treats it as a constant: a guest access calls into a known,
   * non-null object, with no load of a per-Memory field and no null check of it (measured in
   * sha256's round loop: both were there at each of its loads).
   */
  static final RawOps SHARED = RAW_AVAILABLE ? newRaw(0) : null;

  /** A new object of the generated raw class whose base is {@code address}, or null on failure. */
  private static RawOps newRaw(long address) {
    try {
      return (RawOps) RawGenerator.CLASS.getConstructor(long.class).newInstance(address);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The best implementation for a direct buffer. While {@link #SHARED} exists it is raw or
   * nothing: Memory then reaches the region through SHARED with this object's base, which only a
   * raw object's base fits.
   */
  static RawOps create(ByteBuffer flat) {
    if (RAW_AVAILABLE) {
      RawOps raw = null;
      try {
        raw = newRaw(RawGenerator.address(flat));
      } catch (ReflectiveOperationException | RuntimeException e) {
        // no address: the portable implementation, unless SHARED is in use
      }
      if (raw != null) {
        return raw;
      }
      if (SHARED != null) {
        throw new IllegalStateException("the flat region's address could not be read");
      }
    }
    // Not "new Portable(flat)" here: that would make the verifier load Portable with this class.
    // While the generated class is the only loaded implementation, HotSpot binds the calls of
    // Memory's accessors to it without a type check (class hierarchy analysis).
    return Portable.create(flat);
  }

  /** Generates the raw implementation once per JVM. */
  private static final class RawGenerator {
    static final Class<?> CLASS;
    private static final String UNSAFE = "jdk/internal/misc/Unsafe";

    static {
      Class<?> c = null;
      if (!Boolean.getBoolean("rvjit.portableMemory")) {
        try {
          Module base = Object.class.getModule();
          if (base.isExported("jdk.internal.misc", RawOps.class.getModule())) {
            byte[] bytes = generate();
            c = MethodHandles.lookup().defineHiddenClass(bytes, true).lookupClass();
          }
        } catch (IllegalAccessException | RuntimeException | LinkageError e) {
          c = null;
        }
      }
      CLASS = c;
    }

    /** The address of a direct buffer's first byte, read with the raw class's own Unsafe. */
    static long address(Buffer b) throws ReflectiveOperationException {
      return (long) CLASS.getMethod("addressOf", Buffer.class).invoke(null, b);
    }

    private static byte[] generate() {
      String self = "dev/rvjit/memory/RawOps$Unsafe";
      ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
      cw.visit(V17, ACC_FINAL | ACC_SUPER, self, null, "dev/rvjit/memory/RawOps", null);
      cw.visitField(ACC_PRIVATE | ACC_STATIC | ACC_FINAL, "U", "L" + UNSAFE + ";", null, null)
          .visitEnd();
      cw.visitField(ACC_PRIVATE | ACC_FINAL, "base", "J", null, null).visitEnd();

      MethodVisitor m = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
      m.visitCode();
      m.visitMethodInsn(INVOKESTATIC, UNSAFE, "getUnsafe", "()L" + UNSAFE + ";", false);
      m.visitFieldInsn(PUTSTATIC, self, "U", "L" + UNSAFE + ";");
      m.visitInsn(RETURN);
      m.visitMaxs(0, 0);
      m.visitEnd();

      m = cw.visitMethod(ACC_PUBLIC, "<init>", "(J)V", null, null);
      m.visitCode();
      m.visitVarInsn(ALOAD, 0);
      m.visitMethodInsn(INVOKESPECIAL, "dev/rvjit/memory/RawOps", "<init>", "()V", false);
      m.visitVarInsn(ALOAD, 0);
      m.visitVarInsn(LLOAD, 1);
      m.visitFieldInsn(PUTFIELD, self, "base", "J");
      m.visitInsn(RETURN);
      m.visitMaxs(0, 0);
      m.visitEnd();

      // static long addressOf(Buffer b): U.getLong(b, U.objectFieldOffset(Buffer.class, "address"))
      m = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, "addressOf", "(Ljava/nio/Buffer;)J", null, null);
      m.visitCode();
      m.visitFieldInsn(GETSTATIC, self, "U", "L" + UNSAFE + ";");
      m.visitVarInsn(ALOAD, 0);
      m.visitFieldInsn(GETSTATIC, self, "U", "L" + UNSAFE + ";");
      m.visitLdcInsn(org.objectweb.asm.Type.getType(Buffer.class));
      m.visitLdcInsn("address");
      m.visitMethodInsn(INVOKEVIRTUAL, UNSAFE, "objectFieldOffset",
          "(Ljava/lang/Class;Ljava/lang/String;)J", false);
      m.visitMethodInsn(INVOKEVIRTUAL, UNSAFE, "getLong", "(Ljava/lang/Object;J)J", false);
      m.visitInsn(LRETURN);
      m.visitMaxs(0, 0);
      m.visitEnd();

      m = cw.visitMethod(0, "raw", "()Z", null, null);
      m.visitCode();
      m.visitInsn(ICONST_1);
      m.visitInsn(IRETURN);
      m.visitMaxs(0, 0);
      m.visitEnd();

      m = cw.visitMethod(0, "base", "()J", null, null);
      m.visitCode();
      m.visitVarInsn(ALOAD, 0);
      m.visitFieldInsn(GETFIELD, self, "base", "J");
      m.visitInsn(LRETURN);
      m.visitMaxs(0, 0);
      m.visitEnd();

      load(cw, self, "getLong", "getLongUnaligned", "J", -1);
      // double getDouble(long p): U.getDouble(null, p) (x86 and AArch64 loads need no alignment)
      m = cw.visitMethod(0, "getDouble", "(J)D", null, null);
      m.visitCode();
      m.visitFieldInsn(GETSTATIC, self, "U", "L" + UNSAFE + ";");
      m.visitInsn(ACONST_NULL);
      m.visitVarInsn(LLOAD, 1);
      m.visitMethodInsn(INVOKEVIRTUAL, UNSAFE, "getDouble", "(Ljava/lang/Object;J)D", false);
      m.visitInsn(DRETURN);
      m.visitMaxs(0, 0);
      m.visitEnd();
      load(cw, self, "getInt", "getIntUnaligned", "I", 0);
      load(cw, self, "getIntU", "getIntUnaligned", "I", 0xffffffffL);
      load(cw, self, "getShort", "getShortUnaligned", "S", 0);
      load(cw, self, "getShortU", "getShortUnaligned", "S", 0xffffL);
      load(cw, self, "getByte", "getByte", "B", 0);
      load(cw, self, "getByteU", "getByte", "B", 0xffL);
      store(cw, self, "putLong", "putLongUnaligned", "J");
      store(cw, self, "putInt", "putIntUnaligned", "I");
      store(cw, self, "putShort", "putShortUnaligned", "S");
      store(cw, self, "putByte", "putByte", "B");
      cw.visitEnd();
      return cw.toByteArray();
    }

    /** {@code long name(long p)}: U.unsafeName(null, p), widened; masked when {@code mask > 0}. */
    private static void load(ClassWriter cw, String self, String name, String unsafeName,
        String type, long mask) {
      MethodVisitor m = cw.visitMethod(0, name, "(J)J", null, null);
      m.visitCode();
      m.visitFieldInsn(GETSTATIC, self, "U", "L" + UNSAFE + ";");
      m.visitInsn(ACONST_NULL);
      m.visitVarInsn(LLOAD, 1);
      m.visitMethodInsn(INVOKEVIRTUAL, UNSAFE, unsafeName, "(Ljava/lang/Object;J)" + type, false);
      if (!type.equals("J")) {
        m.visitInsn(I2L);
        if (mask > 0) {
          m.visitLdcInsn(mask);
          m.visitInsn(LAND);
        }
      }
      m.visitInsn(LRETURN);
      m.visitMaxs(0, 0);
      m.visitEnd();
    }

    /** {@code void name(long p, long v)}: U.unsafeName(null, p, (narrowed) v). */
    private static void store(ClassWriter cw, String self, String name, String unsafeName,
        String type) {
      MethodVisitor m = cw.visitMethod(0, name, "(JJ)V", null, null);
      m.visitCode();
      m.visitFieldInsn(GETSTATIC, self, "U", "L" + UNSAFE + ";");
      m.visitInsn(ACONST_NULL);
      m.visitVarInsn(LLOAD, 1);
      m.visitVarInsn(LLOAD, 3);
      if (!type.equals("J")) {
        m.visitInsn(L2I);
        if (type.equals("S")) {
          m.visitInsn(I2S);
        } else if (type.equals("B")) {
          m.visitInsn(I2B);
        }
      }
      m.visitMethodInsn(INVOKEVIRTUAL, UNSAFE, unsafeName, "(Ljava/lang/Object;J" + type + ")V",
          false);
      m.visitInsn(RETURN);
      m.visitMaxs(0, 0);
      m.visitEnd();
    }
  }

  /** The portable implementation: VarHandles on the buffer; arguments are buffer offsets. */
  static final class Portable extends RawOps {
    private static final VarHandle I64 =
        MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 =
        MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16 =
        MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer b;

    Portable(ByteBuffer b) {
      this.b = b;
    }

    static RawOps create(ByteBuffer b) {
      return new Portable(b);
    }

    @Override
    boolean raw() {
      return false;
    }

    @Override
    long base() {
      return 0;
    }

    @Override
    long getLong(long p) {
      return (long) I64.get(b, (int) p);
    }

    @Override
    long getInt(long p) {
      return (int) I32.get(b, (int) p);
    }

    @Override
    long getIntU(long p) {
      return (int) I32.get(b, (int) p) & 0xffffffffL;
    }

    @Override
    long getShort(long p) {
      return (short) I16.get(b, (int) p);
    }

    @Override
    long getShortU(long p) {
      return (short) I16.get(b, (int) p) & 0xffffL;
    }

    @Override
    double getDouble(long p) {
      return Double.longBitsToDouble(getLong(p));
    }

    @Override
    long getByte(long p) {
      return b.get((int) p);
    }

    @Override
    long getByteU(long p) {
      return b.get((int) p) & 0xffL;
    }

    @Override
    void putLong(long p, long v) {
      I64.set(b, (int) p, v);
    }

    @Override
    void putInt(long p, long v) {
      I32.set(b, (int) p, (int) v);
    }

    @Override
    void putShort(long p, long v) {
      I16.set(b, (int) p, (short) v);
    }

    @Override
    void putByte(long p, long v) {
      b.put((int) p, (byte) v);
    }
  }
}
