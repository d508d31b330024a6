import { describe, expect, it } from "vitest";
import { emptyList } from "./lists.js";

describe("emptyList", () => {
  it("returns a new empty array on every call", () => {
    const a = emptyList<string>();
    a.push("Sở Tư pháp");
    expect(a).toEqual(["Sở Tư pháp"]);
    expect(emptyList<string>()).toEqual([]);
    expect(emptyList<string>()).not.toBe(emptyList<string>());
  });
});
