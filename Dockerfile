# Small production images of the apps, one target each:
#   docker build --target worker -t crun-worker .
#   (targets: worker, intake, producer, dashboard)
FROM node:20-alpine AS build
RUN npm install -g pnpm@10.34.9
WORKDIR /repo
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm exec turbo run build \
      --filter=@crun/worker... --filter=@crun/producer... --filter=@crun/dashboard...
# `pnpm deploy` copies one app with its production dependencies (workspace
# packages as their built `dist`) into a folder of its own.
RUN pnpm deploy --filter=@crun/worker --prod --legacy /out/worker \
 && pnpm deploy --filter=@crun/producer --prod --legacy /out/producer \
 && pnpm deploy --filter=@crun/dashboard --prod --legacy /out/dashboard

FROM node:20-alpine AS runtime
ENV NODE_ENV=production
WORKDIR /app
USER node

FROM runtime AS worker
COPY --from=build --chown=node /out/worker .
ENV OPS_HOST=0.0.0.0
EXPOSE 9464
HEALTHCHECK --interval=10s --timeout=3s CMD wget -qO- http://127.0.0.1:9464/healthz || exit 1
CMD ["node", "dist/main.js"]

FROM runtime AS intake
COPY --from=build --chown=node /out/producer .
ENV INTAKE_HOST=0.0.0.0
EXPOSE 8080
CMD ["node", "dist/serve.js"]

FROM runtime AS producer
COPY --from=build --chown=node /out/producer .
ENTRYPOINT ["node", "dist/cli.js"]

FROM runtime AS dashboard
COPY --from=build --chown=node /out/dashboard .
ENV DASHBOARD_HOST=0.0.0.0
EXPOSE 3000
CMD ["node", "dist/main.js"]
