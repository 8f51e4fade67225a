import { type Cell, EMPTY, type RawRow, textCell } from './tabular-source.ts';
import { type Attributes, XmlError, type XmlHandler } from './xml-scanner.ts';

/**
 * The cells of a worksheet, as XmlScanner handlers: the shared strings, the styles (only which
 * ones are dates) and the rows themselves.
 */

/** What a worksheet's cells refer to elsewhere in the workbook. */
export interface SheetContext {
  sharedStrings: readonly string[];
  /** Per cell style (`s`), whether its number format shows a date. */
  dateStyles: readonly boolean[];
  /** The workbook counts days from 1904 (old Mac Excel) instead of 1900. */
  date1904: boolean;
}

/** Excel's last column, XFD. */
const MAX_COLUMN = 16_384;
const CELL_ATTRIBUTES = ['r', 't', 's'] as const;
/** Dates repeat (a registration date, a period); their text is kept for the next cell. */
const DATE_CACHE_SIZE = 4096;

export class SheetRows implements XmlHandler {
  wantsText = false;
  /** Rows completed since the last `take()`. */
  private rows: RawRow[] = [];
  /** Past `</sheetData>`: the rest of the worksheet is formatting. */
  done = false;
  private inSheetData = false;
  private rowNumber = 0;
  private fields: Cell[] | undefined;
  private column = 0;
  private inCell = false;
  private type: string | undefined;
  private style = 0;
  private value: string | undefined;
  /** Text of an inline string (`<is>`), runs joined, phonetic guides left out. */
  private inline: string | undefined;
  private inInline = false;
  private phonetic = 0;
  private readonly cellAttributes: (string | undefined)[] = [undefined, undefined, undefined];
  private readonly dates = new Map<number, string>();

  constructor(private readonly context: SheetContext) {}

  take(): RawRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  open(name: string, attributes: Attributes) {
    switch (name) {
      case 'sheetData':
        this.inSheetData = true;
        break;
      case 'row': {
        if (!this.inSheetData) break;
        // Without `r`, a row follows the one before it (ECMA-376 18.3.1.73); so does a cell.
        const r = Number.parseInt(attributes.get('r') ?? '', 10);
        this.rowNumber = r > 0 ? r : this.rowNumber + 1;
        this.fields = [];
        this.column = 0;
        break;
      }
      case 'c': {
        if (!this.fields) break;
        const values = this.cellAttributes;
        attributes.read(CELL_ATTRIBUTES, values);
        const column = columnOf(values[0]);
        this.column = column > 0 ? column : this.column + 1;
        if (this.column > MAX_COLUMN) throw new XmlError(`column ${this.column} beyond XFD`);
        this.type = values[1];
        this.style = values[2] === undefined ? 0 : Number.parseInt(values[2], 10);
        this.value = undefined;
        this.inline = undefined;
        this.inCell = true;
        break;
      }
      case 'v':
        if (!this.inCell) break;
        this.value = '';
        this.wantsText = true;
        break;
      case 'is':
        if (!this.inCell) break;
        this.inInline = true;
        this.inline ??= '';
        break;
      case 'rPh':
        this.phonetic += 1;
        break;
      case 't':
        if (this.inInline && this.phonetic === 0) this.wantsText = true;
        break;
    }
  }

  text(text: string) {
    if (this.inInline) this.inline += text;
    else this.value += text;
  }

  close(name: string) {
    switch (name) {
      case 'v':
      case 't':
        this.wantsText = false;
        break;
      case 'rPh':
        this.phonetic -= 1;
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'c':
        if (!this.inCell) break;
        this.inCell = false;
        this.fields![this.column - 1] = this.cell();
        break;
      case 'row':
        if (!this.fields) break;
        this.rows.push({ rowNumber: this.rowNumber, fields: this.fields });
        this.fields = undefined;
        break;
      case 'sheetData':
        this.inSheetData = false;
        this.done = true;
        break;
    }
  }

  /** The cell just closed, typed by `t`; a formula is read by its cached result, whatever the formula. */
  private cell(): Cell {
    const { type, value } = this;
    if (type === 'inlineStr') return textCell(this.inline ?? value ?? '');
    if (value === undefined) return EMPTY;
    switch (type) {
      case 's':
        return textCell(this.context.sharedStrings[Number.parseInt(value, 10)] ?? '');
      case 'str':
      case 'e':
        return textCell(value);
      case 'b':
        return textCell(Number.parseInt(value, 10) !== 0 ? 'true' : 'false');
      case 'd':
        return textCell(isoDateText(value));
    }
    const number = Number.parseFloat(value);
    if (this.context.dateStyles[this.style]) return textCell(this.dateText(number));
    if (!Number.isFinite(number)) return textCell('#ERROR');
    return { text: numberText(number), numeric: true };
  }

