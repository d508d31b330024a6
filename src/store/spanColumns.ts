/**
 * A plan's role spans as the store keeps them in `plan_spans`, one row per plan:
 * each span's order, section, role, source, groups and whether its section is
 * not a duty, as JSON columns. Its text is in `plan_docs`, its matching form in
 * the word index. One row per plan rather than one per span: spans are always
 * read a plan at a time, and a hundred rows per plan were a seventh of what
 * ingestion spends writing the store.
 */
import type { StoredSpan } from "../plan/parsePlan.js";
import type { SpanTuple } from "./preparedPlan.js";

/** A stored span's place and role, by span index. */
export interface SpanMeta {
  order: number;
  section: string;
  role: StoredSpan["role"];
  source: StoredSpan["source"];
  groups: StoredSpan["groups"];
  /** The span's section is not a duty (head, purpose parts). */
  excluded: boolean;
}

/** Roles by code, in the order SQL sorted their names. */
export const ROLES = ["lead", "mention", "partner"] as const satisfies ReadonlyArray<StoredSpan["role"]>;
const SOURCES = ["heading", "label", "sentence", "text", "annex"] as const satisfies ReadonlyArray<StoredSpan["source"]>;

/** A role's code (its index in {@link ROLES}). */
export function roleCode(role: StoredSpan["role"]): number {
  const code = ROLES.indexOf(role);
  if (code < 0) throw new Error(`unknown span role: ${role}`);
  return code;
}

function sourceCode(source: StoredSpan["source"]): number {
  const code = SOURCES.indexOf(source);
  if (code < 0) throw new Error(`unknown span source: ${source}`);
  return code;
}

/** The stored columns: orders, sections, role codes and source codes (a digit per span), groups joined with ",", exclusion ("1" or "0" per span). */
interface SpanColumnsJson {
  o: number[];
  s: string[];
  r: string;
  c: string;
  g: string[];
  x: string;
}

/** A plan's span rows (as a parse worker sends them) → the JSON stored in `plan_spans`. */
export function encodeSpanColumns(spans: ReadonlyArray<SpanTuple>): string {
  const columns: SpanColumnsJson = { o: [], s: [], r: "", c: "", g: [], x: "" };
  for (const [order, section, role, source, , groups, excluded] of spans) {
    columns.o.push(order);
    columns.s.push(section);
    columns.r += roleCode(role);
    columns.c += sourceCode(source);
    columns.g.push(groups.join(","));
    columns.x += excluded ? "1" : "0";
  }
  return JSON.stringify(columns);
}

/** The JSON stored in `plan_spans` → the plan's spans, by span index. */
export function decodeSpanColumns(json: string): SpanMeta[] {
  const { o, s, r, c, g, x } = JSON.parse(json) as SpanColumnsJson;
  return o.map((order, i) => ({
    order,
    section: s[i] as string,
    role: ROLES[Number(r[i])] as SpanMeta["role"],
    source: SOURCES[Number(c[i])] as SpanMeta["source"],
    groups: (g[i] ? (g[i] as string).split(",") : []) as SpanMeta["groups"],
    excluded: x[i] === "1",
  }));
}
