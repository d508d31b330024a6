import { describe, expect, test } from "vitest";
import { normalizeDocumentText } from "../text/normalize.js";
import { buildLayout } from "./structure.js";
import { issuerFromCaps } from "./metadata.js";

const ids = (text: string): string[] => buildLayout(normalizeDocumentText(text)).sections.map((s) => s.id);

describe("section ids", () => {
  test.each([
    ["Roman, Arabic, letters", "KẾ HOẠCH\nTiêu đề\nCăn cứ Luật.\nI. MỤC ĐÍCH\n1. Mục đích\na) Một\nb) Hai\nđ) Năm\n2. Yêu cầu\nII. NHIỆM VỤ\n1. Việc một", ["head", "I", "I.1", "I.1.a", "I.1.b", "I.1.đ", "I.2", "II", "II.1"]],
    ["numbering skips a part", "I. A\n1. Một\nIII. C\n1. Hai", ["I", "I.1", "III", "III.1"]],
    ["letter after a dash", "I. A\n1. Mục đích\n- a) Một\n- b) Hai", ["I", "I.1", "I.1.a", "I.1.b"]],
    ["decimal labels under a Roman part", "III. NHIỆM VỤ\n1.1. Hạ tầng\n1.2. Dữ liệu\n2.1. Nhân lực", ["III", "III.1.1", "III.1.2", "III.2.1"]],
    ["decimal labels without Roman parts", "1. MỤC ĐÍCH\n1.1. Một\n2. NỘI DUNG\n2.3. Ba", ["1", "1.1", "2", "2.3"]],
    ["(1) counts as 1", "II. NHIỆM VỤ\n1. Tuyên truyền\n(1) Báo in\n(2) Báo điện tử", ["II", "II.1", "II.1.1", "II.1.2"]],
    ["OCR'd Roman numeral", "I. MỤC ĐÍCH\nIl. NHIỆM VỤ\n1. Một", ["I", "II", "II.1"]],
    ["parts lettered A., B.", "A. NHIỆM VỤ CHUNG\n1. Một\nB. TỔ CHỨC THỰC HIỆN\n1. Sở Tư pháp", ["A", "A.1", "B", "B.1"]],
    ["closing paragraph is end", "I. A\n1. Một\n- việc\nTrên đây là Kế hoạch; yêu cầu các đơn vị báo cáo trước ngày 05/11/2019./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nNguyễn Văn A", ["I", "I.1", "end"]],
    ["closing starting with Yêu cầu", "IV. TỔ CHỨC\n12. Các sở\n- Báo cáo.\nYêu cầu Thủ trưởng các sở triển khai thực hiện./.\nNơi nhận:\n- Lưu: VT.", ["IV", "IV.12", "end"]],
    ["annex rows", "I. A\n1. Một\nNơi nhận:\n- Lưu.\nPHỤ LỤC\nDanh mục\n| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |\n| 1 | Việc A | Sở X | Quý I/2024 |\n| 2 | Việc B | Sở Y | Quý II/2024 |", ["I", "I.1", "PL", "PL.1", "PL.2"]],
    ["annex with groups restarting numbering, and a second annex", "I. A\nPHỤ LỤC I\n| STT | Nội dung | Đơn vị chủ trì |\n| I | Nhóm một | |\n| 1 | Việc A | Sở X |\n| II | Nhóm hai | |\n| 1 | Việc B | Sở Y |\nPHỤ LỤC II\n| STT | Nội dung | Đơn vị chủ trì |\n| 1 | Việc C | Sở Z |", ["I", "PL", "PL.I", "PL.II", "PL.I.1", "PL.II.1", "PL2", "PL2.1"]],
    ["annex with continuous numbering across groups", "I. A\nPHỤ LỤC\n| STT | Nội dung | Đơn vị chủ trì |\n| I | Nhóm một | |\n| 1 | Việc A | Sở X |\n| II | Nhóm hai | |\n| 2 | Việc B | Sở Y |", ["I", "PL", "PL.1", "PL.2"]],
    ["decision articles", "QUYẾT ĐỊNH\nBan hành Kế hoạch\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nĐiều 2. Hiệu lực.\nNơi nhận:\n- Lưu.\nKT. CHỦ TỊCH\nLê Văn A\nKẾ HOẠCH\nChuyển đổi số năm 2026\n(Ban hành kèm theo Quyết định số 1/QĐ-UBND)\nI. MỤC ĐÍCH\n1. Một", ["qd.1", "qd.2", "I", "I.1"]],
  ])("%s", (_name, text, want) => {
    expect(ids(text)).toEqual(want);
  });
});

test.each([
  ["KẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW về chuyển đổi số năm 2025\nCăn cứ Luật.\nI. MỤC ĐÍCH", ["Thực hiện Nghị quyết số 57-NQ/TW về chuyển đổi số năm 2025"]],
  ["KẾ HOẠCH\nCông tác thông tin đối ngoại năm 2022\nThực hiện Kế hoạch số 18/KH-UBND của UBND tỉnh.\nI. MỤC ĐÍCH", ["Công tác thông tin đối ngoại năm 2022"]],
  ["KẾ HOẠCH\nThực hiện Kế hoạch số 18/KH-UBND ngày 26/01/2022 của UBND tỉnh;\nI. MỤC ĐÍCH", []],
])("title lines of %j", (text, title) => {
  expect(buildLayout(normalizeDocumentText(text)).titleLines).toEqual(title);
});

test("recipients and signature are kept out of sections", () => {
  const layout = buildLayout(normalizeDocumentText("I. A\n1. Công an huyện\n- Việc.\nNơi nhận:\n- Công an huyện;\n- UBND các xã, thị trấn;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Quang Trung"));
  expect(layout.recipients).toEqual(["Công an huyện", "UBND các xã, thị trấn", "Lưu: VT"]);
  expect(layout.signatureLines).toContain("Lê Quang Trung");
  expect(layout.sections.map((s) => s.lines.join(" ")).join(" ")).not.toContain("Lưu");
});

test("annex row text is written as labelled lines", () => {
  const layout = buildLayout(normalizeDocumentText("I. A\nPHỤ LỤC\n| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n| 1 | Họp báo | Sở X | Sở Y | Quý I/2024 |"));
  const row = layout.sections.find((s) => s.id === "PL.1");
  expect(row?.heading).toBe("Họp báo");
  expect(row?.lines).toEqual(["Cơ quan chủ trì: Sở X", "Cơ quan phối hợp: Sở Y", "Thời gian hoàn thành: Quý I/2024"]);
});


test.each([
  ["ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN", "Ủy ban nhân dân tỉnh Hưng Yên"],
  ["UBND HUYỆN VŨ THƯ", "Ủy ban nhân dân huyện Vũ Thư"],
  ["ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc", "Ủy ban nhân dân tỉnh Quảng Ngãi"],
  ["SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư"],
  ["SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH TỈNH KHÁNH HÒA", "Sở Văn hóa, Thể thao và Du lịch tỉnh Khánh Hòa"],
  ["CÔNG AN TỈNH THANH HÓA", "Công an tỉnh Thanh Hóa"],
  ["ỦY BAN NHÂN DÂN XÃ ĐÔNG HẢI", "Ủy ban nhân dân xã Đông Hải"],
])("issuer %s", (caps, want) => {
  expect(issuerFromCaps(caps)).toBe(want);
});
