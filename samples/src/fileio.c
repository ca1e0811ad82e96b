/* fileio.c - file system exercise.
 *
 * usage: fileio DIR
 * Creates DIR/work, writes files with stdio (fopen/fwrite) and with raw
 * syscalls (open/write/pwrite/lseek/ftruncate), reads them back with
 * fread/read/pread/mmap(MAP_PRIVATE), checks sizes with stat/fstat, renames
 * a file, lists the directory (sorted), then unlinks everything and removes
 * the directory.  Only paths relative to DIR are printed, never times, inode
 * numbers or modes, so the output is the same on every run. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static uint64_t checksum = 1469598103934665603ULL; /* FNV-1a 64 offset basis */

static void mix(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        checksum ^= b[i];
        checksum *= 1099511628211ULL;
    }
}

static const char *errno_name(int e)
{
    switch (e) {
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EACCES: return "EACCES";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    default: return "E?";
    }
}

static void fail(const char *what, const char *rel)
{
    int e = errno;
    printf("FAIL %s %s: %s (%s=%d)\n", what, rel, strerror(e), errno_name(e), e);
    exit(1);
}

static char base[4096];

/* Builds BASE/rel into a static buffer. */
static const char *path(const char *rel)
{
    static char buf[2][sizeof base + 600];
    static int which;
    which ^= 1;
    snprintf(buf[which], sizeof buf[which], "%s/%s", base, rel);
    return buf[which];
}

static void write_all(int fd, const void *p, size_t n, const char *rel)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            fail("write", rel);
        }
        c += w;
        n -= (size_t)w;
    }
}

static size_t read_all(int fd, void *p, size_t n, const char *rel)
{
    char *c = p;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, c + got, n - got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            fail("read", rel);
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return got;
}

