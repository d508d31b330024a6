// Table tests of the OCR repairs: each row a typical Tesseract mistake on Vietnamese plan text, and text that must stay as it is.

import { describe, expect, test } from "vitest";
import { repairDigits, repairFirstPart, repairItemLabels, repairItemSequence, repairOcrText, repairPartSequence, restoreFixedPhrases } from "./repair.js";

describe("repairOcrText", () => {
  test.each([
    ["Icelandic eth for Đ", "ÐỘC LẬP - Tự do", "ĐỘC LẬP - Tự do"],
    ["eth in lower case", "ðồng chí", "đồng chí"],
    ["African D", "Ɖảng ủy", "Đảng ủy"],
    ["decomposed marks are composed", "Ke\u0302\u0301 hoa\u0323ch", "Kế hoạch"],
    ["a date with l and O", "trước ngày l5/3/2O24", "trước ngày 15/3/2024"],
    ["a number with I", "Quyết định số 1I8/QĐ-UBND", "Quyết định số 118/QĐ-UBND"],
    ["an item label read as l.", "l. Phòng Tư pháp chủ trì", "1. Phòng Tư pháp chủ trì"],
    ["an item label read as l)", "l) Tuyên truyền", "1) Tuyên truyền"],
    ["the space lost after a part label", "I.MỤC ĐÍCH, YÊU CẦU", "I. MỤC ĐÍCH, YÊU CẦU"],
    ["the space lost after an item label", "2.Nhiệm vụ", "2. Nhiệm vụ"],
    ["a comma for a part label's stop, in bold", "**II, NỘI DUNG THỰC HIỆN**", "**II. NỘI DUNG THỰC HIỆN**"],
    ["a comma for an item label's stop", "**1, Mục đích**", "**1. Mục đích**"],
    ["a bracket for part I", "**[. MỤC ĐÍCH, YÊU CẦU**", "**I. MỤC ĐÍCH, YÊU CẦU**"],
    ["a bracket for item 1", "**]. Triển khai các nội dung**", "**1. Triển khai các nội dung**"],
    ["a Markdown heading with l.", "## **l. Phòng Tư pháp**", "## **1. Phòng Tư pháp**"],
    ["lost tone marks in the motto", "CONG HOA XA HOI CHU NGHIA VIET NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["misplaced marks in a fixed phrase", "Uỷ ban nhân dân huyện", "Ủy ban nhân dân huyện"],
    ["a fixed phrase in lower case", "do ùy ban nhân dân ban hành", "do ủy ban nhân dân ban hành"],
    ["an agency with marks lost", "So Tu phap chu tri", "Sở Tư pháp chủ trì"],
    ["legal words with a wrong tone in capitals", "TRIỂN KHAI THỊ HÀNH LUẬT SỬA ĐỔI, BỔ SƯNG", "TRIỂN KHAI THI HÀNH LUẬT SỬA ĐỔI, BỔ SUNG"],
    ["a full stop read as a comma before the next bullet", "- Cơ quan phối hợp: Các cơ quan, đơn vị liên quan,\n- Thời gian thực hiện: Quý II/2024.", "- Cơ quan phối hợp: Các cơ quan, đơn vị liên quan.\n- Thời gian thực hiện: Quý II/2024."],
    ["a date split after a slash", "trước ngày 30/6/ 2025", "trước ngày 30/6/2025"],
    ["a date split inside the month", "trước ngày 05/1 1/2019 để tổng hợp", "trước ngày 05/11/2019 để tổng hợp"],
    ["a date split inside the day", "ngày 1 5/3/2024", "ngày 15/3/2024"],
    ["a repeated quarter is the next one", "Thời gian thực hiện: Quý II, II/2024.", "Thời gian thực hiện: Quý II, III/2024."],
    ["a repeated quarter with và", "trong quý I và I năm 2025", "trong quý I và II năm 2025"],
  ])("%s", (_label, input, expected) => {
    expect(repairOcrText(input)).toBe(expected);
  });

  test.each([
    ["Roman numerals", "II. NHIỆM VỤ\nIII. TỔ CHỨC THỰC HIỆN"],
    ["a word with l", "lãnh đạo, lồng ghép"],
    ["a single digit next to letters", "Quý I năm 2024"],
    ["a Roman quarter before a year", "Quý I/2024, Quý II, III/2024"],
    ["two dates in a list", "ngày 5, 7/3/2024 và 30/13/2024"],
    ["a month that cannot be", "số 1 3/15/2024"],
    ["a comma before a lower-case bullet", "gồm: các sở,\n- các huyện"],
    ["correct text", "Ủy ban nhân dân huyện Vạn Ninh ban hành Kế hoạch"],
    ["a year range", "giai đoạn 2021-2025"],
    ["a decimal number", "1.5 tỷ đồng"],
    ["a count in a sentence", "Trong 2, 3 năm tới"],
    ["item 11 in a sentence", "11. Tổ chức hội nghị"],
    ["II already right", "II. NHIỆM VỤ"],
    ["words with o", "công tác"],
  ])("%s stays as it is", (_label, text) => {
    expect(repairOcrText(text)).toBe(text);
  });
});

describe("single repairs", () => {
  test.each([
    ["2O19", "2019"],
    ["O5/11/2019", "05/11/2019"],
    ["1l/3/2024", "11/3/2024"],
    ["1l.", "1l."],
    ["I.", "I."],
    ["Il", "Il"],
    ["l0", "l0"],
    ["I/2024", "I/2024"],
    ["III/2024", "III/2024"],
  ])("repairDigits(%j) = %j", (input, expected) => {
    expect(repairDigits(input)).toBe(expected);
  });

  test("repairItemLabels only touches a label at the start of a line", () => {
    expect(repairItemLabels("l. Một\nxem mục l. trên")).toBe("1. Một\nxem mục l. trên");
  });

  test("restoreFixedPhrases keeps upper case", () => {
    expect(restoreFixedPhrases("TO CHUC THUC HIEN")).toBe("TỔ CHỨC THỰC HIỆN");
  });

  test.each([
    ["part I read as 1.", "1. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nII. NHIỆM VỤ", "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nII. NHIỆM VỤ"],
    ["part I read as l.", "KẾ HOẠCH\nl. MỤC ĐÍCH\nII. NHIỆM VỤ", "KẾ HOẠCH\nI. MỤC ĐÍCH\nII. NHIỆM VỤ"],
    ["no part II: unchanged", "1. MỤC ĐÍCH\n2. NHIỆM VỤ", "1. MỤC ĐÍCH\n2. NHIỆM VỤ"],
    ["part I in bold read as 1.", "**1. MỤC ĐÍCH**\n**II. NHIỆM VỤ**", "**I. MỤC ĐÍCH**\n**II. NHIỆM VỤ**"],
    ["part I present: unchanged", "I. MỤC ĐÍCH\n1. CĂN CỨ\nII. NHIỆM VỤ", "I. MỤC ĐÍCH\n1. CĂN CỨ\nII. NHIỆM VỤ"],
    ["a lower-case item is not a part", "1. Mục đích\nII. NHIỆM VỤ", "1. Mục đích\nII. NHIỆM VỤ"],
  ])("repairFirstPart: %s", (_label, input, expected) => {
    expect(repairFirstPart(input)).toBe(expected);
  });

  test.each([
    ["III read as II", "I. MỤC ĐÍCH\nII. NHIỆM VỤ\n1. Tuyên truyền\nII. KINH PHÍ THỰC HIỆN\nIV. TỔ CHỨC THỰC HIỆN", "I. MỤC ĐÍCH\nII. NHIỆM VỤ\n1. Tuyên truyền\nIII. KINH PHÍ THỰC HIỆN\nIV. TỔ CHỨC THỰC HIỆN"],
    ["IV read as I, in bold", "**I. MỤC ĐÍCH**\n**II. NỘI DUNG**\n**III. KINH PHÍ**\n**I. TỔ CHỨC THỰC HIỆN**", "**I. MỤC ĐÍCH**\n**II. NỘI DUNG**\n**III. KINH PHÍ**\n**IV. TỔ CHỨC THỰC HIỆN**"],
    ["I read as 1L. (not II: part II follows)", "1L. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nII. NHIỆM VỤ", "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nII. NHIỆM VỤ"],
    ["I read as 1. and II as 1L (the scanned sample)", "1. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n1L NỘI DUNG THỰC HIỆN\n1. Triển khai\nIII. KINH PHÍ\nIV. TỔ CHỨC THỰC HIỆN", "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nII. NỘI DUNG THỰC HIỆN\n1. Triển khai\nIII. KINH PHÍ\nIV. TỔ CHỨC THỰC HIỆN"],
    ["parts numbered 1., 2. stay", "1. MỤC ĐÍCH\n2. NỘI DUNG\nIII. KINH PHÍ", "1. MỤC ĐÍCH\n2. NỘI DUNG\nIII. KINH PHÍ"],
    ["I read as II", "II. MỤC ĐÍCH\nII. NHIỆM VỤ\nIII. TỔ CHỨC", "I. MỤC ĐÍCH\nII. NHIỆM VỤ\nIII. TỔ CHỨC"],
    ["II read as 1L, without its stop", "I. MỤC ĐÍCH\n1L NỘI DUNG THỰC HIỆN", "I. MỤC ĐÍCH\nII. NỘI DUNG THỰC HIỆN"],
    ["III read as Il1., in bold", "**I. MỤC ĐÍCH**\n**II. NỘI DUNG**\n**Il1. TỔ CHỨC THỰC HIỆN**", "**I. MỤC ĐÍCH**\n**II. NỘI DUNG**\n**III. TỔ CHỨC THỰC HIỆN**"],
    ["III read as IH, before a heading in sentence case", "I. Mục đích yêu cầu:\nII. Nội dung:\nIH. Tổ chức thực hiện:", "I. Mục đích yêu cầu:\nII. Nội dung:\nIII. Tổ chức thực hiện:"],
    ["a part OCR lost leaves a gap: unchanged", "I. A\nII. B\nIV. D\nV. E", "I. A\nII. B\nIV. D\nV. E"],
    ["III read as II and IV as III", "I. A\nII. B\nII. C\nIII. D", "I. A\nII. B\nIII. C\nIV. D"],
    ["II garbled, then III read as II and IV as III", "I. MỤC ĐÍCH\n1L. CÁC NHIỆM VỤ\nII. KINH PHÍ\nIII. TỔ CHỨC THỰC HIỆN", "I. MỤC ĐÍCH\nII. CÁC NHIỆM VỤ\nIII. KINH PHÍ\nIV. TỔ CHỨC THỰC HIỆN"],
    ["II read as 1L before a heading in sentence case", "I. Mục đích yêu cầu:\n1L Nội dung và hình thức thực hiện:\nIII. Tổ chức thực hiện:", "I. Mục đích yêu cầu:\nII. Nội dung và hình thức thực hiện:\nIII. Tổ chức thực hiện:"],
    ["an item 11 read as 1l. is not a part", "I. MỤC ĐÍCH\n1l. Tuyên truyền\nII. NHIỆM VỤ", "I. MỤC ĐÍCH\n1l. Tuyên truyền\nII. NHIỆM VỤ"],
    ["numbered items are not parts", "1. MỤC ĐÍCH\n2. NHIỆM VỤ", "1. MỤC ĐÍCH\n2. NHIỆM VỤ"],
    ["a right sequence: unchanged", "I. A\nII. B\nIII. C", "I. A\nII. B\nIII. C"],
  ])("repairPartSequence: %s", (_label, input, expected) => {
    expect(repairPartSequence(input)).toBe(expected);
  });

  test.each([
    ["5 read as 9", "V. TỔ CHỨC\n4. Sở Tài chính\n9. Các sở, ngành\n6. Ủy ban nhân dân cấp xã", "V. TỔ CHỨC\n4. Sở Tài chính\n5. Các sở, ngành\n6. Ủy ban nhân dân cấp xã"],
    ["items start again under each part", "I. A\n1. Một\n2. Hai\nII. B\n1. Một\n2. Hai", "I. A\n1. Một\n2. Hai\nII. B\n1. Một\n2. Hai"],
    ["an item OCR lost leaves a gap", "1. Một\n2. Hai\n4. Bốn\n5. Năm", "1. Một\n2. Hai\n4. Bốn\n5. Năm"],
    ["a list that starts again at the end stays", "1. Một\n2. Hai\n3. Ba\n1. Một", "1. Một\n2. Hai\n3. Ba\n1. Một"],
    ["sub-items are not items", "1. Một\n1.1. Tiểu mục\n2. Hai", "1. Một\n1.1. Tiểu mục\n2. Hai"],
  ])("repairItemSequence: %s", (_label, input, expected) => {
    expect(repairItemSequence(input)).toBe(expected);
  });
});
