// Tests for the strict text decoder and the legacy Vietnamese (TCVN3/VNI) mojibake detector.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { toTcvn3, toVni } from "../../test/fixtures/legacy-vietnamese.js";
import { decodeText, detectLegacyVietnamese } from "./encoding.js";

const PLANS_DIR = fileURLToPath(new URL("../../data/plans", import.meta.url));
const PLAN_FILES = readdirSync(PLANS_DIR)
  .filter((f) => f.endsWith(".txt"))
  .sort();
const plan = (file: string) => readFileSync(join(PLANS_DIR, file), "utf8");

describe("detectLegacyVietnamese: positives", () => {
  test.each([
    // TCVN3 (ABC), as .VnTime text reads without its font
    ["Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3"],
    ["Uû ban nh©n d©n", "tcvn3"],
    ["Uû ban nh©n d©n tØnh Qu¶ng Ng·i", "tcvn3"],
    ["§éc lËp - Tù do - H¹nh phóc", "tcvn3"],
    ["KÕ ho¹ch ho¹t ®éng th«ng tin ®èi ngo¹i n¨m 2019", "tcvn3"],
    ["C¬ quan chñ tr×: Phßng V¨n ho¸ vµ Th«ng tin", "tcvn3"],
    ["B¸o c¸o kÕt qu¶ vÒ UBND huyÖn tr\u00adíc ngµy 05/11/2019.", "tcvn3"],
    // pdf.js turns the micro sign µ into Greek μ when it extracts text
    ["Céng hoμ x· héi chñ nghÜa ViÖt Nam", "tcvn3"],
    // VNI
    ["Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni"],
    ["UÛy ban nhaân daân", "vni"],
    ["Ñoäc laäp - Töï do - Haïnh phuùc", "vni"],
    ["KEÁ HOAÏCH thoâng tin ñoái ngoaïi naêm 2019", "vni"],
    ["Phoøng Vaên hoùa vaø Thoâng tin chuû trì, phoái hôïp vôùi Coâng an huyeän", "vni"],
  ] as const)("%s -> %s", (text, expected) => {
    expect(detectLegacyVietnamese(text)).toBe(expected);
  });

  test.each(PLAN_FILES)("%s re-encoded to TCVN3 -> tcvn3", (file) => {
    expect(detectLegacyVietnamese(toTcvn3(plan(file)))).toBe("tcvn3");
  });

  test.each(PLAN_FILES)("%s re-encoded to VNI -> vni", (file) => {
    expect(detectLegacyVietnamese(toVni(plan(file)))).toBe("vni");
  });
});

describe("detectLegacyVietnamese: negatives", () => {
  test.each([
    ["Cộng hòa xã hội chủ nghĩa Việt Nam"],
    ["Uỷ ban nhân dân tỉnh Quảng Ngãi"],
    ["Độc lập - Tự do - Hạnh phúc"],
    ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["Hoà, hoá, hoãn, loè, khoé, thuỷ, khoẻ, quý, quà, xuân, thuê, tiên, yên"],
    ["công tác đấu tranh phòng, chống hoạt động “diễn biến hòa bình” của các thế lực thù địch"],
    ["Kết luận số 16-KL/TW về «Chiến lược phát triển thông tin đối ngoại»"],
    ["Nhiệt độ 30°C; diện tích 2×3 m; tỷ lệ 50%; © 2024 UBND; § 3; ± 5; ½ ngày"],
    ["Ðiều 5. Ðơn vị thực hiện: Phòng Văn hóa và Thông tin"],
    ["Cộng hòa xã hội chủ nghĩa Việt Nam".normalize("NFD")],
    ["The People's Committee shall report the results before 5 November 2019."],
    ["Plan No. 33/KH-UBND on external information activities in 2019 - see “Annex I”, item 3 & 4."],
    ["René Noël visited the museum café."],
    [""],
    ["2019 - 2020 / 05/11/2019 * 100"],
  ])("%s -> null", (text) => {
    expect(detectLegacyVietnamese(text)).toBeNull();
  });

  test.each(PLAN_FILES)("sample plan %s -> null", (file) => {
    expect(detectLegacyVietnamese(plan(file))).toBeNull();
  });
});

describe("decodeText", () => {
  const phrase = "Kế hoạch số 33/KH-UBND “Ủy ban nhân dân”";

  test.each([
    ["UTF-8", Buffer.from(phrase, "utf8")],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(phrase, "utf8")])],
    ["UTF-16 LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(phrase, "utf16le")])],
    ["UTF-16 BE with BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(phrase, "utf16le").swap16()])],
  ])("decodes %s", (_label, buf) => {
    expect(decodeText(buf)).toBe(phrase);
  });

  test("keeps NFD text as it is (normalization is the loader's last step)", () => {
    const nfd = phrase.normalize("NFD");
    expect(decodeText(Buffer.from(nfd, "utf8"))).toBe(nfd);
  });

  test.each([
    ["Latin-1 bytes", Buffer.from("Hà Nội, ngày", "latin1"), /not valid UTF-8/],
    ["TCVN3 bytes", Buffer.from("Céng hoµ x· héi", "latin1"), /not valid UTF-8/],
    ["a truncated UTF-8 sequence", Buffer.from([0x4b, 0xe1, 0xba]), /not valid UTF-8/],
    ["UTF-16 LE without BOM", Buffer.from("Ke hoach so 33", "utf16le"), /NUL/],
    ["UTF-16 BE with an odd byte count", Buffer.from([0xfe, 0xff, 0x00, 0x4b, 0x00]), /UTF-16BE/],
  ])("rejects %s with a plain Error", (_label, buf, message) => {
    expect(() => decodeText(buf)).toThrow(message);
  });
});
