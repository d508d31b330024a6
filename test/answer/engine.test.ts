// The offline answering engine over the five sample plans: intents, citations, dates, no invention.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { App } from "../../src/app.js";
import type { Answer } from "../../src/core/assistant.js";
import { openTestApp } from "./support.js";

let app: App;
let cleanup: () => Promise<void>;
const now = new Date("2019-11-01T02:00:00Z");

beforeAll(async () => {
  ({ app, cleanup } = await openTestApp());
});
afterAll(async () => cleanup());

const ask = (q: string, ctx: { plan?: string; unit?: string } = {}): Promise<Answer> =>
  app.engine.ask(q, { planIds: ctx.plan ? [ctx.plan] : undefined, unit: ctx.unit ?? null, now });
const cited = (a: Answer) => a.citations.map((c) => `${c.planId}:${c.section}`);

describe("offline answers", () => {
  test.each([
    ["Công an huyện phải làm gì?", "vu-thu-2024", "duties", "vu-thu-2024:V.7"],
    ["cong an huyen phai lam gi", "vu-thu-2024", "duties", "vu-thu-2024:V.7"],
    ["Sở Tài chính có trách nhiệm gì?", "hung-yen-2022", "duties", "hung-yen-2022:IV.7"],
    ["Kinh phí thực hiện kế hoạch lấy từ nguồn nào?", "vu-thu-2024", "search", "vu-thu-2024:IV"],
    ["Ai tổ chức họp báo định kỳ hàng quý?", "quang-ngai-2024", "who", "quang-ngai-2024:II.1"],
    ["Đơn vị nào chịu trách nhiệm quản lý và cung cấp thông tin?", "trieu-son-2022", "who", "trieu-son-2022:II.3"],
    ["Tỉnh tham gia hội chợ du lịch quốc tế nào năm 2022?", "hung-yen-2022", "search", "hung-yen-2022:IV.3.b"],
  ])("%s", async (q, plan, intent, cite) => {
    const a = await ask(q, { plan });
    expect(a.intent).toBe(intent);
    expect(cited(a)).toContain(cite);
  });

  test("duties separate lead and coordinating roles", async () => {
    const a = await ask("Phòng Văn hoá và Thông tin phải làm gì?", { plan: "vu-thu-2024" });
    expect(a.answer).toMatch(/Chủ trì — Mục II\.2/);
    expect(a.answer).toMatch(/Phối hợp — Mục II\.7/);
  });

  test("report deadlines with dates as dd/mm/yyyy and days left", async () => {
    const a = await ask("Khi nào phải gửi báo cáo kết quả?", { plan: "van-ninh-2019" });
    expect(a.intent).toBe("deadline");
    expect(a.answer).toContain("05/11/2019");
    expect(a.answer).toContain("còn 4 ngày");
    expect(a.answer).toContain("qua Phòng Văn hoá và Thông tin");
    expect(cited(a)).toEqual(["van-ninh-2019:end"]);
    const later = await app.engine.ask("Khi nào phải gửi báo cáo kết quả?", { planIds: ["van-ninh-2019"], now: new Date("2019-11-20T02:00:00Z") });
    expect(later.answer).toContain("đã quá hạn 15 ngày");
  });

  test("two dates in one phrase are two deadlines", async () => {
    const a = await ask("Hạn nộp báo cáo kết quả hoạt động thông tin đối ngoại là khi nào?", { plan: "hung-yen-2022" });
    expect(a.answer).toContain("15/05/2022");
    expect(a.answer).toContain("01/12/2022");
  });

  test("'chúng tôi' is the chat's unit", async () => {
    const a = await ask("Đơn vị chúng tôi phải làm gì?", { plan: "quang-ngai-2024", unit: "Sở Tư pháp" });
    expect(cited(a)).toEqual(expect.arrayContaining(["quang-ngai-2024:IV.7", "quang-ngai-2024:II.10"]));
    const r = await ask("Báo cáo của chúng tôi hạn khi nào?", { plan: "van-ninh-2019", unit: "Phòng Văn hóa và Thông tin" });
    expect(r.answer).toContain("05/11/2019");
  });

  test("'chúng tôi' without a unit asks the chat to set one", async () => {
    const a = await ask("Chúng tôi phải làm gì?");
    expect(a.answer).toContain("/donvi");
    expect(a.citations).toEqual([]);
  });

  test("a place in the question narrows the plans", async () => {
    const a = await ask("Bộ đội biên phòng tỉnh Quảng Ngãi có nhiệm vụ gì?");
    expect(cited(a)).toEqual(expect.arrayContaining(["quang-ngai-2024:II.12", "quang-ngai-2024:IV.10"]));
    expect(a.citations.every((c) => c.planId === "quang-ngai-2024")).toBe(true);
  });

  test("a task's timeframe is quoted for 'when' questions", async () => {
    const a = await ask("Hội nghị tập huấn về công tác thông tin đối ngoại tổ chức vào thời gian nào?", { plan: "quang-ngai-2024" });
    expect(cited(a)[0]).toBe("quang-ngai-2024:II.2");
    expect(a.answer).toContain("Quý II");
  });

  test("nothing relevant: says so, suggests how to ask, lists plans, cites nothing", async () => {
    const a = await ask("Giá vàng hôm nay bao nhiêu?");
    expect(a.intent).toBe("none");
    expect(a.citations).toEqual([]);
    expect(a.answer).toContain("chưa tìm thấy");
    expect(a.answer).toContain("vu-thu-2024");
  });

  test("an agency with no duty gets a clear answer", async () => {
    const a = await ask("Phòng Y tế phải làm gì?", { plan: "hung-yen-2022" });
    expect(a.citations).toEqual([]);
    expect(a.answer).toMatch(/chưa thấy nhiệm vụ nào giao cho Phòng Y tế/);
  });

  test("2025 reorganization: a successor is shown its predecessor's duties in older plans", async () => {
    const a = await ask("Sở Khoa học và Công nghệ phải làm gì?", { plan: "quang-ngai-2024" });
    expect(a.answer).toMatch(/không ghi tên Sở Khoa học và Công nghệ/);
    expect(a.answer).toMatch(/Sở Thông tin và Truyền thông/);
    expect(cited(a)).toContain("quang-ngai-2024:II.1");
    const old = await ask("Sở TT&TT phải làm gì?", { plan: "quang-ngai-2024" });
    expect(old.answer).toMatch(/Lưu ý: Từ tháng 3\/2025, Sở Thông tin và Truyền thông không còn/);
  });

  test("agencies: one canonical name each, other spellings as aliases, levels kept apart", () => {
    const list = app.queries.agencies();
    const vp = list.find((a) => a.name.startsWith("Văn phòng HĐND"));
    expect(vp?.aliases).toEqual(expect.arrayContaining(["Văn phòng HĐND và UBND huyện"]));
    expect(vp?.plans).toEqual(["trieu-son-2022", "van-ninh-2019", "vu-thu-2024"]);
    expect(list.filter((a) => /^Công an (huyện|tỉnh)$/.test(a.name)).map((a) => a.name).sort()).toEqual(["Công an huyện", "Công an tỉnh"]);
    expect(list.some((a) => /liên quan$/.test(a.name))).toBe(false);
  });

  test("list of plans", async () => {
    const a = await ask("Có những kế hoạch nào?");
    expect(a.intent).toBe("plans");
    expect(a.answer).toContain("187/KH-UBND");
  });

  test("summary of a plan fits one message and cites every line", async () => {
    const s = await app.engine.summary("hung-yen-2022");
    expect(s.text.length).toBeLessThanOrEqual(1500);
    expect(s.text).toContain("187/KH-UBND");
    expect(s.text).toContain("15/05/2022");
    const lines = s.text.split("\n").slice(1).filter((l) => l.startsWith("•") || /^(Mục đích|Kinh phí|Đầu mối)/.test(l));
    for (const l of lines) expect(l).toMatch(/\[(Mục|phần|Phụ lục|Điều)[^\]]*\]/);
    expect(s.citations.length).toBeGreaterThan(3);
  });
});
