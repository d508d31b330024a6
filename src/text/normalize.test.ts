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
    ["an item label alone on its line joins its heading (layout or page break)", "2.\nSở Nông nghiệp và Môi trường\n\nIII.\n\nTỔ CHỨC THỰC HIỆN", ["2. Sở Nông nghiệp và Môi trường", "III. TỔ CHỨC THỰC HIỆN"]],
    ["a bare label does not swallow the next item", "a)\nb) Tập huấn", ["a)", "b) Tập huấn"]],
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

describe("Markdown with hard wraps (paragraphs separated by blank lines): real layouts", () => {
  // Enough paragraph blocks for the text to be read block by block.
  const pad = "\n\n" + Array.from({ length: 8 }, (_, i) => `Đoạn văn số ${i + 1} được ngắt\ndòng ở giữa câu.`).join("\n\n");
  const first = (text: string, n: number): string[] => normalizeDocumentText(text + pad).slice(0, n);
  test.each([
    ["a bold heading wrapped inside the emphasis", "**VI. TỔ CHỨC\nTHỰC HIỆN**\n\n**1. Sở\nKhoa học và Công nghệ**", ["VI. TỔ CHỨC THỰC HIỆN", "1. Sở Khoa học và Công nghệ"]],
    ["the label's dot outside the bold, text on the next line", "**6**.\nTổ chức tập huấn cho cán bộ.\n\n**1.****\n**Trên cơ sở kết quả rà soát.", ["6. Tổ chức tập huấn cho cán bộ.", "1. Trên cơ sở kết quả rà soát."]],
    ["an italic label left open after its colon", "*Đơn vị chủ trì thực hiện: *Các\nSở, ngành, đơn vị, UBND cấp xã.", ["Đơn vị chủ trì thực hiện: Các Sở, ngành, đơn vị, UBND cấp xã."]],
    ["a dash that continues a wrapped sentence", "phát triển nền tảng truy xuất nguồn gốc sản xuất\n- quản lý - tiêu thụ nông sản.", ["phát triển nền tảng truy xuất nguồn gốc sản xuất - quản lý - tiêu thụ nông sản."]],
    ["recipients in one block stay one per line", "Nơi nhận:\n- Bộ Tư pháp (b/c);\n- UBND các xã, phường;\n- Lưu: VT.", ["Nơi nhận:", "- Bộ Tư pháp (b/c);", "- UBND các xã, phường;", "- Lưu: VT."]],
    ["a page-break split goes on in lower case", "- Cơ quan phối hợp: các sở, ngành, địa phương\n\nliên quan.", ["- Cơ quan phối hợp: các sở, ngành, địa phương liên quan."]],
  ])("%s", (_name, input, want) => {
    expect(first(input, want.length)).toEqual(want);
  });

  test("a letterhead written one cell per line between '|' lines", () => {
    const text = "|\n**ỦY BAN NHÂN\nDÂN **\nTHÀNH PHỐ HỒ CHÍ MINH\n--------\n|\n**CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n|\n|\nSố:\n2820/QĐ-UBND\n|\n*Thành phố Hồ\nChí Minh, ngày 19 tháng 11 năm 2025*\n|";
    expect(first(text, 6)).toEqual(["ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 2820/QĐ-UBND", "Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025", "Đoạn văn số 1 được ngắt dòng ở giữa câu."]);
  });

  test("an annex task table one cell per line: header width, group rows, continuation rows", () => {
    const cells = ["**TT**", "**Nhiệm vụ**", "**Cơ quan chủ trì**", "**Cơ quan phối hợp**", "**Thời gian**", "", "**I**", "**Hoàn\nthiện thể chế**", "", "1", "Rà soát, sửa đổi\nvăn bản.", "Sở Tài chính", "", "Quý IV/2025", "", "Xây dựng hạ tầng\ndự phòng.", "Trung tâm Chuyển đổi số", "", "2", "Đầu tư trang thiết bị.", "Sở Tài chính", "Các sở, ngành", "Quý IV/2026"];
    const text = `|\n${cells.map((c) => (c ? `${c}\n|` : "|")).join("\n")}`;
    expect(first(text, 6)).toEqual([
      "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |",
      "| I | Hoàn thiện thể chế |",
      "| 1 | Rà soát, sửa đổi văn bản. | Sở Tài chính |  | Quý IV/2025 |",
      "|  | Xây dựng hạ tầng dự phòng. | Trung tâm Chuyển đổi số |",
      "| 2 | Đầu tư trang thiết bị. | Sở Tài chính | Các sở, ngành | Quý IV/2026 |",
      "Đoạn văn số 1 được ngắt dòng ở giữa câu.",
    ]);
  });
});
