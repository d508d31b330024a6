// Letterheads beyond a district UBND: Fatherland Front committees, sub-committees, posts, Word header
// tables, drafts without a number or a day, OCR text that starts with a file name.
import { describe, expect, test } from "vitest";
import { parsePlan } from "./parsePlan.js";

const BODY = "\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\nNâng cao nhận thức.\n\nII. TỔ CHỨC THỰC HIỆN\n\n1. Ban Công tác Mặt trận thôn\n\nTuyên truyền đến Nhân dân.\n\nTrên đây là Kế hoạch.\n";
const MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc";

describe("metadata of other letterheads", () => {
  test.each([
    [
      "a Fatherland Front committee's standing board",
      `ỦY BAN MTTQ VIỆT NAM\nXÃ TÂN PHÚ\nBAN THƯỜNG TRỰC\n\n${MOTTO}\n\nSố: 15/KH-MTTQ-BTT\n\nTân Phú, ngày 10 tháng 3 năm 2025\n\nKẾ HOẠCH\nTổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2025`,
      { number: "15/KH-MTTQ-BTT", issuer: "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Tân Phú", issuedDate: "2025-03-10", year: 2025 },
    ],
    [
      "a sub-committee of a steering committee",
      `BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ TỈNH\nTIỂU BAN DỮ LIỆU\n\n${MOTTO}\n\nSố: 03/KH-TBDL\n\nQuảng Trị, ngày 02 tháng 4 năm 2025\n\nKẾ HOẠCH\nHoạt động của Tiểu ban Dữ liệu năm 2025`,
      { number: "03/KH-TBDL", issuer: "Tiểu ban Dữ liệu Ban Chỉ đạo chuyển đổi số tỉnh", issuedDate: "2025-04-02", year: 2025 },
    ],
    [
      "a post (the chairman) issuing the plan",
      `CHỦ TỊCH\nỦY BAN NHÂN DÂN XÃ BÌNH MINH\n\n${MOTTO}\n\nSố: 07/KH-CT\n\nBình Minh, ngày 3 tháng 5 năm 2025\n\nKẾ HOẠCH\nKiểm tra công tác cải cách hành chính năm 2025`,
      { number: "07/KH-CT", issuer: "Chủ tịch Ủy ban nhân dân xã Bình Minh", issuedDate: "2025-05-03", year: 2025 },
    ],
    [
      "a Word letterhead in a header table",
      "| ỦY BAN NHÂN DÂN XÃ AN BÌNH Số: 45/KH-UBND | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc An Bình, ngày 20 tháng 10 năm 2025 |\n\nKẾ HOẠCH\nPhòng, chống thiên tai năm 2026",
      { number: "45/KH-UBND", issuer: "Ủy ban nhân dân xã An Bình", issuedDate: "2025-10-20", year: 2026 },
    ],
    [
      "an unnumbered draft with a blank day and month",
      `ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA BÌNH\n\n${MOTTO}\n\nSố: /KH-UBND\n\nHòa Bình, ngày     tháng    năm 2025\n\nDỰ THẢO\n\nKẾ HOẠCH\nCải cách hành chính năm 2026`,
      { number: null, issuer: "Ủy ban nhân dân phường Hòa Bình", issuedDate: "2025", year: 2026 },
    ],
    [
      "OCR text that starts with a file name and has no letterhead",
      "KH_so_12_UBND_xa_Dong_Hai.pdf\n\nKẾ HOẠCH\nTuyên truyền phổ biến pháp luật năm 2025\n\nThực hiện Kế hoạch số 33/KH-UBND của UBND huyện, Ủy ban nhân dân xã Đông Hải ban hành Kế hoạch như sau:",
      { number: null, issuer: "Ủy ban nhân dân xã Đông Hải", issuedDate: null, year: 2025 },
    ],
  ])("%s", (_name, header, want) => {
    const meta = parsePlan(header + BODY).meta;
    expect({ number: meta.number, issuer: meta.issuer, issuedDate: meta.issuedDate, year: meta.year }).toEqual(want);
  });
});
