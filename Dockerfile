# Trợ lý Kế hoạch: the bot with Vietnamese OCR (Tesseract + poppler), as a non-root service.
# Build: docker build -t tro-ly-ke-hoach .   Run: see compose.yaml and README ("Chạy bằng Docker").

# --- build stage: install the npm dependencies (better-sqlite3 and hnswlib-node compile here) ---
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- runtime stage ---
FROM node:20-bookworm-slim
# OCR: Tesseract with its Vietnamese and orientation (OSD) data, pdftoppm to render scanned PDF pages; tini reaps children.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd poppler-utils tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY prompts ./prompts
COPY scripts/healthcheck.mjs ./scripts/healthcheck.mjs
COPY data/plans ./data/plans
ENV NODE_ENV=production \
    STORE_DIR=/data/store \
    PLANS_DIR=/data/plans \
    WEBHOOK_PORT=8080
# The store lives on a volume; /data/plans is where compose mounts the agency's plan folder (the samples otherwise).
RUN mkdir -p /data/store /data/plans \
 && cp -r data/plans/. /data/plans/ \
 && chown -R node:node /data
USER node
VOLUME ["/data/store"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "src/main.ts"]
