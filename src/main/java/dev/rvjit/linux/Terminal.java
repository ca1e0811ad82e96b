package dev.rvjit.linux;

import dev.rvjit.memory.Memory;
import java.nio.ByteBuffer;

/**
 * Terminal ioctls on fds that rvjit treats as a tty (fds 0, 1 and 2 when the JVM has a console).
 * TCGETS answers a typical cooked-mode {@code struct termios}; TIOCGWINSZ the size from the
 * {@code LINES}/{@code COLUMNS} environment, else 24x80; setting either is accepted and ignored.
 */
final class Terminal {
  private Terminal() {}

  /** Size of the asm-generic {@code struct termios} (4 flag words, c_line, 19 control chars). */
  static final int TERMIOS_SIZE = 36;

  static long ioctl(Memory mem, int request, long arg) {
    switch (request) {
      case Abi.TCGETS: {
        ByteBuffer b = GuestData.struct(TERMIOS_SIZE);
        b.putInt(0, 0x500); // c_iflag: ICRNL | IXON
        b.putInt(4, 0x5); // c_oflag: OPOST | ONLCR
        b.putInt(8, 0xbf); // c_cflag: B38400 | CS8 | CREAD
        b.putInt(12, 0x8a3b); // c_lflag: ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
        // c_cc: VINTR VQUIT VERASE VKILL VEOF VTIME VMIN VSWTC VSTART VSTOP VSUSP VEOL VREPRINT
        // VDISCARD VWERASE VLNEXT VEOL2
        byte[] cc = {3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16,
          0};
        b.put(17, cc);
        GuestData.write(mem, arg, b);
        return 0;
      }
      case Abi.TCSETS:
      case Abi.TCSETSW:
      case Abi.TCSETSF:
        mem.read(arg, TERMIOS_SIZE);
        return 0;
      case Abi.TIOCGWINSZ: {
        ByteBuffer b = GuestData.struct(8);
        b.putShort(0, (short) envInt("LINES", 24));
        b.putShort(2, (short) envInt("COLUMNS", 80));
        GuestData.write(mem, arg, b);
        return 0;
      }
      case Abi.TIOCSWINSZ:
        mem.read(arg, 8);
        return 0;
      case Abi.TIOCGPGRP:
        GuestData.writeInt(mem, arg, (int) ProcessHandle.current().pid());
        return 0;
      default:
        throw new SyscallError(Errno.ENOTTY);
    }
  }

  private static int envInt(String name, int dflt) {
    try {
      String v = System.getenv(name);
      return v == null ? dflt : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
