#!/bin/sh
# ci-install.sh — installs, on Debian as root, what the tests in deploy/
# use beyond Go: Debian's nginx with the brotli_static module (for
# TestNginx, which runs with SITEGEN_NGINX_TESTS=1 and then fails
# without nginx) and shellcheck (for the workflow scripts). Without root
# or apt-get it installs nothing.
#
#   sh deploy/ci-install.sh        (.ci/run calls it before go test)
set -eu
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "ci-install.sh: not root on Debian; nginx and shellcheck are not installed" >&2
	exit 0
fi
if command -v nginx >/dev/null 2>&1 && [ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] && command -v shellcheck >/dev/null 2>&1; then
	exit 0
fi
apt-get update -qq
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends nginx shellcheck >/dev/null
# The brotli module is optional: without it the test checks gzip only.
apt-get install -y -qq --no-install-recommends libnginx-mod-http-brotli-static >/dev/null ||
	echo "ci-install.sh: no brotli_static module for nginx; .br files are not tested" >&2
