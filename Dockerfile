# PX360: one image for every process role. PX_ROLES picks the role at run time
# (`api`, `worker`, or `api,worker`).

# ---- build: install all dependencies, compile, bundle workflows, drop dev dependencies
FROM node:20-bookworm-slim AS build
# npm 11 reads the `allowScripts` section of package.json.
RUN npm i -g npm@11
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# tsc -> dist/ (rootDir `.`: dist/workers/start.js, dist/api/..., dist/models/...),
# then workers/bundle.ts writes dist/workflow-bundle.js, then Vite builds the staff console into web/console/dist.
RUN npm run build \
 && npm prune --omit=dev

# ---- runtime: production dependencies and compiled output only, run as `node`
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The staff console's static files (npm run build wrote them with Vite); the api serves them at /console/.
COPY --from=build /app/web/console/dist ./web/console/dist
COPY --from=build /app/package.json ./package.json
# The app creates its data directory (PX_DATA_DIR, default .px360) at start; let `node` write it.
RUN mkdir -p /app/.px360 && chown node:node /app/.px360
USER node
EXPOSE 3000
CMD ["node", "dist/workers/start.js"]
