import { describe, expect, test } from "vitest";
import { normalizeDocumentText } from "./normalize.js";

describe("normalizeDocumentText", () => {
  test.each([
    ["NFD input becomes NFC", "Công an huyện".normalize("NFD"), ["Công an huyện"]],
    ["Markdown bold and headings", "## **2. Triển khai các nội dung**\n\n**KẾ HOẠCH**  ", ["2. Triển khai các nội dung", "KẾ HOẠCH"]],
    ["Markdown emphasis inside text", "theo chủ đề ***“Đổi mới”*** và *chủ động*.", ["theo chủ đề “Đổi mới” và chủ động."]],
    ["escaped Markdown", "1\\. Mục đích", ["1. Mục đích"]],
    ["HTML line breaks and entities", "Sở TT&amp;TT<br>Phòng VH&amp;TT", ["Sở TT&TT", "Phòng VH&TT"]],
    [
      "page-break split, lower-case continuation",
      "- Đồng thời cần bám sát các sự kiện của huyện trong năm 2024 để triển\n\nkhai có trọng tâm, trọng điểm.",
      ["- Đồng thời cần bám sát các sự kiện của huyện trong năm 2024 để triển khai có trọng tâm, trọng điểm."],
    ],
    [
      "page-break split inside a proper name",
      "- Tăng cường số lượng, thời lượng, nâng cao chất lượng các tin, bài, phóng sự về văn hóa, du lịch, con người Vạn\n\nNinh; kiên quyết đấu tranh.",
      ["- Tăng cường số lượng, thời lượng, nâng cao chất lượng các tin, bài, phóng sự về văn hóa, du lịch, con người Vạn Ninh; kiên quyết đấu tranh."],
    ],
    ["hard wrap of a PDF line", "1.1. Nâng cao nhận thức pháp luật cho cán bộ và Nhân dân\ntrên địa bàn xã.", ["1.1. Nâng cao nhận thức pháp luật cho cán bộ và Nhân dân trên địa bàn xã."]],
    ["a heading is not joined to its body", "1. Truyền thông quảng bá các tiềm năng của huyện Vũ Thư để thu hút đầu tư trong và ngoài nước vào địa phương\n\nQuảng bá, giới thiệu tình hình.", ["1. Truyền thông quảng bá các tiềm năng của huyện Vũ Thư để thu hút đầu tư trong và ngoài nước vào địa phương", "Quảng bá, giới thiệu tình hình."]],
    ["a title is not joined to the legal basis", "Công tác thông tin đối ngoại tỉnh Hưng Yên năm 2022 và các năm tiếp theo của giai đoạn\n\nThực hiện Nghị định số 72/2015/NĐ-CP", ["Công tác thông tin đối ngoại tỉnh Hưng Yên năm 2022 và các năm tiếp theo của giai đoạn", "Thực hiện Nghị định số 72/2015/NĐ-CP"]],
    ["bullets stay apart", "- Cơ quan chủ trì: Sở Ngoại vụ\n- Cơ quan phối hợp: Các sở, ngành", ["- Cơ quan chủ trì: Sở Ngoại vụ", "- Cơ quan phối hợp: Các sở, ngành"]],
    ["pipe table rows stay rows", "| STT | Nội dung |\n|---|---|\n|1|Họp báo  |", ["| STT | Nội dung |", "| 1 | Họp báo |"]],
    [
      "HTML table rows become pipe rows",
      "<table><tr><th>STT</th><th>Nội dung</th></tr><tr><td>1</td><td>A &amp; B<br/>tiếp</td></tr></table>",
      ["| STT | Nội dung |", "| 1 | A & B tiếp |"],
    ],
    [
      "one cell per line annex table",
      "STT\nNội dung\nCơ quan chủ trì\nThời gian hoàn thành\n1\nHọp báo quý\nSở Thông tin và Truyền thông\nHàng quý\n2\nTập huấn\nSở Nội vụ\nQuý II/2024",
      ["| STT | Nội dung | Cơ quan chủ trì | Thời gian hoàn thành |", "| 1 | Họp báo quý | Sở Thông tin và Truyền thông | Hàng quý |", "| 2 | Tập huấn | Sở Nội vụ | Quý II/2024 |"],
    ],
  ])("%s", (_name, input, want) => {
    expect(normalizeDocumentText(input)).toEqual(want);
  });
});
