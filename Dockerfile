# syntax=docker/dockerfile:1
# Sluice in a container: small (Debian slim + production dependencies only), runs as the unprivileged `node` user,
# health-checked against /health/ready. Targets:
#   runtime (default)  `sluice start | server | worker | migrate | doctor …`
#   proxy              Caddy serving the built web UI and balancing /api, /health and /metrics over `sluice server`s
# Build:  docker build -t sluice .        docker build --target proxy -t sluice-proxy .
ARG NODE_IMAGE=node:22-bookworm-slim

# — production dependencies (no dev tools, no install scripts: the web UI is built in its own stage) —
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# — the web UI (web/dist): needs the API's OpenAPI document, so the sources and all dependencies —
FROM ${NODE_IMAGE} AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY web/package.json web/package-lock.json web/
RUN npm --prefix web ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts scripts
COPY src src
COPY web web
RUN node scripts/build-web.mjs

# — runtime —
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    SLUICE_HOST=0.0.0.0 \
    SLUICE_PORT=8080 \
    SLUICE_DATA_DIR=/data \
    SLUICE_LOG_PRETTY=false
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules node_modules
COPY --chown=root:root package.json tsconfig.json ./
COPY --chown=root:root bin bin
COPY --chown=root:root src src
COPY --from=web --chown=root:root /app/web/dist web/dist
# The code is root-owned and read-only for the process; only the data folder is its own.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Readiness, not liveness: the database, the job queue and the disk answer. Workers serve no HTTP: compose turns it off.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SLUICE_PORT||8080)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/sluice"]
CMD ["start"]

# — reverse proxy for the scale-out shape (deploy/compose.yaml) —
FROM caddy:2-alpine AS proxy
COPY deploy/Caddyfile /etc/caddy/Caddyfile
COPY --from=web /app/web/dist /srv
