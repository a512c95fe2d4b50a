#!/usr/bin/env bash
# CI step for the deployment files (Dockerfile, deploy/compose.yaml, deploy/Caddyfile):
#   - with a Docker daemon: build both images, start the scale-out compose, wait until the proxy answers
#     /health/ready through both servers, then tear it down. A failure is fatal unless the base images cannot be
#     pulled (no network), which is reported and skipped.
#   - without a daemon but with the compose CLI: `docker compose config` validates the compose file.
#   - otherwise: nothing more here; test/deploy/deploy-files.test.ts (part of `npm test`) checks the files.
set -euo pipefail
cd "$(dirname "$0")/.."
export SLUICE_SECRET_KEY="${SLUICE_SECRET_KEY:-$(node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('base64'))")}"
export SLUICE_ADMIN_PASSWORD="${SLUICE_ADMIN_PASSWORD:-ci-admin-password-123}"
export SLUICE_HTTP_PORT="${SLUICE_HTTP_PORT:-18080}"
compose=(docker compose -f deploy/compose.yaml -p sluice-ci)

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  if ! docker pull -q node:22-bookworm-slim >/dev/null 2>&1; then
    echo "warning: a Docker daemon is here but base images cannot be pulled (no network): image build skipped"
    exit 0
  fi
  docker build -q -t sluice:latest --target runtime .
  docker build -q -t sluice-proxy:latest --target proxy .
  trap '"${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true' EXIT
  "${compose[@]}" up -d --wait --wait-timeout 300 postgres redis server-a server-b worker proxy
  ready() { node -e "fetch('http://127.0.0.1:${SLUICE_HTTP_PORT}/health/ready').then(async (r) => { console.log(r.status, await r.text()); process.exit(r.ok ? 0 : 1); }, () => process.exit(1))"; }
  for _ in $(seq 1 30); do
    ready >/dev/null 2>&1 && break
    sleep 2
  done
  ready
  test "$("${compose[@]}" ps --status running -q worker | wc -l)" -eq 3
  echo "compose: 2 servers behind the proxy, 3 workers running, readiness 200"
elif command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  echo "no Docker daemon: validating deploy/compose.yaml with docker compose config"
  "${compose[@]}" config -q
else
  echo "no Docker daemon nor compose CLI: deployment files are checked by test/deploy/deploy-files.test.ts"
fi
