#!/bin/sh
# due.sh — must a run of the publishing workflow build and publish the site?
#
#   sh deploy/due.sh KIND [NEXT_CHANGE_FILE]
#
# prints "true" or "false". KIND says why the run started:
#
#   daily-summer  GitHub's daily schedule at 22:05 UTC: due only while
#                 Bamberg is on summer time (UTC+2), when that is 00:05
#   daily-winter  GitHub's daily schedule at 23:05 UTC: due only while
#                 Bamberg is on winter time (UTC+1), when that is 00:05
#   daily         a daily schedule in Bamberg's own time (GitLab): due
#   hourly        the hourly schedule: due when the instant in
#                 NEXT_CHANGE_FILE (written by the last build with
#                 sitegen build --next-change, RFC 3339) has passed, or
#                 when there is no such file (no build known); not due
#                 when the file is empty (no event starts or ends any more)
#   anything else a push or a manual run: due
#
# $DUE_NOW (seconds since 1970) replaces the clock, for the tests
# (deploy/workflows_test.go). Needs GNU date.
set -eu

kind=${1:?usage: due.sh KIND [NEXT_CHANGE_FILE]}
file=${2:-next-change.txt}
now=${DUE_NOW:-$(date +%s)}

offset() { TZ=Europe/Berlin date -d "@$now" +%z; }

case $kind in
daily-summer)
	[ "$(offset)" = +0200 ] && echo true || echo false
	;;
daily-winter)
	[ "$(offset)" = +0100 ] && echo true || echo false
	;;
hourly)
	if [ ! -f "$file" ]; then
		echo true
		exit 0
	fi
	next=$(tr -d '[:space:]' <"$file")
	if [ -z "$next" ]; then
		echo false
		exit 0
	fi
	if ! at=$(date -d "$next" +%s 2>/dev/null); then
		echo true # unreadable: better build once too often
		exit 0
	fi
	[ "$at" -le "$now" ] && echo true || echo false
	;;
*)
	echo true
	;;
esac
