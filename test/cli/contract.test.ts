// The command-line contract (../shared/docs/cli-contract.md), run as a real process on a real store,
// through the package's `bin` (the built dist/cli/main.js; test/support/buildDist.ts builds it first).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
const bin = join(root, pkg.bin["tro-ly-ke-hoach"]!);
let store: string;

const cli = async (...args: string[]): Promise<{ code: number; json: any; stderr: string }> => {
  try {
    const r = await run(process.execPath, [bin, ...args, "--store", store, "--json"], { cwd: root, env: { ...process.env, LOG_LEVEL: "warn" } });
    return { code: 0, json: JSON.parse(r.stdout), stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, json: e.stdout ? JSON.parse(e.stdout) : null, stderr: e.stderr };
  }
};

beforeAll(async () => {
  store = mkdtempSync(join(tmpdir(), "cli-"));
});
afterAll(() => rmSync(store, { recursive: true, force: true }));

describe("cli --json", () => {
  test("ingest, plans, show, duties, deadlines, ask, summary", async () => {
    const ing = await cli("ingest", "data/plans", "test/fixtures/scanned.pdf");
    expect(ing.code).toBe(0);
    expect(ing.json.plans).toHaveLength(5);
    expect(ing.json.errors).toEqual([{ source: "test/fixtures/scanned.pdf", error: expect.stringContaining("scanned.pdf") }]);
    const hy = ing.json.plans.find((p: { id: string }) => p.id === "hung-yen-2022");
    expect(hy).toEqual({
      id: "hung-yen-2022",
      source: "data/plans/hung-yen-2022.txt",
      title: "Hoạt động thông tin đối ngoại tỉnh Hưng Yên năm 2022",
      number: "187/KH-UBND",
      issuer: "Ủy ban nhân dân tỉnh Hưng Yên",
      place: "Hưng Yên",
      issuedDate: "2021-12-13",
      year: 2022,
      signer: "Nguyễn Duy Hưng",
      sections: expect.any(Number),
      tasks: expect.any(Number),
      deadlines: 2,
    });

    const plans = await cli("plans");
    expect(plans.json.plans.map((p: { id: string }) => p.id).sort()).toEqual(["hung-yen-2022", "quang-ngai-2024", "trieu-son-2022", "van-ninh-2019", "vu-thu-2024"]);

    const show = await cli("show", "hung-yen-2022", "--section", "IV.8");
    expect(show.json.sections[0]).toEqual({ id: "IV.8", parent: "IV", heading: "Công an tỉnh", text: "" });
    expect(show.json.sections.map((s: { id: string }) => s.id)).toEqual(["IV.8", "IV.8.a", "IV.8.b", "IV.8.c", "IV.8.d"]);

    const duties = await cli("duties", "--agency", "cong an huyen", "--plan", "vu-thu-2024");
    expect(duties.json.agency).toBe("Công an huyện");
    expect(duties.json.items).toContainEqual(expect.objectContaining({ planId: "vu-thu-2024", section: "V.7", role: "lead", via: null }));

    const dl = await cli("deadlines", "--plan", "hung-yen-2022");
    expect(dl.json.items.map((d: { due: string; section: string; kind: string; recurrence: string }) => [d.due, d.section, d.kind, d.recurrence])).toEqual([
      ["2022-05-15", "end", "report", "none"],
      ["2022-12-01", "end", "report", "none"],
    ]);
    // Fields added for recurring anchors and plan periods: present on every item, null when not printed.
    expect(dl.json.items[0]).toMatchObject({
      dayOfMonth: null,
      monthDay: null,
      timeOfDay: null,
      periodStart: 2022,
      periodEnd: 2022,
      reportTo: "Sở Thông tin và Truyền thông",
    });

    const ask = await cli("ask", "Khi nào phải gửi báo cáo kết quả?", "--plan", "van-ninh-2019");
    expect(ask.json).toEqual({ intent: "deadline", answer: expect.stringContaining("05/11/2019"), citations: [{ planId: "van-ninh-2019", section: "end" }] });

    const sum = await cli("summary", "quang-ngai-2024");
    expect(sum.json.planId).toBe("quang-ngai-2024");
    expect(sum.json.citations.length).toBeGreaterThan(2);
  }, 180_000); // seven CLI processes and the OCR of scanned.pdf: slow on a busy machine, so a wide limit

  test("an unknown plan is an error: non-zero exit, one line on stderr, JSON error on stdout", async () => {
    const r = await cli("show", "khong-co");
    expect(r.code).toBe(1);
    expect(r.json).toEqual({ error: { code: "plan_not_found", message: expect.stringContaining("khong-co") } });
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  }, 30_000);
});
