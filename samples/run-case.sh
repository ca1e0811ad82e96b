#!/bin/sh
# run-case.sh CASE [RUNNER...]
#
# Runs one test case of the rvjit samples and passes the guest's stdout,
# stderr and exit status straight through (this script's exit status is the
# guest's).  CASE is either a case name ("hello") or a path without extension
# ("cases/hello", "/abs/path/samples/cases/hello").  RUNNER is the command
# that executes a RISC-V binary; it defaults to
#     qemu-riscv64 -L /usr/riscv64-linux-gnu
#
# Case files (CASE.*):
#   .args    required.  Line 1: binary path relative to samples/.  Every
#            further line is one guest argument, verbatim.  "@TMP@" inside an
#            argument becomes a fresh empty temporary directory (mktemp -d),
#            which is deleted afterwards.
#   .env     optional.  The guest's complete environment, one KEY=VALUE per
#            line.  Absent means an empty environment.
#   .stdin   optional.  Bytes fed to the guest's stdin; absent means empty
#            (/dev/null).
# The guest runs with samples/ as its working directory, under `env -i`, so
# the runner itself also sees only the .env entries.
set -u

if [ $# -lt 1 ]; then
    echo "usage: $0 CASE [RUNNER...]" >&2
    exit 125
fi

here=$(cd "$(dirname "$0")" && pwd)
casepath=$1
shift
case $casepath in
    */*) ;;
    *) casepath=$here/cases/$casepath ;;
esac
case $casepath in
    /*) ;;
    *) casepath=$(pwd)/$casepath ;;
esac
if [ ! -f "$casepath.args" ]; then
    echo "run-case.sh: no such case: $casepath.args" >&2
    exit 125
fi
if [ $# -eq 0 ]; then
    set -- qemu-riscv64 -L /usr/riscv64-linux-gnu
fi

# quote ARG: print ARG as a single-quoted shell word
quote() {
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# The runner is looked up in PATH now, because env -i removes PATH.
runner_cmd=$(command -v "$1") || {
    echo "run-case.sh: runner not found: $1" >&2
    exit 125
}
shift
cmd="env -i"
if [ -f "$casepath.env" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
        cmd="$cmd $(quote "$line")"
    done <"$casepath.env"
fi
cmd="$cmd $(quote "$runner_cmd")"
for a in "$@"; do
    cmd="$cmd $(quote "$a")"
done

tmp=
first=1
while IFS= read -r line || [ -n "$line" ]; do
    if [ $first = 1 ]; then
        first=0
        cmd="$cmd $(quote "$line")"   # relative to samples/ (the cwd)
        continue
    fi
    while :; do
        case $line in
            *@TMP@*)
                if [ -z "$tmp" ]; then
                    tmp=$(mktemp -d) || exit 125
                fi
                line=${line%%@TMP@*}$tmp${line#*@TMP@}
                ;;
            *) break ;;
        esac
    done
    cmd="$cmd $(quote "$line")"
done <"$casepath.args"

stdin=/dev/null
if [ -f "$casepath.stdin" ]; then
    stdin=$casepath.stdin
fi

cd "$here" || exit 125
eval "$cmd" <"$stdin"
status=$?
if [ -n "$tmp" ]; then
    rm -rf "$tmp"
fi
exit $status
