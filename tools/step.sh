#!/usr/bin/env bash
# One quiet step of a quick-start target:
#
#   tools/step.sh "Building effcap" make with_llvm=no
#
# prints the label, runs the command with its output kept aside, and ends the
# line with the time taken; when the command fails, its whole output follows
# and the step fails with the command's status.  On a terminal the line
# updates every second while the command runs: the seconds so far and the
# last line of its output that starts with "progress: " (or an INFO
# "progress: ", as warehouse.generate() raises with warehouse.progress = on).
set -uo pipefail
label=$1
shift
log=$(mktemp /tmp/effcap-step.XXXXXX)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
if [ -t 1 ]; then
	exec 3<&0	# a background command would otherwise read /dev/null
	"$@" <&3 >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		phase=$(grep -oE 'progress: .*' "$log" 2>/dev/null | tail -n 1 | cut -c 11-)
		printf '\r\033[K%s ... %s%s s' "$label" "${phase:+$phase, }" "$(( $(date +%s) - start ))"
		sleep 1
	done
	wait "$pid"
	status=$?
	printf '\r\033[K%s ... ' "$label"
else
	printf '%s ... ' "$label"
	"$@" >"$log" 2>&1
	status=$?
fi
if [ "$status" != 0 ]; then
	echo "failed:"
	cat "$log"
	exit "$status"
fi
echo "done ($(( $(date +%s) - start )) s)"
