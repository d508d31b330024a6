import { describe, expect, test } from "vitest";
import { deadlinesToIcs } from "../../src/reminders/ics.js";
import { PLANS, item, t } from "./helpers.js";

const unfold = (ics: string): string => ics.replace(/\r\n[ \t]/g, "");

describe("iCalendar of deadlines", () => {
  test("an all-day event on the due date with a Vietnamese summary and a UTC alarm", () => {
    const ics = unfold(deadlinesToIcs([item()], PLANS, { stamp: t("2026-01-02T03:04:05Z") }));
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).toContain("DTSTART;VALUE=DATE:20191105");
    expect(ics).toContain("DTEND;VALUE=DATE:20191106");
    expect(ics).toContain("SUMMARY:Hạn báo cáo: Kế hoạch hoạt động thông tin đối ngoại trên địa bàn huyện Vạn Ninh năm 2019 — Phần kết");
    expect(ics).toContain("DTSTAMP:20260102T030405Z");
    // 08:00 local on 04/11/2019 is 01:00 UTC.
    expect(ics).toContain("TRIGGER;VALUE=DATE-TIME:20191104T010000Z");
    expect(ics).toMatch(/DESCRIPTION:.*Phần kết.*Gửi về: UBND huyện \(qua Phòng Văn hoá và Thông tin\).*Hạn chót: 05\/11\/2019/);
  });

  test("lines are folded to 75 octets and end in CRLF", () => {
    const ics = deadlinesToIcs([item()], PLANS);
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  test("recurring deadlines expand within the plan's year; ongoing ones are left out", () => {
    const ics = deadlinesToIcs(
      [
        item({ planId: "quang-ngai-2024", section: "IV.2", due: null, recurrence: "quarterly", text: "báo cáo hằng quý" }),
        item({ planId: "quang-ngai-2024", section: "IV.3", due: null, recurrence: "ongoing", text: "thường xuyên" }),
      ],
      PLANS,
    );
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(4);
    expect(ics).toContain("DTSTART;VALUE=DATE:20240331");
    expect(ics).toContain("DTSTART;VALUE=DATE:20241231");
  });

  test("the same output whatever the process time zone (dates are dates, alarms UTC)", () => {
    const before = process.env.TZ;
    const a = deadlinesToIcs([item()], PLANS, { stamp: t("2026-01-01T00:00:00Z") });
    let b: string;
    try {
      process.env.TZ = "America/Los_Angeles";
      b = deadlinesToIcs([item()], PLANS, { stamp: t("2026-01-01T00:00:00Z") });
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
    expect(b).toBe(a);
    expect(a).not.toMatch(/DTSTART:2019/);
  });

  test("no deadlines: a valid empty calendar", () => {
    const ics = deadlinesToIcs([], PLANS);
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).toContain("END:VCALENDAR");
    expect(ics).not.toContain("VEVENT");
  });
});
