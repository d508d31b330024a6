import { describe, expect, test } from "vitest";
import {
  daysLeftText,
  formatDateTimeVi,
  formatDateVi,
  leadDaysText,
  planLabel,
  renderNotice,
  sectionLabel,
} from "../../src/reminders/noticeText.js";
import { buildOccurrences, scheduleChat } from "../../src/reminders/schedule.js";
import { PLANS, chat, item, t } from "./helpers.js";

describe("dates and labels", () => {
  test.each([
    ["2019-11-04", "Thứ Hai, 04/11/2019"],
    ["2019-11-05", "Thứ Ba, 05/11/2019"],
    ["2019-11-06", "Thứ Tư, 06/11/2019"],
    ["2019-11-07", "Thứ Năm, 07/11/2019"],
    ["2019-11-08", "Thứ Sáu, 08/11/2019"],
    ["2019-11-09", "Thứ Bảy, 09/11/2019"],
    ["2019-11-10", "Chủ Nhật, 10/11/2019"],
  ])("%s → %s", (iso, text) => {
    expect(formatDateVi(iso)).toBe(text);
  });

  test("an instant is shown in local time", () => {
    expect(formatDateTimeVi(t("2019-10-31T17:30:00Z"))).toBe("Thứ Sáu, 01/11/2019 lúc 00:30");
    expect(formatDateTimeVi("2019-11-01T08:00:00+07:00")).toBe("Thứ Sáu, 01/11/2019 lúc 08:00");
  });

  test.each([
    [3, "còn 3 ngày"],
    [1, "còn 1 ngày (hạn chót là ngày mai)"],
    [0, "hôm nay là hạn chót"],
    [-1, "đã quá hạn"],
  ])("days left %i", (n, text) => {
    expect(daysLeftText(n)).toBe(text);
  });

  test.each([
    ["II.3", "Mục II.3"],
    ["end", "Phần kết"],
    ["head", "Phần mở đầu"],
    ["PL.12", "Phụ lục, dòng 12"],
    ["PL2.II.3", "Phụ lục 2, dòng II.3"],
    ["qd.1", "Điều 1"],
  ])("section %s", (id, label) => {
    expect(sectionLabel(id)).toBe(label);
  });

  test("plan by number, else a short title", () => {
    expect(planLabel({ number: "187/KH-UBND", title: "x" })).toBe("Kế hoạch số 187/KH-UBND");
    expect(planLabel({ number: null, title: "Hoạt động thông tin đối ngoại trên địa bàn huyện Vạn Ninh năm 2019" })).toBe(
      "Kế hoạch hoạt động thông tin đối ngoại trên địa bàn huyện Vạn Ninh năm 2019",
    );
    expect(planLabel({ number: "/KH-UBND", title: "Kế hoạch " + "rất dài ".repeat(30) }).length).toBeLessThanOrEqual(111);
  });

  test("lead days in words", () => {
    expect(leadDaysText([7, 3, 1, 0])).toBe("7, 3, 1 ngày trước hạn và đúng ngày hạn");
    expect(leadDaysText([0])).toBe("đúng ngày hạn");
    expect(leadDaysText([2])).toBe("2 ngày trước hạn");
  });
});

describe("notice message", () => {
  const notices = scheduleChat(buildOccurrences([item()], PLANS), PLANS, chat(), {});

  test("the Vạn Ninh report on Friday 01/11/2019", () => {
    const lead3 = notices.find((n) => n.lead === 3)!;
    const m = renderNotice(lead3, t("2019-11-01T08:00:00+07:00"));
    expect(m.text).toBe(
      [
        "⏰ Nhắc hạn báo cáo",
        "Kế hoạch hoạt động thông tin đối ngoại trên địa bàn huyện Vạn Ninh năm 2019 — Phần kết",
        "• báo cáo kết quả hoạt động thông tin đối ngoại gửi về UBND huyện (qua Phòng Văn hoá và Thông tin) trước ngày 05/11/2019",
        "Đơn vị thực hiện: các cơ quan, đơn vị liên quan",
        "Gửi về: UBND huyện (qua Phòng Văn hoá và Thông tin)",
        "Hạn chót: Thứ Ba, 05/11/2019 — còn 4 ngày",
      ].join("\n"),
    );
    expect(m.buttons).toEqual([
      [{ text: "Xem mục", data: "sec:van-ninh-2019:end" }],
      [
        { text: "Đã xong", data: `done:${lead3.id}` },
        { text: "Nhắc lại sau 1 ngày", data: `snooze:${lead3.id}` },
      ],
    ]);
    for (const b of m.buttons!.flat()) expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
  });

  test("days left follows the day it is actually sent (catch-up), and the due day says so", () => {
    const lead0 = notices.find((n) => n.lead === 0)!;
    expect(renderNotice(lead0, t("2019-11-05T08:00:00+07:00")).text).toContain("hôm nay là hạn chót");
    const lead7 = notices.find((n) => n.lead === 7)!;
    expect(renderNotice(lead7, t("2019-10-30T10:00:00+07:00")).text).toContain("còn 6 ngày");
  });

  test("a task names its agencies; a period opening says so", () => {
    const task = item({
      planId: "quang-ngai-2024",
      section: "II.1",
      kind: "task",
      start: "2024-04-01",
      due: "2024-09-30",
      agencies: ["Sở Thông tin và Truyền thông", "Báo Quảng Ngãi"],
      reportTo: null,
      reportVia: null,
      text: "Thời gian thực hiện: **Quý II, III/2024**.",
    });
    const [open] = scheduleChat(buildOccurrences([task], PLANS), PLANS, chat(), {});
    const text = renderNotice(open!, t("2024-04-01T08:00:00+07:00")).text;
    expect(text).toContain("📅 Bắt đầu thời hạn thực hiện (01/04/2024 – 30/09/2024)");
    expect(text).toContain("Kế hoạch số 52/KH-UBND — Mục II.1");
    expect(text).toContain("• Thời gian thực hiện: Quý II, III/2024.");
    expect(text).toContain("Đơn vị thực hiện: Sở Thông tin và Truyền thông, Báo Quảng Ngãi");
    expect(text).toContain("Hạn chót: Thứ Hai, 30/09/2024 — còn 182 ngày");
  });

  test("a daily report names its times of day (02 lần/ngày, trước 9h00 và 16h00)", () => {
    const daily = (timeOfDay: string) =>
      item({
        planId: "quang-ngai-2024",
        section: "IV.10",
        due: null,
        recurrence: "daily",
        timeOfDay,
        agencies: ["UBND các xã, phường"],
        reportTo: "UBND tỉnh",
        reportVia: "Sở Công Thương",
        text: "báo cáo 02 lần/ngày (trước 9h00’ và 16h00’) về tình hình tiếp nhận, cấp phát",
      });
    const notices = scheduleChat(buildOccurrences([daily("16:00"), daily("09:00")], PLANS), PLANS, chat(), {});
    const text = renderNotice(notices.find((n) => n.due === "2024-03-04")!, t("2024-03-04T08:00:00+07:00")).text;
    expect(text).toContain("Gửi về: UBND tỉnh (qua Sở Công Thương)");
    expect(text).toContain("Hạn chót: trước 09:00 và 16:00 Thứ Hai, 04/03/2024 — hôm nay là hạn chót");
  });
});
