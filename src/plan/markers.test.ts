import { expect, test } from "vitest";
import { parseMarker } from "./markers.js";

test.each([
  ["I. MỤC ĐÍCH, YÊU CẦU", "roman", ["I"], "MỤC ĐÍCH, YÊU CẦU"],
  ["IV. TỔ CHỨC THỰC HIỆN", "roman", ["IV"], "TỔ CHỨC THỰC HIỆN"],
  ["Il. NHIỆM VỤ CỤ THỂ", "roman", ["II"], "NHIỆM VỤ CỤ THỂ"],
  ["I. Mục đích yêu cầu:", "roman", ["I"], "Mục đích yêu cầu:"],
  ["PHẦN II. NHIỆM VỤ", "roman", ["II"], "NHIỆM VỤ"],
  ["1. Mục đích", "arabic", ["1"], "Mục đích"],
  ["12. UBND các huyện, thị xã, thành phố", "arabic", ["12"], "UBND các huyện, thị xã, thành phố"],
  ["1.2. Sở Tài chính", "arabic", ["1", "2"], "Sở Tài chính"],
  ["2.3 Công an tỉnh", "arabic", ["2", "3"], "Công an tỉnh"],
  ["a) Thực hiện tốt công tác", "letter", ["a"], "Thực hiện tốt công tác"],
  ["đ) Sản xuất các sản phẩm", "letter", ["đ"], "Sản xuất các sản phẩm"],
  ["- a) Tổ chức giới thiệu", "letter", ["a"], "Tổ chức giới thiệu"],
  ["(1) Tuyên truyền", "paren", ["1"], "Tuyên truyền"],
  ["Điều 1. Ban hành kèm theo Quyết định này", "article", ["1"], "Ban hành kèm theo Quyết định này"],
  ["A. NHIỆM VỤ CHUNG", "upper", ["A"], "NHIỆM VỤ CHUNG"],
  ["C. TỔ CHỨC THỰC HIỆN", "upper", ["C"], "TỔ CHỨC THỰC HIỆN"],
  ["XII. KINH PHÍ", "roman", ["XII"], "KINH PHÍ"],
])("%s", (line, style, labels, rest) => {
  expect(parseMarker(line)).toEqual({ style, labels, rest });
});

test.each([
  ["- Cơ quan chủ trì: Sở Ngoại vụ."],
  ["Trên đây là Kế hoạch"],
  ["2022. Năm"],
  ["Căn cứ Nghị định số 72/2015/NĐ-CP"],
  ["I love it"],
  ["1.000 người tham gia"],
  ["- Là cơ quan chủ trì"],
])("not a marker: %s", (line) => {
  expect(parseMarker(line)).toBeNull();
});
