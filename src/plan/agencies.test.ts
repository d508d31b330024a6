import { describe, expect, test } from "vitest";
import { matchForm } from "../text/abbreviations.js";
import { agencyProfile, groupsIn, namesAgency, splitAgencyList } from "./agencies.js";

describe("splitAgencyList", () => {
  test.each([
    ["Văn phòng HĐND - UBND huyện, Phòng Tài chính - Kế hoạch, Trung tâm phát triển Quỹ đất và Cụm công nghiệp.",
      ["Văn phòng HĐND - UBND huyện", "Phòng Tài chính - Kế hoạch", "Trung tâm phát triển Quỹ đất và Cụm công nghiệp"]],
    ["Các phòng, ban, ngành, Ủy ban nhân dân xã, thị trấn", ["Các phòng, ban, ngành", "Ủy ban nhân dân xã, thị trấn"]],
    ["Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]],
    ["Sở Kế hoạch và Đầu tư, Sở Công Thương.", ["Sở Kế hoạch và Đầu tư", "Sở Công Thương"]],
    ["Văn phòng HĐND và UBND huyện", ["Văn phòng HĐND và UBND huyện"]],
    ["Ban Tuyên giáo Tỉnh ủy, Sở Thông tin và Truyền thông, Sở Ngoại vụ; các cơ quan báo chí của tỉnh và các cơ quan, đơn vị liên quan.",
      ["Ban Tuyên giáo Tỉnh ủy", "Sở Thông tin và Truyền thông", "Sở Ngoại vụ", "các cơ quan báo chí của tỉnh", "các cơ quan, đơn vị liên quan"]],
    ["Ban Chỉ huy Quân sự huyện, Đoàn Biên phòng Đàm Môn, Đoàn Biên phòng Vạn Hưng",
      ["Ban Chỉ huy Quân sự huyện", "Đoàn Biên phòng Đàm Môn", "Đoàn Biên phòng Vạn Hưng"]],
  ])("%s", (input, want) => {
    expect(splitAgencyList(input)).toEqual(want);
  });
});

describe("namesAgency", () => {
  const names = (text: string, agency: string) => namesAgency(matchForm(text), agencyProfile(agency));
  test.each([
    ["Cơ quan chủ trì: Phòng Văn hóa và Thông tin huyện.", "Phòng Văn hoá và Thông tin", true],
    ["Phối hợp với Phòng Văn hóa và Thông tin, Văn phòng HĐND – UBND huyện", "Phòng VH&TT huyện", true],
    ["Công an tỉnh", "Công an huyện", false],
    ["Chủ trì, phối hợp với Công an tỉnh", "cong an tinh", true],
    ["Ủy ban Mặt trận Tổ quốc Việt Nam huyện, các đoàn thể", "Mặt trận Tổ quốc huyện", true],
    ["Bộ Chỉ huy Bộ đội biên phòng tỉnh", "Bộ đội Biên phòng tỉnh", true],
    ["Ban Chỉ huy Quân sự huyện, Đoàn Biên phòng", "Ban Chỉ huy Quân sự huyện Vạn Ninh", true],
    ["Bộ Thông tin và Truyền thông", "Sở TT&TT", false],
    ["Ủy ban nhân dân các huyện, thị xã, thành phố", "UBND các huyện, thị xã, thành phố", true],
    ["Các cơ quan báo chí tỉnh", "cơ quan báo chí tỉnh", true],
    ["Ủy ban nhân dân các xã, thị trấn", "UBND các xã, thị trấn", true],
    ["Ủy ban nhân dân xã, thị trấn", "UBND các xã, thị trấn", true],
  ])("%s ~ %s → %s", (text, agency, want) => {
    expect(names(text, agency)).toBe(want);
  });
});

describe("groups", () => {
  test.each([
    ["Các phòng, ban, ngành", "district-depts"],
    ["các phòng, ngành", "district-depts"],
    ["Các sở, ban ngành", "provincial-depts"],
    ["Ủy ban nhân dân xã, thị trấn", "communes"],
    ["UBND các xã, phường, đặc khu", "communes"],
    ["UBND các huyện, thị xã, thành phố", "districts"],
    ["các cơ quan báo chí", "press"],
    ["các cơ quan, đơn vị, địa phương", "everyone"],
  ])("%s is %s", (text, id) => {
    expect(groupsIn(matchForm(text))).toContain(id);
  });

  test("các cơ quan, đơn vị, địa phương liên quan is not everyone", () => {
    expect(groupsIn(matchForm("các cơ quan, đơn vị, địa phương liên quan"))).not.toContain("everyone");
  });

  test.each([
    ["Công an huyện", ["district-depts", "everyone"]],
    ["Công an tỉnh", ["provincial-depts", "everyone"]],
    ["Phòng Văn hóa và Thông tin", ["district-depts", "everyone"]],
    ["Sở Tư pháp", ["provincial-depts", "everyone"]],
    ["UBND xã", ["communes", "everyone"]],
    ["UBND huyện", ["districts", "everyone"]],
    ["Báo Quảng Ngãi", ["press", "everyone"]],
    ["Ban Tuyên giáo Huyện ủy", ["everyone"]],
  ])("%s is covered by %j", (name, groups) => {
    expect(agencyProfile(name).memberOf).toEqual(groups);
  });
});

// Separators split without a regex: spacing around commas and "và"/"cùng" as the regex split saw it.
test.each([
  ["Sở A , Sở B và , Phòng C", ["Sở A", "Sở B", "Phòng C"]],
  ["Sở A,Sở B cùng Phòng C; các xã", ["Sở A", "Sở B", "Phòng C", "các xã"]],
  ["HĐND và UBND huyện, Sở Y tế", ["HĐND và UBND huyện", "Sở Y tế"]],
  ["Sở A và, Sở B", ["Sở A và", "Sở B"]],
  ["Phòng Nội vụ ,và Phòng Tư pháp", ["Phòng Nội vụ, và Phòng Tư pháp"]],
  [", Sở A; ; Sở B ,", ["Sở A", "Sở B"]],
])("splitAgencyList(%j)", (text, list) => {
  expect(splitAgencyList(text)).toEqual(list);
});
