#!/usr/bin/env bash
# Whether a server log shows what a client cannot see: an assertion failure
# (TRAP:), a sanitizer report, a memory-context warning of an
# assertion-enabled server, a backend that died, a PANIC.  Prints those
# lines and exits 1; exits 0 for a clean log.
#
#   tools/server-log-check.sh LOGFILE
set -u
pattern='TRAP:|AddressSanitizer|LeakSanitizer|runtime error:|detected write past chunk end|problem in alloc set|was terminated by|PANIC:'
if grep -nE "$pattern" "${1:?usage: tools/server-log-check.sh LOGFILE}"; then
	echo "the server log above shows a failure"
	exit 1
fi
exit 0
