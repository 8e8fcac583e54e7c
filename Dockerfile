FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# The workspace's package.json has to be there for npm ci to link node_modules/@admissions/rules → src/rules.
COPY package.json package-lock.json ./
COPY src/rules/package.json ./src/rules/
RUN npm ci --no-audit --no-fund
COPY . .
# npm run build: the @admissions/rules package (src/rules/dist) first, then nest build (dist/, which requires it).
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
# node_modules/@admissions/rules is a symlink to src/rules: the package's manifest and build come along.
COPY --from=build /app/src/rules/package.json ./src/rules/package.json
COPY --from=build /app/src/rules/dist ./src/rules/dist
COPY --from=build /app/dist ./dist
COPY --from=build /app/config ./config
COPY package.json ./
EXPOSE 3000
CMD ["node", "dist/main.js"]
