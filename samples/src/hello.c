/* hello.c - the smallest possible guest: one line to stdout, exit 0. */
#include <stdio.h>

int main(void)
{
    puts("Hello, world!");
    return 0;
}
