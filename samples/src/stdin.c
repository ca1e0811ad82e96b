/* stdin.c - reads all of stdin with read(2) in small chunks, prints
 * line/word/byte counts like wc(1), a checksum, and then echoes the input
 * ROT13-transformed. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char rot13(char c)
{
    if (c >= 'a' && c <= 'z')
        return (char)('a' + (c - 'a' + 13) % 26);
    if (c >= 'A' && c <= 'Z')
        return (char)('A' + (c - 'A' + 13) % 26);
    return c;
}

int main(void)
{
    size_t cap = 256, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return 1;
    char chunk[61]; /* deliberately odd-sized reads */
    int reads = 0;
    for (;;) {
        ssize_t r = read(0, chunk, sizeof chunk);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            printf("read error: %s\n", strerror(errno));
            return 1;
        }
        if (r == 0)
            break;
        reads++;
        if (len + (size_t)r > cap) {
            while (len + (size_t)r > cap)
                cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb)
                return 1;
            buf = nb;
        }
        memcpy(buf + len, chunk, (size_t)r);
        len += (size_t)r;
    }

    long lines = 0, words = 0;
    int inword = 0;
    uint32_t crc = 0xFFFFFFFFu; /* CRC-32 (IEEE), bitwise */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c == '\n')
            lines++;
        if (isspace(c)) {
            inword = 0;
        } else if (!inword) {
            inword = 1;
            words++;
        }
        crc ^= c;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    crc ^= 0xFFFFFFFFu;

    printf("%7ld %7ld %7zu\n", lines, words, len);
    printf("crc32: %08x\n", (unsigned)crc);
    printf("nonempty reads: %s\n", reads > 0 ? "yes" : "no");
    printf("--- rot13 ---\n");
    for (size_t i = 0; i < len; i++)
        buf[i] = rot13(buf[i]);
    fwrite(buf, 1, len, stdout);
    if (len > 0 && buf[len - 1] != '\n')
        putchar('\n');
    printf("--- end ---\n");
    free(buf);
    return 0;
}
