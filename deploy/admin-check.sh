#!/bin/sh
# admin-check.sh — after a build in CI: did it write the editors' CMS?
#
#   sh deploy/admin-check.sh PUBLIC [CONTENT]
#
# When the site names the backend of its CMS (site: cms: backend: in the
# front matter of CONTENT/_index.md or CONTENT/_index.de.md; CONTENT is
# content unless given), PUBLIC/admin/ must hold decap-cms.js, config.yml
# and index.html, not empty: otherwise it says which is missing and exits
# with 1. A site without a backend has no /admin/ to publish (sitegen
# build says so too): it says that and exits with 0.
#
# The workflows build with $SITEGEN_DECAP, so that a missing Decap fails
# the build itself; this checks that the build wrote what it had to.
set -eu
public=$1
content=${2:-content}
backend=
for f in "$content/_index.md" "$content/_index.de.md"; do
	[ -f "$f" ] || continue
	# The front matter (YAML between --- lines, TOML between +++ lines);
	# backend is a key of site: cms: alone.
	backend=$(awk '
		NR == 1 { if ($0 == "---" || $0 == "+++") { fence = $0; next } exit }
		$0 == fence { exit }
		/^[[:space:]]*backend[[:space:]]*[:=]/ {
			sub(/^[^:=]*[:=]/, ""); sub(/#.*/, ""); gsub(/["\047[:space:]]/, "")
			print; exit
		}' "$f")
	[ -z "$backend" ] || break
done
if [ -z "$backend" ]; then
	echo "admin-check.sh: no backend in site: cms: ($content/_index.md): the site is built without /admin/"
	exit 0
fi
for f in decap-cms.js config.yml index.html; do
	if [ ! -s "$public/admin/$f" ]; then
		echo "admin-check.sh: the site names the CMS backend $backend, but the build wrote no $public/admin/$f (is Decap CMS installed? npm ci --prefix tools/cms)" >&2
		exit 1
	fi
done
echo "admin-check.sh: /admin/ built (backend $backend)"
