import { describe, expect, test } from "vitest";
import { understand } from "./intent.js";

const catalog = ["Công an huyện", "Phòng Văn hóa và Thông tin", "Sở Tài chính", "Bộ Chỉ huy Bộ đội biên phòng tỉnh", "Ban Chỉ huy Quân sự huyện", "Sở Thông tin và Truyền thông", "Công an tỉnh"];

describe("understand", () => {
  test.each([
    ["Công an huyện phải làm gì?", "duties", "Công an huyện", false],
    ["cong an huyen phai lam gi", "duties", "Công an huyện", false],
    ["Sở Tài chính có trách nhiệm gì?", "duties", "Sở Tài chính", false],
    ["Bộ đội biên phòng tỉnh Quảng Ngãi có nhiệm vụ gì?", "duties", "Bộ Chỉ huy Bộ đội biên phòng tỉnh", false],
    ["Ban Chỉ huy Quân sự huyện Vạn Ninh có nhiệm vụ gì?", "duties", "Ban Chỉ huy Quân sự huyện", false],
    ["Đơn vị chúng tôi phải làm gì?", "duties", null, true],
    ["don vi minh phai lam gi", "duties", null, true],
    ["Báo cáo của chúng tôi hạn khi nào?", "deadline", null, true],
    ["Khi nào phải gửi báo cáo kết quả?", "deadline", null, false],
    ["Hạn nộp báo cáo kết quả hoạt động thông tin đối ngoại là khi nào?", "deadline", null, false],
    ["Sở TT&TT phải nộp báo cáo trước ngày nào?", "deadline", "Sở Thông tin và Truyền thông", false],
    ["Ai tổ chức họp báo định kỳ hàng quý?", "who", null, false],
    ["Đơn vị nào chịu trách nhiệm quản lý và cung cấp thông tin?", "who", null, false],
    ["Tóm tắt kế hoạch thông tin đối ngoại Hưng Yên", "summary", null, false],
    ["Có những kế hoạch nào?", "plans", null, false],
    ["Kinh phí thực hiện kế hoạch lấy từ nguồn nào?", "search", null, false],
    ["Hội nghị tập huấn về công tác thông tin đối ngoại tổ chức vào thời gian nào?", "search", null, false],
    ["Kế hoạch nào giao quảng bá sản phẩm OCOP?", "search", null, false],
    ["Phòng Nội vụ phải làm gì?", "duties", "Phòng Nội vụ", false],
  ])("%s", (q, intent, agency, usesUnit) => {
    const u = understand(q, catalog);
    expect([u.intent, u.agency, u.usesUnit]).toEqual([intent, agency, usesUnit]);
  });

  test("when questions about a task are flagged", () => {
    expect(understand("Hội nghị tập huấn tổ chức vào thời gian nào?", catalog).asksWhen).toBe(true);
  });
});
