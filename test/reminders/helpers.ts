/** Shared fixtures for the reminder tests: deadline items, plans and chat settings. */
import type { DeadlineItem } from "../../src/core/types.js";
import type { ChatReminderSettings, PlanInfo } from "../../src/reminders/schedule.js";

/** A deadline item with sensible defaults (a plan-wide report like Vạn Ninh's closing paragraph). */
export function item(over: Partial<DeadlineItem> = {}): DeadlineItem {
  return {
    planId: "van-ninh-2019",
    section: "end",
    kind: "report",
    due: "2019-11-05",
    start: null,
    recurrence: "none",
    dayOfMonth: null,
    text: "báo cáo kết quả hoạt động thông tin đối ngoại gửi về UBND huyện (qua Phòng Văn hoá và Thông tin) trước ngày 05/11/2019",
    agencies: [],
    reportTo: "UBND huyện",
    reportVia: "Phòng Văn hoá và Thông tin",
    ...over,
  };
}

export const VAN_NINH: PlanInfo = {
  id: "van-ninh-2019",
  number: null,
  title: "Hoạt động thông tin đối ngoại trên địa bàn huyện Vạn Ninh năm 2019",
  year: 2019,
  issuedDate: "2019",
};

export const QUANG_NGAI: PlanInfo = {
  id: "quang-ngai-2024",
  number: "52/KH-UBND",
  title: "Kế hoạch thông tin đối ngoại tỉnh Quảng Ngãi năm 2024",
  year: 2024,
  issuedDate: "2024-02-20",
};

export const PLANS: PlanInfo[] = [VAN_NINH, QUANG_NGAI];

/** Chat settings with the default reminder preferences. */
export function chat(over: Partial<ChatReminderSettings> = {}): ChatReminderSettings {
  return { chat: "telegram:-100777", unit: null, planIds: null, leadDays: [7, 3, 1, 0], sendTime: "08:00", ...over };
}

/** An instant from an ISO string (with offset). */
export const t = (iso: string): Date => new Date(iso);