  private dateText(serial: number): string {
    let text = this.dates.get(serial);
    if (text === undefined) {
      if (this.dates.size === DATE_CACHE_SIZE) this.dates.clear();
      text = serialDateText(serial, this.context.date1904);
      this.dates.set(serial, text);
    }
    return text;
  }
}

/** `B12` → 2; 0 without letters. */
function columnOf(reference: string | undefined): number {
  if (reference === undefined) return 0;
  let column = 0;
  for (let i = 0; i < reference.length && column <= MAX_COLUMN; i++) {
    const code = reference.charCodeAt(i) | 0x20;
    if (code < 97 || code > 122) break;
    column = column * 26 + code - 96;
  }
  return column;
}

/** Whole numbers without an exponent; fractions to the 15 significant digits Excel shows (0.1+0.2 is 0.3). */
export function numberText(value: number): string {
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  return String(Number(value.toPrecision(15)));
}

/** Excel's serial day number (its wall-clock time, no time zone) as `2025-01-15` or `2025-01-15 10:30:00`. */
export function serialDateText(serial: number, date1904: boolean): string {
  return dateText(new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000)));
}

/** A `t="d"` cell holds an ISO 8601 date; without a zone it is wall-clock time, like a serial. */
function isoDateText(value: string): string {
  const zoned = /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(value) || !value.includes('T');
  const date = new Date(zoned ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? value : dateText(date);
}

/** Wall-clock time kept in the UTC fields, to the second. */
function dateText(date: Date): string {
  const seconds = Math.round(date.getTime() / 1000);
  if (!Number.isFinite(seconds)) return '#ERROR';
  const iso = new Date(seconds * 1000).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** `xl/sharedStrings.xml`: each `<si>` is one string, plain (`<t>`) or rich text (runs of `<t>`). */
export class SharedStrings implements XmlHandler {
  wantsText = false;
  readonly strings: string[] = [];
  private current: string | undefined;
  private phonetic = 0;

  open(name: string) {
    if (name === 'si') this.current = '';
    else if (name === 'rPh') this.phonetic += 1;
    else if (name === 't' && this.current !== undefined && this.phonetic === 0) this.wantsText = true;
  }

  text(text: string) {
    this.current += text;
  }

  close(name: string) {
    if (name === 't') this.wantsText = false;
    else if (name === 'rPh') this.phonetic -= 1;
    else if (name === 'si') {
      this.strings.push(this.current ?? '');
      this.current = undefined;
    }
  }
}

/**
 * `xl/styles.xml`, reduced to which cell styles (`cellXfs`, indexed by a cell's `s`) show dates:
 * the built-in date formats (14–22, 45–47) and custom formats with date or time letters, decided
 * the way exceljs did before this reader replaced it.
 */
export class DateStyles implements XmlHandler {
  readonly wantsText = false;
  private readonly formats = new Map<number, string>();
  private readonly styleFormats: number[] = [];
  private section: 'numFmts' | 'cellXfs' | undefined;

  open(name: string, attributes: Attributes) {
    if (name === 'numFmts' || name === 'cellXfs') this.section = name;
    else if (name === 'numFmt' && this.section === 'numFmts') {
      const id = Number.parseInt(attributes.get('numFmtId') ?? '', 10);
      // exceljs dropped the backslash of an escaped character.
      const code = (attributes.get('formatCode') ?? '').replace(/\\(.)/g, '$1');
      if (id >= 0) this.formats.set(id, code);
    } else if (name === 'xf' && this.section === 'cellXfs') {
      this.styleFormats.push(Number.parseInt(attributes.get('numFmtId') ?? '0', 10));
    }
  }

  close(name: string) {
    if (name === this.section) this.section = undefined;
  }

  text() {}

  dateStyles(): boolean[] {
    return this.styleFormats.map((id) => {
      if (!id) return false;
      const custom = this.formats.get(id);
      return custom ? isDateFormat(custom) : BUILTIN_DATE_FORMATS.has(id);
    });
  }
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Date or time letters outside `[...]` (colours, locales, elapsed hours) and quoted text. */
function isDateFormat(format: string): boolean {
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}
