/**
 * The wording of plans as data: the words that open the name of an actor (an
 * agency, a body or a post), and the verbs that end a subject and start its
 * duty. The rules in agencies.ts, roles.ts and parsePlan.ts read these lists,
 * and the table tests beside them hold one row per real wording, so a new
 * wording is a one-line change here.
 */

/** Words that open an agency's or a body's name (plan-anatomy.md, "Agency names and abbreviations"). */
export const AGENCY_HEADS = [
  "Sở", "Phòng", "Ban", "Văn phòng", "VP", "Công an", "CA", "Đài", "Báo", "Tạp chí", "Trung tâm",
  "Ủy ban", "Uỷ ban", "UBND", "UBMTTQ", "UBMTTQVN", "HĐND", "Hội", "Hội đồng", "Hiệp hội", "Liên hiệp", "Đoàn",
  "Liên đoàn", "Bộ", "Bộ Chỉ huy", "Cục", "Chi cục", "Kho bạc", "Thanh tra", "Tòa án", "Toà án", "Viện",
  "Mặt trận", "MTTQ", "Huyện ủy", "Huyện uỷ", "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ", "Đảng ủy", "Đảng uỷ",
  "Huyện đoàn", "Tỉnh đoàn", "Thành đoàn", "Ngân hàng", "NHNN", "Bảo hiểm", "BHXH", "Chi nhánh", "Trường",
  "Bệnh viện", "Hạt Kiểm lâm", "Bưu điện", "Viettel", "VNPT", "MobiFone", "Lực lượng", "BCH", "BĐBP", "Bộ đội",
  "Viễn thông", "Điện lực", "Công ty", "Tổng công ty", "Quỹ", "Học viện", "Cảng vụ", "Kiểm toán", "Hải quan",
  "Ủy ban Kiểm tra", "Tổ công tác", "Tổ giúp việc", "Tổ công nghệ số", "Tiểu ban", "Ban Chỉ đạo", "BCĐ",
  "Cơ quan thường trực", "Thường trực", "Doanh nghiệp", "Hợp tác xã", "Chủ đầu tư", "Cổng Thông tin", "Cổng TTĐT",
] as const;

/** Heads that also open common nouns or verbs: "Hội nghị", "Ban hành", "Bộ tiêu chí", "Phòng, chống". */
const NOT_AN_ACTOR = "(?![\\s,]*(?:hợp|kết|nghị|thảo|thi|diễn|chợ|nhập|hành|tiêu chí|dữ liệu|chỉ số|câu hỏi|công cụ|chống|ngừa|cháy|dịch|họp)(?=[\\s,.;:]|$))";

/** Words that open a post held by a person who is assigned work (commune and Front plans). */
export const POST_HEADS = [
  "Thủ trưởng", "Chủ tịch", "Phó Chủ tịch", "Trưởng", "Phó Trưởng", "Giám đốc", "Đồng chí", "Cán bộ",
  "Công chức", "Bí thư", "Phó Bí thư", "Chánh Văn phòng", "Người đứng đầu", "Lãnh đạo",
] as const;

/**
 * Verbs (and a few prepositions) that end the subject of a duty sentence:
 * "Sở Y tế | chủ trì ...", "Hội đồng thi đua | họp xét ...".
 */
export const DUTY_VERBS = [
  "theo dõi", "chủ trì", "thực hiện", "phối hợp", "triển khai", "có trách nhiệm", "chịu trách nhiệm", "tổ chức",
  "chỉ đạo", "hướng dẫn", "tham mưu", "xây dựng", "căn cứ", "là cơ quan", "là đầu mối", "làm đầu mối", "bố trí", "kiểm tra",
  "đôn đốc", "tăng cường", "cung cấp", "chủ động", "tiếp tục", "đẩy mạnh", "nghiên cứu", "quán triệt", "tuyên truyền",
  "chuẩn bị", "tham gia", "giới thiệu", "quảng bá", "báo cáo", "tổng hợp", "hỗ trợ", "phân công", "phát huy", "họp",
  "quyết định", "thành lập", "ban hành", "rà soát", "đề xuất", "giám sát", "thẩm định", "bảo đảm", "đảm bảo",
  "vận động", "phổ biến", "huy động", "điều phối", "cập nhật", "xử lý", "phát động", "tiếp nhận", "lồng ghép",
  "khẩn trương", "kịp thời", "thường xuyên", "nghiêm túc", "duy trì", "vận hành", "thúc đẩy", "lựa chọn",
  "cấp phát", "sẵn sàng", "thu gom", "phun", "xét nghiệm", "đánh giá", "sơ kết", "tổng kết", "hoàn thiện",
  "kết nối", "đề nghị", "thống nhất", "phê duyệt", "gửi", "nắm",
  "khi", "trong phạm vi", "trong", "về việc", "về", "để", "nhằm", "tại"
] as const;

/** Verbs that state a duty even in a short tail after a name ("Công an tỉnh chủ trì"). */
export const STRONG_DUTY_VERBS = [
  "chủ trì", "phối hợp", "thực hiện", "theo dõi", "triển khai", "tổ chức", "chỉ đạo", "hướng dẫn", "tham mưu", "báo cáo",
  "tổng hợp", "có trách nhiệm", "chịu trách nhiệm", "bố trí", "kiểm tra", "xây dựng",
] as const;

/** Words that open a clause addressed to an actor: "Đề nghị X ...", "..., giao X thành lập ...". */
export const ADDRESSING = ["giao cho", "giao", "yêu cầu", "đề nghị"] as const;

/** Words by which one actor tells another to act, inside a sentence: the addressing words and "chỉ đạo X thực hiện". */
export const DIRECTIVES = [...ADDRESSING, "chỉ đạo"] as const;

