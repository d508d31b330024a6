/** The console chat: the shared suite plus /nap from a local path. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, test } from "vitest";
import { createAccessPolicy } from "../../src/bot/access.js";
import { createBehaviour } from "../../src/bot/behaviour.js";
import { runConsoleChat } from "../../src/channels/console/channel.js";
import { makeTestAssistant } from "../support/testAssistant.js";
import { runCommonCases } from "./common.case.js";
import { captureLogger, consoleHarness, memorySettings } from "./harness.js";

runCommonCases("console", { groups: false }, () => consoleHarness());

describe("console chat", () => {
  test("a scripted session: /donvi, a question with button hints, /nap of a local file, /thoat", async () => {
    const dir = mkdtempSync(join(tmpdir(), "console-chat-"));
    const file = join(dir, "ke-hoach-moi.txt");
    writeFileSync(file, "Kế hoạch phòng cháy chữa cháy năm 2025\n\nI. MỤC ĐÍCH\n");
    const assistant = await makeTestAssistant();
    const settings = memorySettings();
    const behaviour = createBehaviour({
      assistant,
      settings,
      access: createAccessPolicy({ allowedChatIds: ["telegram:-1"] }),
      logger: captureLogger().logger,
    });
    const input = new PassThrough();
    let out = "";
    const output = new Writable({
      write(chunk: Buffer, _e, cb) {
        out += chunk.toString("utf8");
        cb();
      },
    });
    input.end(
      ["/donvi Công an huyện", "chúng tôi phải làm gì?", `/nap ${file}`, "/thoat", "câu này không được đọc"].join("\n") + "\n",
    );
    await runConsoleChat({ behaviour, input, output });

    // The console is trusted: an allow-list for Telegram does not lock the local operator out.
    expect(out).toContain("Đã ghi nhận đơn vị");
    expect(out).toContain("V.7");
    expect(out).toMatch(/👉 Xem toàn văn mục V\.7: gõ \/muc V\.7 vu-thu-2024/);
    expect(out).toContain("Đã nạp kế hoạch");
    expect(assistant.ingested).toEqual([{ fileName: "ke-hoach-moi.txt", source: "console:ke-hoach-moi.txt", size: expect.any(Number) }]);
    expect(assistant.asks.map((a) => a.question)).toEqual(["chúng tôi phải làm gì?"]);
    expect(settings.get("console:local").unit).toBe("Công an huyện");
  });
});
