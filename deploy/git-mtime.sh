#!/bin/sh
# git-mtime.sh — give every file that Git tracks under the named folders
# (default: content) the time of the last commit that changed it.
#
#   sh deploy/git-mtime.sh [FOLDER ...]
#
# sitegen takes a page's lastmod (sitemap.xml, aktuelles.atom) from its
# file's modification time; in a fresh clone that is the time of the
# checkout, so CI runs this first. Then every clone of the same commit
# builds the same bytes. Needs the whole history (GitHub: fetch-depth: 0,
# GitLab: GIT_DEPTH: 0) and GNU touch.
set -eu
cd "$(git rev-parse --show-toplevel)"
[ $# -gt 0 ] || set -- content

# Newest commit first: the first time a path appears is its last change.
git -c core.quotePath=false log --format='@@ %ct' --name-only -- "$@" |
	awk '/^@@ / { t = substr($0, 4); next } NF && !($0 in seen) { seen[$0] = 1; print t "\t" $0 }' |
	while IFS="$(printf '\t')" read -r t f; do
		if [ -f "$f" ]; then
			touch -m -d "@$t" "$f"
		fi
	done
