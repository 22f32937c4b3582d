#!/usr/bin/env bash
# One quiet step of a quick-start target:
#
#   tools/step.sh "Building effcap" make with_llvm=no
#
# prints the label, runs the command with its output kept aside, and ends the
# line with the time taken; when the command fails, its whole output follows
# and the step fails with the command's status.
set -uo pipefail
label=$1
shift
log=$(mktemp /tmp/effcap-step.XXXXXX)
trap 'rm -f "$log"' EXIT
printf '%s ... ' "$label"
start=$(date +%s)
"$@" >"$log" 2>&1
status=$?
if [ "$status" != 0 ]; then
	echo "failed:"
	cat "$log"
	exit "$status"
fi
echo "done ($(( $(date +%s) - start )) s)"
