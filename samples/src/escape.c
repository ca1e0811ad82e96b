/* escape: tries to get out of rvjit's --root, one numbered attempt per line.
 *
 *   escape HOSTDIR HOSTROOT
 *
 * HOSTDIR is a host directory outside the root holding secret.txt (whose text starts with
 * TOPSECRET); HOSTROOT is the host path of the root itself. Every attempt prints "blocked" (the
 * call failed), "contained" (it worked, but inside the root: the test checks the host side), or
 * "ESCAPED" (the guest read the secret or saw the host outside). The test expects no ESCAPED,
 * and checks that nothing outside the root changed. The test lays out the root like this:
 *   ROOT/hostlink -> HOSTDIR (absolute)   ROOT/rel -> ../outside   ROOT/mine.txt
 *   /ro: a read-only mount holding data.txt and link -> ../outside
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int n;
static const char *H;    /* host dir outside the root */
static const char *HR;   /* host path of the root */

static void result(const char *what, const char *verdict) {
  printf("%2d %-46s %s\n", ++n, what, verdict);
}

static const char *p(const char *a, const char *b) {
  static char pool[8][8192];
  static int k;
  char *s = pool[k++ & 7];
  snprintf(s, sizeof pool[0], "%s%s", a, b);
  return s;
}

static int secret_fd(int fd) {
  char b[64] = {0};
  if (fd < 0) return 0;
  int k = (int) read(fd, b, sizeof b - 1);
  close(fd);
  return k > 0 && strstr(b, "TOPSECRET") != NULL;
}

static int secret(const char *path) { return secret_fd(open(path, O_RDONLY)); }

/* read attempt: ESCAPED if the secret came back */
static void tryread(const char *what, int got) { result(what, got ? "ESCAPED" : "blocked"); }

/* write attempt: the call's own result; the test checks the host */
static void trywrite(const char *what, int rc) { result(what, rc < 0 ? "blocked" : "contained"); }