/** Opening phrases after which, past a comma, a duty sentence names its subject ("Trên cơ sở ..., Hội đồng thi đua họp xét"). */
export const OPENING_PHRASES = [
  "Trên cơ sở", "Căn cứ", "Sau khi", "Trong quá trình", "Trong thời gian", "Khi", "Hằng năm", "Hàng năm", "Định kỳ",
  "Trường hợp", "Ngoài ra", "Đồng thời",
] as const;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const byLength = (a: string, b: string): number => b.length - a.length;

/** `^(?:các )?<head>` at a word end: the text opens with an actor's name. */
export const ACTOR_START = new RegExp(
  `^(?:(?:các|Các|những|Những|tất cả|Tất cả)\\s+\\p{L}|(?:${[...AGENCY_HEADS, ...POST_HEADS].sort(byLength).map(escape).join("|")})(?=[\\s,.;:()]|$)${NOT_AN_ACTOR})`,
  "u",
);

/**
 * ACTOR_START without its look-aheads: a text that fails this does not open with an actor
 * (a quick refusal before the work that finds where a name ends).
 */
export const ACTOR_HEAD = new RegExp(`^(?:(?:các|Các|những|Những|tất cả|Tất cả)\\s|${[...AGENCY_HEADS, ...POST_HEADS].sort(byLength).map(escape).join("|")})`, "u");
/** How far into a text ACTOR_HEAD can look (the longest head and a blank after it). */
export const ACTOR_HEAD_SPAN = Math.max(...[...AGENCY_HEADS, ...POST_HEADS, "tất cả"].map((h) => h.length)) + 1;

// The first two code units of every word ACTOR_START can open with (each is at least two long), in a
// 64K-entry table indexed by a hash of the pair: a clause whose pair is not there opens with no actor.
const pairIndex = (a: number, b: number): number => (a * 0x3f1 + b) & 0xffff;
const ACTOR_PAIRS = new Uint8Array(1 << 16);
for (const w of ["các", "Các", "những", "Những", "tất cả", "Tất cả", ...AGENCY_HEADS, ...POST_HEADS]) ACTOR_PAIRS[pairIndex(w.charCodeAt(0), w.charCodeAt(1))] = 1;

/** `ACTOR_START.test(text.slice(from))`, refused at once when the first two characters open no actor's word. */
export function opensWithActor(text: string, from = 0): boolean {
  if (text.length - from < 2 || !ACTOR_PAIRS[pairIndex(text.charCodeAt(from), text.charCodeAt(from + 1))]) return false;
  return ACTOR_START.test(from ? text.slice(from) : text);
}

/** A name head (with "các" itself) that starts a new agency in a list ("Sở A, Sở B và Phòng C"). */
export const LIST_HEAD = new RegExp(`^(?:các|Các|${[...AGENCY_HEADS, ...POST_HEADS].sort(byLength).map(escape).join("|")})(?=[\\s,.;:()]|$)`, "u");

const WORD_END = "(?=[\\s,.;:]|$)";
const alternation = (words: readonly string[]): string => [...words].sort(byLength).map(escape).join("|");

/** A tail that opens with a strong duty verb. */
export const STRONG_DUTY = new RegExp(`^(?:${alternation(STRONG_DUTY_VERBS)})${WORD_END}`, "u");

/** A clause that opens (after a bullet) with an addressing word: "Đề nghị ", "Giao cho ". */
export const DIRECTIVE_START = new RegExp(`^(?:[-+•–*]\\s*)?(?:(?:${alternation(ADDRESSING)})\\s+)?`, "iu");

/** A directive inside a sentence, followed by the actor it directs. */
export const DIRECTIVE_IN_TEXT = new RegExp(`(?:^|[\\s,])(?:${alternation(DIRECTIVES)})\\s+`, "giu");

/** Any directive word: a quick test before DIRECTIVE_IN_TEXT, as most clauses direct no one. */
export const DIRECTIVE_WORD = new RegExp(alternation(DIRECTIVES), "iu");

/** A comma that may end an opening phrase, with an addressing word after it. */
export const COMMA_THEN_DIRECTIVE = new RegExp(`,\\s*(?:(?:${alternation(ADDRESSING)})\\s+)?`, "giu");

/** A clause that opens (after a bullet) with an opening phrase. */
export const OPENING_PHRASE = new RegExp(`^(?:[-+•–*]\\s*)?(?:${alternation(OPENING_PHRASES)})(?=\\s)`, "iu");

/**
 * The code units OPENING_PHRASE can start with: a bullet, or a phrase's first letter in any case the
 * /iu flags accept ("ſ" for s, the Kelvin sign for k). A clause opening otherwise needs no match.
 */
export const OPENING_PHRASE_FIRST: ReadonlySet<number> = (() => {
  const first = new RegExp(`^(?:[-+•–*]|${[...new Set(OPENING_PHRASES.map((p) => escape(p.charAt(0))))].join("|")})`, "iu");
  const units = new Set<number>();
  // Only letters below U+2200 fold to a Latin letter; surrogate halves never do.
  for (let c = 0; c < 0x2200; c++) if (first.test(String.fromCharCode(c))) units.add(c);
  return units;
})();

// JavaScript's \s spelt out: V8 scans a /u regex with this class about twice as fast as with \s.
const BLANKS = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";

/** The first duty verb after a subject (its index is the end of the subject). */
export const VERB_CUT = new RegExp(`[${BLANKS}](?:${[...DUTY_VERBS].sort(byLength).map(escape).join("|")})(?=[${BLANKS},.;:]|$)`, "u");
