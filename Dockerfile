# syntax=docker/dockerfile:1
#
# Rolecraft's container image: the server (TypeScript run through tsx, as `npm start` does), the
# built web app, and the PostgreSQL client tools that `rolecraft backup` and `restore` need.
#
#   docker build -t rolecraft .
#   docker build --build-arg PG_MAJOR=17 -t rolecraft .   # for a PostgreSQL 17 server
#
# Docker is not available where Rolecraft is developed and tested: this file follows the README's
# commands and has been reviewed, not built. See docs/deployment.md ("Container image").

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: install the dependencies, build web/dist, drop the dev dependencies -----------------
FROM ${NODE_IMAGE} AS build
ARG DEBIAN_FRONTEND=noninteractive
# argon2 ships prebuilt binaries (linux x64 and arm64, glibc and musl) and uses one when it fits;
# the compilers and python3 are for node-gyp on a platform it has none for.
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential python3 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# The dependencies first, in their own layer, reused until package-lock.json changes. Their install
# scripts wait (--ignore-scripts): the project's own postinstall builds the web app from web/ and
# src/, which are not copied yet. There is no web/package.json: one lock file covers both.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY . .
# Now the install scripts skipped above: argon2's (takes its prebuilt binary, or compiles one),
# esbuild's (checks the binary tsx uses), and the project's postinstall, scripts/build-web.js, which
# builds web/dist with Vite. `npm rebuild` runs the project's own scripts too; should an npm
# version not, `npm run build` (the same script) does it. The server itself needs no build step.
RUN npm rebuild \
 && { test -f web/dist/index.html || npm run build; } \
 && test -f web/dist/index.html \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG DEBIAN_FRONTEND=noninteractive
# pg_dump and pg_restore must be of the PostgreSQL server's major version or newer (pg_dump refuses
# a newer server). Debian bookworm's own postgresql-client is 15, so the client comes from the
# PostgreSQL project's apt repository, set up by the script Debian's postgresql-common ships (with
# the repository's signing key). Match PG_MAJOR to the server; compose.yaml runs postgres:16.
ARG PG_MAJOR=16
# tini runs as PID 1: it passes SIGTERM on to node (which then drains, see src/main.ts) and reaps
# zombie processes, such as the pg_dump of a `docker exec … rolecraft backup` whose parent exited.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates postgresql-common tini \
 && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
 && apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}" \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# What the server reads at run time, all owned by root and read-only to the `node` user:
#   bin/         the `rolecraft` command (registers tsx, then runs src/cli.ts)
#   src/         the server, run as TypeScript through tsx (a runtime dependency), and the files it
#                reads next to its code (src/modules/pages/site.css, applications/pages/apply.*)
#   migrations/  SQL applied at start and by `rolecraft migrate`
#   data/        skills.json, templates/ (the built-in library) and common-passwords.txt; this is
#                not DATA_DIR (.dockerignore keeps any local data/pglite and data/files out)
#   web/dist/    the built recruiter app served at /app
COPY --from=build /app/package.json /app/package-lock.json /app/LICENSE ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/src ./src
COPY --from=build /app/migrations ./migrations
COPY --from=build /app/data ./data
COPY --from=build /app/web/dist ./web/dist

# `rolecraft …` on PATH, e.g. `docker compose exec app1 rolecraft migrate`.
RUN ln -s /app/bin/rolecraft.js /usr/local/bin/rolecraft \
 && mkdir -p /data/files \
 && chown -R node:node /data

# DATA_DIR holds the embedded database (DATA_DIR/pglite, when DATABASE_URL is unset) and, unless
# FILE_STORAGE_DIR says otherwise, uploaded files (DATA_DIR/files). HOST=0.0.0.0: reachable from
# other containers; publish the port only to the proxy.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
USER node
VOLUME /data
EXPOSE 3000

# Liveness through /healthz, with node's own fetch (the slim image has no curl). The server listens
# only after migrating and, on a fresh database, loading the built-in library (about 5 s), hence the
# start period. Load balancers should watch /readyz instead: it turns 503 while draining.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["tini", "--"]
CMD ["node", "bin/rolecraft.js", "serve"]
