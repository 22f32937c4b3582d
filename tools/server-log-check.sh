#!/usr/bin/env bash
# Whether a server log shows what a client cannot see: an assertion failure
# (TRAP:), a sanitizer report, a memory-context warning of an
# assertion-enabled server, a backend that died, a PANIC.  Prints those
# lines and exits 1; exits 0 for a clean log.  A backend killed by SIGKILL
# is not one: test/crash.t kills backends so on purpose (a crash in code
# dies of SIGSEGV, SIGBUS, SIGFPE or SIGABRT).
#
#   tools/server-log-check.sh LOGFILE
set -u
pattern='TRAP:|AddressSanitizer|LeakSanitizer|runtime error:|detected write past chunk end|problem in alloc set|was terminated by|PANIC:'
if grep -nE "$pattern" "${1:?usage: tools/server-log-check.sh LOGFILE}" | grep -v 'terminated by signal 9: Killed'; then
	echo "the server log above shows a failure"
	exit 1
fi
exit 0
