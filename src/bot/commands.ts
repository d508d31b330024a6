/**
 * Parsing of chat commands: "/hoi câu hỏi", "/Hỏi ...", "/kehoach 1 3". Command
 * names are folded (case, Vietnamese diacritics) so Zalo users who type "/hỏi"
 * reach the same command as "/hoi".
 */

export interface ParsedCommand {
  /** Folded ASCII name without the slash, e.g. "hoi". */
  name: string;
  /** The rest of the message, trimmed (may be empty). */
  args: string;
}

/** Lower case, no diacritics, đ → d (NFC input or not). */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();
}

const ALIASES: Record<string, string> = {
  help: "trogiup",
  tro_giup: "trogiup",
  huongdan: "trogiup",
  nhiem_vu: "nhiemvu",
  han_chot: "hanchot",
  tom_tat: "tomtat",
  ke_hoach: "kehoach",
  don_vi: "donvi",
};

/**
 * Parse a leading "/command". Returns null for text that is not a command.
 * @example parseCommand("/hỏi Công an huyện làm gì?") // { name: "hoi", args: "Công an huyện làm gì?" }
 */
export function parseCommand(text: string): ParsedCommand | null {
  const match = /^\/(\S+)(?:\s+([\s\S]*))?$/u.exec(text.trim());
  if (!match) return null;
  const name = fold(match[1]!);
  if (!/^[a-z0-9_]{1,32}$/.test(name)) return null;
  return { name: ALIASES[name] ?? name, args: (match[2] ?? "").trim() };
}

/** "1 3", "1,3", "1, 2 và 5" → [1, 3] …; null when the text is not only numbers. */
export function parseNumberList(text: string): number[] | null {
  const parts = fold(text)
    .split(/[\s,;]+|\bva\b/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0 || !parts.every((p) => /^\d{1,4}$/.test(p))) return null;
  return [...new Set(parts.map(Number))];
}
