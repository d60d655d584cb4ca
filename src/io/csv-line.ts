// A small, fast CSV record splitter (RFC 4180 quoting) for streaming line by line: the file reader
// hands it physical lines and joins the next one when a quoted cell spans lines.

/**
 * Splits one record into raw cells. Returns undefined when the text ends inside a quoted cell
 * (the caller appends a newline and the next line, then tries again).
 */
export function splitCsvRecord(text: string): string[] | undefined {
  // Fast path: no quotes at all.
  if (text.indexOf('"') < 0) return text.split(',');
  const cells: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return undefined; // the quoted cell goes on in the next line
        if (text.charCodeAt(q + 1) === 34) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the next comma is kept, as most spreadsheets do.
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      cells.push(value + text.slice(i, end));
      if (comma < 0) return cells;
      i = comma + 1;
    } else {
      const comma = text.indexOf(',', i);
      if (comma < 0) {
        cells.push(text.slice(i));
        return cells;
      }
      cells.push(text.slice(i, comma));
      i = comma + 1;
    }
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One cell, quoted only when it has to be. */
export function csvCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A whole record (without the line break). */
export function csvRecord(values: readonly string[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + csvCell(values[i]);
  return line;
}
