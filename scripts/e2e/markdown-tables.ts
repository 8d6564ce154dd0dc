// Markdown pipe tables with the line just above each (its caption), as arrays of trimmed cells. Pure.

export interface MarkdownTable {
  /** the paragraph just before the table (lines joined by spaces), e.g. "Outcome tags, on ...:" */
  caption: string;
  header: string[];
  rows: string[][];
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((cell) => cell.trim());
}

export function markdownTables(text: string): MarkdownTable[] {
  const lines = text.split("\n");
  const tables: MarkdownTable[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const rule = lines[i + 1];
    if (!line.trim().startsWith("|") || rule === undefined || !/^\s*\|(\s*:?-+:?\s*\|)+\s*$/.test(rule)) continue;
    const paragraph: string[] = [];
    for (let j = i - 1; j >= 0 && (lines[j] as string).trim() !== "" && !(lines[j] as string).trim().startsWith("|"); j--) {
      paragraph.unshift((lines[j] as string).trim());
    }
    const caption = paragraph.join(" ");
    const rows: string[][] = [];
    let k = i + 2;
    for (; k < lines.length && (lines[k] as string).trim().startsWith("|"); k++) rows.push(cells(lines[k] as string));
    tables.push({ caption, header: cells(line), rows });
    i = k - 1;
  }
  return tables;
}

/** The `code` spans of a cell, in order: "`a`, `b` (x)" -> ["a", "b"]. */
export function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
}

/** The values of a cell that is nothing but code spans separated by commas or "or"; undefined for prose. */
export function enumeratedValues(cell: string): string[] | undefined {
  const rest = cell.replace(/`[^`]+`/g, "").replace(/,|\bor\b/g, "").trim();
  const spans = codeSpans(cell);
  return rest === "" && spans.length > 0 ? spans : undefined;
}
