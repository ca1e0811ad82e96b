/* args.c - prints argc, argv[1..], then the environment (envp) in order.
 * Exit status is 3 when argc > 5, else 0, so exit codes get exercised.
 *
 * If argv[1] is "--sort-env", the environment is printed sorted instead of
 * in envp order.  The test case for the environment uses this because
 * qemu-user (7.2) hands the guest its environment in REVERSED order, while
 * the Linux kernel keeps execve's order; sorting makes the expected output
 * independent of that quirk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv, char **envp)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=[%s]\n", i, argv[i]);
    int n = 0;
    while (envp[n] != NULL)
        n++;
    char **env = envp;
    if (argc > 1 && strcmp(argv[1], "--sort-env") == 0) {
        env = malloc(((size_t)n + 1) * sizeof *env);
        if (!env)
            return 1;
        memcpy(env, envp, ((size_t)n + 1) * sizeof *env);
        qsort(env, (size_t)n, sizeof *env, cmp_str);
        printf("(environment sorted)\n");
    }
    for (int i = 0; i < n; i++)
        printf("env[%d]=[%s]\n", i, env[i]);
    printf("envc=%d\n", n);
    const char *home = getenv("HOME");
    printf("getenv(HOME)=%s\n", home ? home : "(unset)");
    return argc > 5 ? 3 : 0;
}
