/* escape_hog: a guest that tries to take more than it may (LimitsTest runs it).
 *
 *   escape_hog MODE
 *
 *   malloc  malloc 1 MiB blocks (touched) until malloc fails; prints how many
 *   mmap    mmap 16 MiB anonymous blocks until mmap fails; prints how many and the errno
 *   high    mmap 64 MiB at fixed addresses above 4 GiB until it fails (host-heap pages)
 *   fds     open("/") until it fails; prints how many and the errno; then tries to raise
 *           RLIMIT_NOFILE to 1<<20
 *   spin    prints a line, then loops forever without system calls
 *   spinsys prints a line, then loops forever calling getppid
 *   epipe   writes to a pipe whose read end is closed; prints the errno
 *   yes     writes lines to stdout until a write fails; prints the errno to stderr, exit 3
 *   full    writes to /dev/full (a disk that is always full); prints the errno
 *   fault   prints a line (stdout is a pipe: glibc buffers it), then stores to address 0
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

static const char *ename(int e) {
  switch (e) {
    case ENOMEM: return "ENOMEM";
    case EMFILE: return "EMFILE";
    case EPIPE: return "EPIPE";
    case EPERM: return "EPERM";
    case EINVAL: return "EINVAL";
    case EEXIST: return "EEXIST";
    case ENOSPC: return "ENOSPC";
    default: return "other";
  }
}

int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  if (!strcmp(m, "malloc")) {
    long n = 0;
    char *p;
    while ((p = malloc(1 << 20)) != NULL) {
      memset(p, 1, 1 << 20);
      n++;
    }
    printf("malloc: %ld MiB then NULL\n", n);
  } else if (!strcmp(m, "mmap")) {
    long n = 0;
    while (mmap(NULL, 16 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
           != MAP_FAILED) {
      n++;
    }
    printf("mmap: %ld x 16 MiB then %s\n", n, ename(errno));
  } else if (!strcmp(m, "high")) {
    long n = 0;
    for (;;) {
      void *want = (void *) (0x100000000L + n * (64L << 20));
      void *p = mmap(want, 64 << 20, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
      if (p == MAP_FAILED) break;
      n++;
    }
    printf("high: %ld x 64 MiB then %s\n", n, ename(errno));
  } else if (!strcmp(m, "fds")) {
    long n = 0;
    while (open("/", O_RDONLY) >= 0) n++;
    printf("fds: %ld then %s\n", n, ename(errno));
    struct rlimit r = {1 << 20, 1 << 20};
    printf("raise RLIMIT_NOFILE: %s\n", setrlimit(RLIMIT_NOFILE, &r) == 0 ? "ok" : ename(errno));
  } else if (!strcmp(m, "spin") || !strcmp(m, "spinsys")) {
    printf("spinning\n");
    fflush(stdout);
    volatile unsigned long x = 0;
    if (!strcmp(m, "spin")) {
      for (;;) x++;
    }
    for (;;) x += (unsigned long) getppid();
  } else if (!strcmp(m, "epipe")) {
    int fd[2];
    signal(SIGPIPE, SIG_IGN);
    pipe(fd);
    close(fd[0]);
    ssize_t k = write(fd[1], "x", 1);
    printf("pipe write: %zd %s\n", k, k < 0 ? ename(errno) : "");
  } else if (!strcmp(m, "yes")) {
    signal(SIGPIPE, SIG_IGN);
    for (;;) {
      if (write(1, "y\n", 2) < 0) {
        fprintf(stderr, "write: %s\n", ename(errno));
        return 3;
      }
    }
  } else if (!strcmp(m, "full")) {
    int fd = open("/dev/full", O_WRONLY);
    ssize_t k = fd < 0 ? -2 : write(fd, "x", 1);
    printf("disk full write: %zd %s\n", k, k == -1 ? ename(errno) : "");
  } else if (!strcmp(m, "fault")) {
    write(1, "before the fault\n", 17);
    *(volatile int *) 0 = 1;
  } else {
    fprintf(stderr, "usage: escape_hog MODE\n");
    return 2;
  }
  return 0;
}
