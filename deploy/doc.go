// Package deploy holds no code: this folder has the serving configuration
// (nginx.conf for the root of a host, nginx-subpath.conf and
// nginx/subpath.conf for a sub-path, both including the header snippets
// of nginx/) and the scripts the publishing workflows call, and this
// package their tests. nginx_test.go serves a freshly built site with
// Debian's nginx and each configuration on a loopback port and checks
// that both send the same headers, written once;
// workflows_test.go validates .github/workflows/publish.yml with
// actionlint, checks the shape of .gitlab-ci.yml, and runs the scripts.
package deploy
