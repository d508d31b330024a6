// Table rows that legacy formats (.doc, .rtf) give as tab-separated lines, rewritten as "| a | b |" rows like the .docx loader's.

/**
 * Every line holding at least one tab becomes a `| cell | cell |` row (cells
 * trimmed, `|` inside a cell becomes `/`, trailing empty cells dropped); a blank
 * line separates a run of rows from the text around it. Other lines are kept.
 */
export function tabbedLinesToRows(text: string): string {
  const out: string[] = [];
  let inTable = false;
  for (const raw of text.split(/\r\n|\r|\n/u)) {
    if (raw.includes("\t")) {
      const cells = raw.split("\t").map((c) => c.replace(/\|/g, "/").replace(/\s+/gu, " ").trim());
      while (cells.length > 1 && cells[cells.length - 1] === "") cells.pop();
      if (cells.every((c) => c === "")) continue;
      if (!inTable && out.length > 0 && out[out.length - 1] !== "") out.push("");
      out.push(`| ${cells.join(" | ")} |`);
      inTable = true;
      continue;
    }
    if (inTable && raw.trim() !== "") out.push("");
    inTable = false;
    out.push(raw.replace(/\s+$/u, ""));
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}
