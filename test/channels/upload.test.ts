/** Uploads of scans through the real Telegram channel: one progress line edited in place while OCR reads the pages, then the result. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { telegramHarness, zaloHarness, type TelegramHarness, type ZaloHarness } from "./harness.js";

const scan = readFileSync(join(import.meta.dirname, "../fixtures/ocr/trieu-son-2022.scan.pdf"));

describe("Telegram upload of a scanned plan", { timeout: 180_000 }, () => {
  let h: TelegramHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  test("shows \"Đang nhận dạng chữ: trang n/3…\" once, edits it as pages finish, then reports the plan read by OCR", async () => {
    h = await telegramHarness();
    const doc = h.fake.addFile(scan, "Kế hoạch TTĐN 2022 (bản scan).pdf", "application/pdf");
    const target = h.handled(h.ids.admin) + 1;
    h.fake.pushMessage({ chatId: h.ids.admin, userId: Number(h.ids.admin), text: "/nap", document: doc });
    // OCR of three pages takes seconds, more on a busy machine: a long wait, no timing assertion.
    await h.tracked.waitHandled({ platform: "telegram", chatId: h.ids.admin }, target, 170_000);

    const texts = h.texts(h.ids.admin);
    expect(texts, JSON.stringify(texts)).toHaveLength(2);
    expect(texts[0]).toBe("Đang nhận dạng chữ: trang 1/3…");
    expect(texts[1]).toMatch(/^Đã nạp kế hoạch:\n• .*\n {2}Đọc bằng nhận dạng chữ \(3 trang, độ tin cậy \d+%\)/);
    const edits = h.fake.callsOf("editMessageText").map((c) => String(c.params.text));
    expect(edits.at(-1)).toBe("Đang nhận dạng chữ: trang 3/3…");
    expect(new Set(edits).size).toBe(edits.length);
    const progressId = h.fake.sentTo(h.ids.admin)[0]!.messageId;
    expect(h.fake.callsOf("editMessageText").every((c) => Number(c.params.message_id) === progressId)).toBe(true);
  });

  test("a photo of a page sent with the caption /nap is read by OCR (its largest size is fetched)", async () => {
    h = await telegramHarness();
    const photo = h.fake.addFile(readFileSync(join(import.meta.dirname, "../fixtures/ocr/photo-page.jpg")), "photo.jpg", "image/jpeg");
    const target = h.handled(h.ids.admin) + 1;
    h.fake.pushMessage({ chatId: h.ids.admin, userId: Number(h.ids.admin), text: "/nap", photo });
    await h.tracked.waitHandled({ platform: "telegram", chatId: h.ids.admin }, target, 170_000);
    expect(h.fake.callsOf("getFile").map((c) => String(c.params.file_id))).toEqual([photo.file_id]);
    expect(h.assistant.ingested).toEqual([{ fileName: expect.stringMatching(/^anh-chup-\d+\.jpg$/), source: expect.stringMatching(/^telegram:anh-chup-\d+\.jpg$/), size: photo.file_size }]);
    expect(h.texts(h.ids.admin).at(-1)).toMatch(/^Đã nạp kế hoạch:[\s\S]*Đọc bằng nhận dạng chữ \(1 trang/);
  });

  test("an image of a page is accepted by /nap (the type list includes photos and archives)", async () => {
    h = await telegramHarness();
    const cat = readFileSync(join(import.meta.dirname, "../fixtures/ocr/cat.jpg"));
    const doc = h.fake.addFile(cat, "meo.jpg", "image/jpeg");
    const target = h.handled(h.ids.admin) + 1;
    h.fake.pushMessage({ chatId: h.ids.admin, userId: Number(h.ids.admin), text: "/nap", document: doc });
    await h.waitHandled(h.ids.admin, target);
    expect(h.texts(h.ids.admin).at(-1)).toMatch(/^Không nạp được tệp:\n• Không nhận dạng được chữ nào trong tệp "meo.jpg"/);
  });
});

describe("Zalo upload of a photographed page", { timeout: 180_000 }, () => {
  let h: ZaloHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  const page = readFileSync(join(import.meta.dirname, "../fixtures/ocr/photo-page.jpg"));

  test("a photo sent with the caption /nap is downloaded from its URL and read by OCR; one progress line, then the result", async () => {
    h = await zaloHarness();
    const url = h.fake.addPhoto(page);
    const target = h.handled(h.ids.admin) + 1;
    h.fake.pushMessage({ chatId: h.ids.admin, userId: h.ids.admin, text: "/nap", photo: url });
    await h.tracked.waitHandled({ platform: "zalo", chatId: h.ids.admin }, target, 170_000);
    expect(h.fake.photoDownloads).toBe(1);
    expect(h.assistant.ingested).toEqual([{ fileName: expect.stringMatching(/^anh-chup-m[0-9a-f]+\.jpg$/), source: expect.stringMatching(/^zalo:anh-chup-/), size: page.length }]);
    const texts = h.texts(h.ids.admin);
    // Zalo cannot edit a message: the progress line is sent once, then the result.
    expect(texts.filter((t) => t.startsWith("Đang nhận dạng chữ"))).toHaveLength(1);
    expect(texts.at(-1)).toMatch(/^Đã nạp kế hoạch:[\s\S]*Đọc bằng nhận dạng chữ \(1 trang/);
  });

  test("a photo over the upload limit is refused with its size, before any OCR", async () => {
    h = await zaloHarness({ channel: { maxFileBytes: 10_000 } });
    const url = h.fake.addPhoto(page);
    const target = h.handled(h.ids.admin) + 1;
    h.fake.pushMessage({ chatId: h.ids.admin, userId: h.ids.admin, text: "/nap", photo: url });
    await h.waitHandled(h.ids.admin, target);
    expect(h.assistant.ingested).toEqual([]);
    expect(h.texts(h.ids.admin).at(-1)).toMatch(/Tệp quá lớn \([\d,]+ MB\)\. Giới hạn là 0 MB\./);
  });

  test("a photo shared in a group without a caption is not downloaded", async () => {
    h = await zaloHarness();
    const url = h.fake.addPhoto(page);
    h.fake.pushMessage({ chatId: h.ids.group, chatType: "GROUP", userId: h.ids.admin, text: "", photo: url });
    await h.say({ chatId: h.ids.group, group: true, userId: h.ids.user, text: "/help" });
    expect(h.fake.photoDownloads).toBe(0);
    expect(h.assistant.ingested).toEqual([]);
  });
});