/* ESCAPED if a host path (the root's, or the outside dir's) shows up in s */
static void noleak(const char *what, const char *s, int rc) {
  int leak = rc >= 0 && (strstr(s, HR) != NULL || strstr(s, H) != NULL);
  result(what, leak ? "ESCAPED" : "blocked");
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: escape HOSTDIR HOSTROOT\n");
    return 2;
  }
  H = argv[1];
  HR = argv[2];
  const char *S = p(H, "/secret.txt");
  struct stat st;
  char buf[8192];
  int fd;

  tryread("absolute host path", secret(S));
  tryread("/.. chain + host path", secret(p("/../../../../../../../..", S)));
  tryread("relative ../outside from /", (chdir("/"), secret("../outside/secret.txt")));
  tryread("/../outside (root's host sibling)", secret("/../outside/secret.txt"));
  mkdir("/a", 0755);
  mkdir("/a/b", 0755);
  tryread("deep ../../../.. from /a/b", (chdir("/a/b"), secret("../../../../../outside/secret.txt")));
  chdir("/");
  tryread("guest-made absolute symlink", (symlink(S, "/l1"), secret("/l1")));
  tryread("guest-made relative symlink", (symlink("../outside/secret.txt", "/l2"),
      secret("/l2")));
  tryread("guest-made symlink to .. then walk", (symlink("..", "/up"),
      secret("/up/outside/secret.txt")));
  symlink("/c2/../..", "/c1");
  symlink("../../..", "/c2");
  tryread("symlink chain c1->c2->../../..", secret("/c1/outside/secret.txt"));
  tryread("host-made absolute symlink in root", secret("/hostlink/secret.txt"));
  tryread("host-made relative symlink in root", secret("/rel/secret.txt"));
  tryread("/proc/self/root + host path", secret(p("/proc/self/root", S)));
  tryread("/proc/self/cwd/../outside", secret("/proc/self/cwd/../outside/secret.txt"));
  fd = open("/", O_RDONLY | O_DIRECTORY);
  snprintf(buf, sizeof buf, "/proc/self/fd/%d/../outside/secret.txt", fd);
  tryread("/proc/self/fd/N/.. of a dir fd", secret(buf));
  tryread("openat(dirfd of /, ../outside)",
      secret_fd(openat(fd, "../outside/secret.txt", O_RDONLY)));
  tryread("openat(dirfd, absolute host path)", secret_fd(openat(fd, S, O_RDONLY)));
  int sub = open("/a/b", O_RDONLY | O_DIRECTORY);
  tryread("openat(dirfd of /a/b, ../../../..)",
      secret_fd(openat(sub, "../../../../outside/secret.txt", O_RDONLY)));
  tryread("fchdir(dirfd) then ../..", (fchdir(sub), secret("../../../outside/secret.txt")));
  chdir("/");
  for (int i = 0; i < 50; i++) chdir("..");
  tryread("chdir(..) x50 then outside/", secret("outside/secret.txt"));
  noleak("getcwd after chdir(..) x50", getcwd(buf, sizeof buf) ? buf : "", 0);
  tryread("hard link to host path", (link(S, "/hl"), secret("/hl")));
  symlink(S, "/sl");
  tryread("linkat AT_SYMLINK_FOLLOW via symlink",
      (linkat(AT_FDCWD, "/sl", AT_FDCWD, "/hl2", AT_SYMLINK_FOLLOW), secret("/hl2")));
  tryread("rename outside file in", (rename(S, "/stolen"), secret("/stolen")));
  tryread("stat of host path", stat(S, &st) == 0);
  tryread("access of host path", access(S, R_OK) == 0);
  tryread("mount point ../.. (/ro/../../outside)", secret("/ro/../../outside/secret.txt"));
  tryread("host-made relative symlink in ro mount", secret("/ro/link/secret.txt"));
  tryread("symlink with trailing slash", (symlink(H, "/l3"), secret("/l3/./secret.txt")));
  {
    char longp[4200] = "";
    for (int i = 0; i < 1000; i++) strcat(longp, "../");
    strcat(longp, "outside/secret.txt");
    tryread("4000-char ../ chain", secret(longp));
  }
  {
    int seen = 0;
    DIR *d = opendir("/..");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) seen |= strcmp(e->d_name, "outside") == 0;
    if (d) closedir(d);
    result("readdir(/..) lists the host parent", seen ? "ESCAPED" : "blocked");
  }
  {
    ssize_t k = readlink("/proc/self/exe", buf, sizeof buf - 1);
    buf[k > 0 ? k : 0] = 0;
    noleak("readlink /proc/self/exe shows no host root", buf, (int) k);
  }
  {
    ssize_t k = readlink("/proc/self/root", buf, sizeof buf - 1);
    buf[k > 0 ? k : 0] = 0;
    noleak("readlink /proc/self/root", buf, (int) k);
  }
  /* writes: the test checks that the host outside the root did not change */
  trywrite("create file via dangling symlink",
      (symlink(p(H, "/created.txt"), "/dangle"), open("/dangle", O_CREAT | O_WRONLY, 0644)));
  trywrite("rename file out of the root", rename("/mine.txt", "/../outside/moved.txt"));
  trywrite("symlink created at host path", symlink("x", p(H, "/evil")));
  trywrite("truncate host path", truncate(S, 0));
  trywrite("unlink host path", unlink(S));
  trywrite("chmod host path", chmod(S, 0777));
  trywrite("mkdir at host path", mkdir(p(H, "/newdir"), 0755));
  trywrite("open ro mount for writing", open("/ro/data.txt", O_WRONLY));
  trywrite("create in ro mount", open("/ro/new.txt", O_CREAT | O_WRONLY, 0644));
  trywrite("unlink in ro mount", unlink("/ro/data.txt"));
  trywrite("rename out of ro mount", rename("/ro/data.txt", "/moved.txt"));
  trywrite("chmod in ro mount", chmod("/ro/data.txt", 0777));
  trywrite("truncate in ro mount", truncate("/ro/data.txt", 0));
  trywrite("mkdir in ro mount", mkdir("/ro/d", 0755));
  trywrite("hard link into ro mount", link("/mine2.txt", "/ro/hl"));
  trywrite("write via ro link's target dir", open("/ro/link/new.txt", O_CREAT | O_WRONLY, 0644));
  trywrite("open /proc/self/exe for writing", open("/proc/self/exe", O_WRONLY));
  printf("done: %d attempts\n", n);
  return 0;
}
