// The container files, checked as files: this machine has no container engine to build them (see README).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";

const root = join(import.meta.dirname, "../..");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
const compose = parse(readFileSync(join(root, "compose.yaml"), "utf8")) as {
  services: Record<string, { build?: string; image?: string; profiles?: string[]; volumes?: string[]; ports?: string[]; environment?: Record<string, string> }>;
  volumes: Record<string, unknown>;
};

/** Instructions of the last stage (the image that runs), continuation lines joined. */
const runtimeStage = dockerfile.replace(/\\\n\s*/g, " ").split(/^FROM /m).at(-1)!;
const instructions = (name: string) => runtimeStage.split("\n").filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1).trim());

describe("Dockerfile", () => {
  test("runs on Node 20 slim", () => {
    expect(runtimeStage).toMatch(/^node:20(?:\.\d+)*-(?:bookworm-)?slim\b/);
    expect(dockerfile.match(/^FROM node:20[\w.-]*slim/gm)?.length).toBe(2);
  });

  test("installs Tesseract with Vietnamese and OSD data and poppler, without recommends", () => {
    const apt = instructions("RUN").find((r) => r.includes("apt-get install"))!;
    for (const pkg of ["tesseract-ocr", "tesseract-ocr-vie", "tesseract-ocr-osd", "poppler-utils"]) expect(apt.split(/\s+/)).toContain(pkg);
    expect(apt).toContain("--no-install-recommends");
    expect(apt).toContain("rm -rf /var/lib/apt/lists/*");
  });

  test("runs as the non-root node user, keeps the store on a volume, checks health, starts the bot", () => {
    expect(instructions("USER")).toEqual(["node"]);
    expect(instructions("VOLUME").join(" ")).toContain("/data/store");
    expect(instructions("ENV").join(" ")).toMatch(/STORE_DIR=\/data\/store/);
    expect(instructions("HEALTHCHECK")[0]).toMatch(/CMD \["node", "scripts\/healthcheck\.mjs"\]/);
    expect(instructions("CMD")[0]).toContain("src/main.ts");
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });
});

describe("compose.yaml", () => {
  test("runs the bot from this Dockerfile with the store volume and a mounted plans folder", () => {
    const bot = compose.services.bot!;
    expect(bot.build).toBe(".");
    expect(bot.volumes).toContain("store:/data/store");
    expect(bot.volumes?.some((v) => /:\/data\/plans:ro$/.test(v))).toBe(true);
    expect(bot.ports).toEqual(["${WEBHOOK_PORT_HOST:-8080}:8080"]);
    expect(Object.keys(bot.environment ?? {})).toEqual(expect.arrayContaining(["TELEGRAM_BOT_TOKEN", "ZALO_BOT_TOKEN", "OPENAI_BASE_URL", "ADMIN_USER_IDS"]));
    expect(Object.keys(compose.volumes)).toContain("store");
  });

  test("offers an optional self-hosted OpenAI-compatible model server", () => {
    const llm = compose.services.llm!;
    expect(llm.profiles).toEqual(["llm"]);
    expect(llm.image).toMatch(/^ollama\/ollama/);
  });
});
