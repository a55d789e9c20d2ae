# Production images of the apps: `docker build --target worker .`
FROM node:20-slim AS build
RUN npm install -g pnpm@10.34.9
WORKDIR /repo
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm exec turbo run build --filter=@crun/worker... --filter=@crun/producer... \
 && pnpm deploy --filter=@crun/worker --prod --legacy /out/worker \
 && pnpm deploy --filter=@crun/producer --prod --legacy /out/producer

FROM node:20-slim AS worker
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /out/worker .
USER node
CMD ["node", "dist/main.js"]

FROM node:20-slim AS producer
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /out/producer .
USER node
ENTRYPOINT ["node", "dist/cli.js"]
