/**
 * Crash test: the dispatcher runs as a child process sending thousands of
 * notices to the loopback Telegram server and is killed with SIGKILL at random
 * moments (fixed seed), then restarted, many times. At the end every due notice
 * was delivered and duplicates are at most one per kill.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createChatSettingsStore } from "../../src/store/chatSettings.js";
import { startFakeTelegram, type FakeTelegram } from "../support/fakeTelegramServer.js";
import { crashChatId } from "./support/crashFixture.js";
import { tempStore } from "./support/memory.js";

const CHATS = 1500;
const DEADLINES = 2;
const KILLS = 25;
const SEED = 20_191_105;
const CHILD = fileURLToPath(new URL("./support/crashChild.ts", import.meta.url));

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

let fake: FakeTelegram;
let store: ReturnType<typeof tempStore>;

beforeAll(async () => {
  // A 1 ms answer delay bounds the sending speed, so the number of kills does not depend on the machine.
  fake = await startFakeTelegram({ recordCalls: false, sendDelayMs: 1 });
  store = tempStore();
  const db = store.open();
  const settings = createChatSettingsStore(db);
  db.transaction(() => {
    for (let i = 0; i < CHATS; i++) settings.update(`telegram:${crashChatId(i)}`, { remindersEnabled: true, leadDays: [0] });
  })();
  db.close();
});

afterAll(async () => {
  await fake.close();
  store.cleanup();
});

interface Life {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>;
}

function startChild(): Life {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    env: { ...process.env, STORE_DIR: store.dir, API_ROOT: fake.apiRoot, TOKEN: fake.token, DEADLINES: String(DEADLINES) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    if (out.includes("ready\n")) markReady();
  });
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) =>
    child.on("exit", (code, signal) => {
      markReady();
      if (code !== 0 && signal !== "SIGKILL") process.stderr.write(err);
      resolve({ code, signal, out });
    }),
  );
  return { child, ready, exited };
}

test(
  "SIGKILL at random moments: every due notice delivered, at most one duplicate per kill",
  async () => {
    const random = prng(SEED);
    const started = Date.now();
    let kills = 0;
    let killsWhileSending = 0;
    let finished = false;
    const deliveredSoFar = (): number => [...fake.sent.values()].reduce((n, l) => n + l.length, 0);
    for (let i = 0; i < KILLS && !finished; i++) {
      const life = startChild();
      await life.ready;
      const before = deliveredSoFar();
      const delay = 50 + Math.floor(random() * 800);
      const outcome = await Promise.race([
        life.exited.then((e) => ({ kind: "exit" as const, e })),
        new Promise<{ kind: "timer" }>((r) => setTimeout(() => r({ kind: "timer" }), delay)),
      ]);
      if (outcome.kind === "exit") {
        finished = outcome.e.code === 0;
        continue;
      }
      life.child.kill("SIGKILL");
      await life.exited;
      kills++;
      if (deliveredSoFar() > before) killsWhileSending++;
    }
    const deliveredBeforeLastRun = deliveredSoFar();
    if (!finished) {
      const last = startChild();
      const e = await last.exited;
      expect(e.code).toBe(0);
      expect(e.out).toContain('"done":true');
    }

    const expected = CHATS * DEADLINES;
    let delivered = 0;
    let duplicates = 0;
    let missing = 0;
    for (let i = 0; i < CHATS; i++) {
      const msgs = fake.sentTo(crashChatId(i));
      delivered += msgs.length;
      const sections = new Map<string, number>();
      for (const m of msgs) {
        const section = /Mục (II\.\d+)/.exec(m.text)?.[1] ?? "?";
        sections.set(section, (sections.get(section) ?? 0) + 1);
      }
      for (let d = 1; d <= DEADLINES; d++) {
        const n = sections.get(`II.${d}`) ?? 0;
        if (n === 0) missing++;
        else duplicates += n - 1;
      }
    }
    const figures = {
      chats: CHATS,
      dueNotices: expected,
      kills,
      killsWhileSending,
      deliveredBeforeLastRun,
      delivered,
      duplicates,
      missing,
      elapsedMs: Date.now() - started,
    };
    console.log(`crash test: ${JSON.stringify(figures)}`);
    expect(kills).toBeGreaterThanOrEqual(10);
    expect(killsWhileSending).toBeGreaterThanOrEqual(5);
    expect(missing).toBe(0);
    expect(delivered).toBe(expected + duplicates);
    expect(duplicates).toBeLessThanOrEqual(kills);
  },
  120_000,
);
