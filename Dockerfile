# One image for the API, the worker, the webhook receiver and the demo; docker-compose.yml picks
# the command. Build: docker compose build (or docker build -t cardtrail .).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY scripts/healthcheck.mjs scripts/webhook-receiver.mjs ./scripts/
USER node
# 3000: the API; 3001: the worker's /metrics and health.
EXPOSE 3000 3001
# Ready = Postgres and Redis answer (the API's or the worker's /health/ready, whichever runs here).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
# SIGTERM stops taking work and finishes what is in flight (see docs/operations.md).
STOPSIGNAL SIGTERM
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