static long long size_of(const char *rel)
{
    struct stat st;
    if (stat(path(rel), &st) != 0)
        fail("stat", rel);
    if (!S_ISREG(st.st_mode))
        printf("  %s is not a regular file\n", rel);
    return (long long)st.st_size;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Lists directory rel with opendir/readdir, sorted; returns entry count. */
static int list_dir(const char *rel)
{
    DIR *d = opendir(path(rel));
    if (!d)
        fail("opendir", rel);
    char *names[64];
    int n = 0;
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (n < 64)
            names[n++] = strdup(de->d_name);
    }
    if (errno != 0)
        fail("readdir", rel);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_str);
    printf("listing %s: %d entries\n", rel, n);
    for (int i = 0; i < n; i++) {
        char sub[512];
        snprintf(sub, sizeof sub, "%s/%s", rel, names[i]);
        struct stat st;
        if (stat(path(sub), &st) != 0)
            fail("stat", sub);
        if (S_ISDIR(st.st_mode))
            printf("  %s/ (dir)\n", names[i]);
        else
            printf("  %s %lld bytes\n", names[i], (long long)st.st_size);
        mix(names[i], strlen(names[i]));
        free(names[i]);
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    snprintf(base, sizeof base, "%s", argv[1]);

    /* 1. directory */
    if (mkdir(path("work"), 0755) != 0)
        fail("mkdir", "work");
    printf("mkdir work: ok\n");
    if (mkdir(path("work"), 0755) == 0)
        printf("mkdir work again: unexpectedly succeeded\n");
    else
        printf("mkdir work again: %s (%s)\n", strerror(errno), errno_name(errno));
    if (mkdir(path("work/nested"), 0700) != 0)
        fail("mkdir", "work/nested");
    printf("mkdir work/nested: ok\n");

    /* 2. stdio file: 200 text lines */
    FILE *f = fopen(path("work/text.txt"), "w");
    if (!f)
        fail("fopen", "work/text.txt");
    size_t text_bytes = 0;
    for (int i = 0; i < 200; i++) {
        char line[128];
        int len = snprintf(line, sizeof line, "line %03d: value=%d square=%d\n",
                           i, i * 7 - 300, i * i);
        if (fwrite(line, 1, (size_t)len, f) != (size_t)len)
            fail("fwrite", "work/text.txt");
        text_bytes += (size_t)len;
    }
    if (fprintf(f, "end of text\n") < 0)
        fail("fprintf", "work/text.txt");
    text_bytes += 12;
    if (fclose(f) != 0)
        fail("fclose", "work/text.txt");
    printf("wrote work/text.txt with fwrite: %zu bytes\n", text_bytes);

    /* 3. raw syscall file: 3 blocks of 4096, a pwrite patch, a hole */
    static unsigned char block[4096];
    int fd = open(path("work/data.bin"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        fail("open", "work/data.bin");
    for (int b = 0; b < 3; b++) {
        for (int i = 0; i < 4096; i++)
            block[i] = (unsigned char)((i * 31 + b * 17) ^ (i >> 8));
        write_all(fd, block, sizeof block, "work/data.bin");
    }
    const char patch[] = "PATCHED-BY-PWRITE";
    if (pwrite(fd, patch, sizeof patch - 1, 5000) != (ssize_t)(sizeof patch - 1))
        fail("pwrite", "work/data.bin");
    off_t pos = lseek(fd, 0, SEEK_CUR);
    printf("after pwrite, offset still %lld\n", (long long)pos);
    pos = lseek(fd, 20000, SEEK_SET); /* leaves a hole 12288..19999 */
    if (pos < 0)
        fail("lseek", "work/data.bin");
    write_all(fd, "TAIL", 4, "work/data.bin");
    pos = lseek(fd, 0, SEEK_END);
    printf("lseek SEEK_END: %lld\n", (long long)pos);
    struct stat st;
    if (fstat(fd, &st) != 0)
        fail("fstat", "work/data.bin");
    printf("fstat work/data.bin: %lld bytes\n", (long long)st.st_size);
    if (close(fd) != 0)
        fail("close", "work/data.bin");

    /* 4. O_APPEND + ftruncate on a third file */
    fd = open(path("work/log.txt"), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0)
        fail("open", "work/log.txt");
    for (int i = 0; i < 5; i++) {
        char msg[64];
        int len = snprintf(msg, sizeof msg, "append #%d\n", i);
        write_all(fd, msg, (size_t)len, "work/log.txt");
    }
    if (ftruncate(fd, 30) != 0)
        fail("ftruncate", "work/log.txt");
    write_all(fd, "after-truncate\n", 15, "work/log.txt");
    close(fd);
    printf("work/log.txt size: %lld\n", size_of("work/log.txt"));

    /* 5. read back text with fread */
    f = fopen(path("work/text.txt"), "r");
    if (!f)
        fail("fopen", "work/text.txt");
    char *text = malloc(text_bytes + 1);
    size_t got = fread(text, 1, text_bytes + 1, f);
    fclose(f);
    text[got < text_bytes ? got : text_bytes] = '\0';
    int lines = 0;
    for (size_t i = 0; i < got; i++)
        lines += text[i] == '\n';
    mix(text, got);
    const char *l100 = strstr(text, "line 100");
    if (!l100)
        l100 = "?";
    printf("fread work/text.txt: %zu bytes, %d lines, line 100 = \"%.*s\"\n",
           got, lines, (int)strcspn(l100, "\n"), l100);
    free(text);

    /* 6. read back data.bin with read, pread and mmap */
    fd = open(path("work/data.bin"), O_RDONLY);
    if (fd < 0)
        fail("open", "work/data.bin");
    static unsigned char whole[20004];
    size_t n = read_all(fd, whole, sizeof whole, "work/data.bin");
    unsigned char extra;
    ssize_t eof = read(fd, &extra, 1);
    printf("read work/data.bin: %zu bytes, read at EOF returned %zd\n", n, eof);
    int hole_zero = 1;
    for (int i = 12288; i < 20000; i++)
        if (whole[i] != 0)
            hole_zero = 0;
    printf("hole is zero-filled: %s\n", hole_zero ? "yes" : "no");
    printf("tail: %.4s\n", (const char *)whole + 20000);
    mix(whole, n);

    char pbuf[32] = {0};
    if (pread(fd, pbuf, sizeof patch - 1, 5000) != (ssize_t)(sizeof patch - 1))
        fail("pread", "work/data.bin");
    printf("pread @5000: %s\n", pbuf);

    void *map = mmap(NULL, (size_t)n, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED)
        fail("mmap", "work/data.bin");
    unsigned char *m = map;
    printf("mmap matches read: %s\n", memcmp(m, whole, n) == 0 ? "yes" : "no");
    memcpy(m + 5000, "private-change!!!", 17); /* must not reach the file */
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++)
        sum = sum * 33 + m[i];
    printf("mmap byte sum hash: %08x\n", sum);
    munmap(map, (size_t)n);
    memset(pbuf, 0, sizeof pbuf);
    if (pread(fd, pbuf, sizeof patch - 1, 5000) < 0)
        fail("pread", "work/data.bin");
    printf("after MAP_PRIVATE write, file still has: %s\n", pbuf);
    close(fd);

    /* 7. rename, then stat old and new names */
    if (rename(path("work/text.txt"), path("work/renamed.txt")) != 0)
        fail("rename", "work/text.txt");
    printf("rename work/text.txt -> work/renamed.txt: ok\n");
    if (stat(path("work/text.txt"), &st) != 0)
        printf("stat work/text.txt: %s (%s)\n", strerror(errno), errno_name(errno));
    printf("stat work/renamed.txt: %lld bytes\n", size_of("work/renamed.txt"));

    /* 8. a file inside the nested directory, then listings */
    f = fopen(path("work/nested/inner.txt"), "w");
    if (!f)
        fail("fopen", "work/nested/inner.txt");
    fputs("inner file\n", f);
    fclose(f);
    list_dir("work");
    list_dir("work/nested");

    /* 9. errors: missing file, rmdir of non-empty dir */
    errno = 0;
    fd = open(path("work/does-not-exist"), O_RDONLY);
    int e = errno;
    printf("open work/does-not-exist: fd=%d errno=%s (%d) \"%s\"\n",
           fd, errno_name(e), e, strerror(e));
    f = fopen(path("work/missing/dir/file"), "r");
    printf("fopen work/missing/dir/file: %s, %s\n", f ? "opened?!" : "NULL",
           errno_name(errno));
    if (rmdir(path("work")) == 0)
        printf("rmdir work (non-empty): unexpectedly succeeded\n");
    else /* POSIX allows either errno here */
        printf("rmdir work (non-empty): %s\n",
               errno == ENOTEMPTY || errno == EEXIST ? "refused (ENOTEMPTY/EEXIST)"
                                                     : errno_name(errno));

    /* 10. clean up */
    const char *files[] = {"work/renamed.txt", "work/data.bin", "work/log.txt",
                           "work/nested/inner.txt"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (unlink(path(files[i])) != 0)
            fail("unlink", files[i]);
        printf("unlink %s: ok\n", files[i]);
    }
    if (unlink(path("work/renamed.txt")) != 0)
        printf("unlink work/renamed.txt again: %s\n", errno_name(errno));
    if (rmdir(path("work/nested")) != 0)
        fail("rmdir", "work/nested");
    if (rmdir(path("work")) != 0)
        fail("rmdir", "work");
    printf("rmdir work/nested, work: ok\n");
    list_dir(".");
    printf("checksum: %016llx\n", (unsigned long long)checksum);
    return 0;
}
