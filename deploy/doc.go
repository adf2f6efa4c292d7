// Package deploy holds no code: this folder has the serving configuration
// (nginx.conf) and the scripts the publishing workflows call, and this
// package their tests. nginx_test.go serves a freshly built site with
// Debian's nginx and deploy/nginx.conf on a loopback port;
// workflows_test.go validates .github/workflows/publish.yml with
// actionlint, checks the shape of .gitlab-ci.yml, and runs the scripts.
package deploy
