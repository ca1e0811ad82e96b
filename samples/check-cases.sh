#!/bin/sh
# check-cases.sh [RUNNER...]
#
# Runs every case in cases/ through run-case.sh with RUNNER (default: qemu)
# and compares stdout, stderr and exit status with the expected files.
# Prints PASS/FAIL per case; exits 1 if any case failed.
# Set CASES="name1 name2" to run only some cases.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d) || exit 125
trap 'rm -rf "$out"' EXIT INT TERM

if [ -z "${CASES:-}" ]; then
    CASES=
    for f in "$here"/cases/*.args; do
        n=${f##*/}
        CASES="$CASES ${n%.args}"
    done
fi

pass=0
fail=0
for c in $CASES; do
    "$here/run-case.sh" "$c" "$@" >"$out/$c.stdout" 2>"$out/$c.stderr"
    echo $? >"$out/$c.status"
    bad=
    for ext in stdout stderr status; do
        if ! cmp -s "$out/$c.$ext" "$here/cases/$c.$ext"; then
            bad="$bad $ext"
        fi
    done
    if [ -z "$bad" ]; then
        echo "PASS $c"
        pass=$((pass + 1))
    else
        echo "FAIL $c (differs:$bad)"
        fail=$((fail + 1))
    fi
done
echo "passed $pass, failed $fail"
[ $fail -eq 0 ]
