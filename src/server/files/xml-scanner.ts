/**
 * A small streaming scanner for the XML inside an XLSX: tags, attributes and text, nothing more.
 * The worksheet is most of an XLSX and its XML is machine-written and regular; a general SAX
 * parser spends most of its time on what a worksheet never holds (see
 * docs/decisions/0008-fast-tabular-readers.md). Element names arrive without their namespace
 * prefix (`x:row` is `row`). A DOCTYPE is refused: no spreadsheet writer makes one, and its
 * entities are the usual way to attack an XML reader.
 */

export interface XmlHandler {
  /** Whether the text before the next tag is wanted; text nobody wants is never cut out or decoded. */
  readonly wantsText: boolean;
  /** `attributes` are the tag's, valid during the call only. A self-closing tag also gets `close`. */
  open(name: string, attributes: Attributes): void;
  close(name: string): void;
  /** Text with its entities decoded; one piece of text may arrive in several calls. */
  text(text: string): void;
}

/** Raised for XML the scanner cannot read; the reader turns it into "corrupt file". */
export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

/** Far longer than any tag, or any text of a cell (Excel holds 32,767 characters a cell). */
const MAX_PENDING_CHARS = 1024 * 1024;
const MAX_TEXT_CHARS = 1024 * 1024;
const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const COLON = 58;
const DQUOTE = 34;
const SQUOTE = 39;

export class XmlScanner {
  private pending = '';
  /** Characters of wanted text since the last tag. */
  private textLength = 0;
  private readonly attributes = new Attributes();

  constructor(private readonly handler: XmlHandler) {}

  /** Scans what `chunk` completes; an unfinished tag waits for the next chunk. */
  write(chunk: string) {
    const xml = this.pending.length > 0 ? this.pending + chunk : chunk;
    const handler = this.handler;
    const length = xml.length;
    let i = 0;
    while (i < length) {
      const lt = xml.indexOf('<', i);
      if (lt < 0) {
        // Text to the end of the chunk is handed over now, less an entity the next chunk completes.
        if (!handler.wantsText) {
          i = length;
          break;
        }
        const cut = entityCut(xml, i);
        if (cut > i) this.text(xml.slice(i, cut));
        i = cut;
        break;
      }
      if (lt > i && handler.wantsText) this.text(xml.slice(i, lt));
      this.textLength = 0;
      if (lt + 1 >= length) {
        i = lt;
        break;
      }
      const next = xml.charCodeAt(lt + 1);
      let end: number;
      if (next === SLASH) {
        end = xml.indexOf('>', lt + 2);
        if (end < 0) {
          i = lt;
          break;
        }
        handler.close(closingName(xml, lt + 2, end));
        i = end + 1;
        continue;
      }
      if (next === QUESTION) {
        end = xml.indexOf('?>', lt + 2);
        if (end < 0) {
          i = lt;
          break;
        }
        i = end + 2;
        continue;
      }
      if (next === BANG) {
        end = this.special(xml, lt);
        if (end < 0) {
          i = lt;
          break;
        }
        i = end;
        continue;
      }
      end = tagEnd(xml, lt + 1);
      if (end < 0) {
        i = lt;
        break;
      }
      const selfClosing = xml.charCodeAt(end - 1) === SLASH;
      let nameStart = lt + 1;
      let nameEnd = nameStart;
      for (; nameEnd < end; nameEnd++) {
        const code = xml.charCodeAt(nameEnd);
        if (code === COLON) nameStart = nameEnd + 1;
        else if (code <= 32 || code === SLASH) break;
      }
      const name = xml.slice(nameStart, nameEnd);
      this.attributes.xml = xml;
      this.attributes.start = nameEnd;
      this.attributes.end = selfClosing ? end - 1 : end;
      handler.open(name, this.attributes);
      if (selfClosing) handler.close(name);
      i = end + 1;
    }
    this.pending = i < length ? xml.slice(i) : '';
    if (this.pending.length > MAX_PENDING_CHARS) throw new XmlError('tag too long');
  }

  private text(raw: string) {
    this.textLength += raw.length;
    if (this.textLength > MAX_TEXT_CHARS) throw new XmlError('text too long');
    this.handler.text(decodeEntities(raw));
  }

  /** Whether the document ended cleanly: no tag left half-written. */
  end() {
    if (this.pending.trim() !== '') throw new XmlError('unexpected end of the document');
  }

  /** Comments, CDATA and DOCTYPE; returns the position after them, or -1 when they are unfinished. */
  private special(xml: string, lt: number): number {
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) return -1;
      if (this.handler.wantsText) {
        this.textLength += end - lt - 9;
        if (this.textLength > MAX_TEXT_CHARS) throw new XmlError('text too long');
        this.handler.text(xml.slice(lt + 9, end));
      }
      return end + 3;
    }
    if (xml.length - lt < 9) return -1;
    throw new XmlError('DOCTYPE or unknown markup');
  }
}

/** The name of a closing tag, without its prefix and trailing spaces. */
function closingName(xml: string, start: number, end: number): string {
  let nameStart = start;
  let nameEnd = start;
  for (; nameEnd < end; nameEnd++) {
    const code = xml.charCodeAt(nameEnd);
    if (code === COLON) nameStart = nameEnd + 1;
    else if (code <= 32) break;
  }
  return xml.slice(nameStart, nameEnd);
}

/** Position of the `>` that ends the tag opened before `from`, skipping quoted attribute values. */
function tagEnd(xml: string, from: number): number {
  for (let i = from; i < xml.length; i++) {
    const code = xml.charCodeAt(i);
    if (code === GT) return i;
    if (code === DQUOTE || code === SQUOTE) {
      const close = xml.indexOf(code === DQUOTE ? '"' : "'", i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (code === LT) {
      throw new XmlError('"<" inside a tag');
    }
  }
  return -1;
}

/** Where text from `from` to the end of `xml` stops short of an entity cut off by the end. */
function entityCut(xml: string, from: number): number {
  const amp = xml.lastIndexOf('&');
  return amp >= from && xml.indexOf(';', amp) < 0 ? amp : xml.length;
}

/** A tag's attributes, read in place in the scanned text. */
export class Attributes {
  xml = '';
  start = 0;
  end = 0;

  /** The value of `wanted`, matched by local name (`r:id` is `id`), entities decoded; undefined when absent. */
  get(wanted: string): string | undefined {
    const { xml, end } = this;
    let i = this.start;
    while (i < end) {
      const eq = xml.indexOf('=', i);
      if (eq < 0 || eq >= end) return undefined;
      let quote = eq + 1;
      while (quote < end && xml.charCodeAt(quote) <= 32) quote++;
      const mark = xml.charCodeAt(quote);
      if (mark !== DQUOTE && mark !== SQUOTE) return undefined;
      const close = xml.indexOf(mark === DQUOTE ? '"' : "'", quote + 1);
      if (close < 0 || close >= end) return undefined;
      if (this.named(i, eq, wanted)) return decodeEntities(xml.slice(quote + 1, close));
      i = close + 1;
    }
    return undefined;
  }

  /** Reads several attributes in one pass: `values[i]` becomes the value of `names[i]`, or undefined. */
  read(names: readonly string[], values: (string | undefined)[]) {
    values.fill(undefined);
    const { xml, end } = this;
    let i = this.start;
    while (i < end) {
      const eq = xml.indexOf('=', i);
      if (eq < 0 || eq >= end) return;
      let quote = eq + 1;
      while (quote < end && xml.charCodeAt(quote) <= 32) quote++;
      const mark = xml.charCodeAt(quote);
      if (mark !== DQUOTE && mark !== SQUOTE) return;
      const close = xml.indexOf(mark === DQUOTE ? '"' : "'", quote + 1);
      if (close < 0 || close >= end) return;
      for (let n = 0; n < names.length; n++) {
        if (values[n] === undefined && this.named(i, eq, names[n]!)) {
          values[n] = decodeEntities(xml.slice(quote + 1, close));
          break;
        }
      }
      i = close + 1;
    }
  }

  /** Whether the name between `start` and `eq` (spaces around it allowed) is `wanted`, with or without a prefix. */
  private named(start: number, eq: number, wanted: string): boolean {
    const xml = this.xml;
    let nameEnd = eq;
    while (nameEnd > start && xml.charCodeAt(nameEnd - 1) <= 32) nameEnd--;
    const local = nameEnd - wanted.length;
    if (local < start || !xml.startsWith(wanted, local)) return false;
    let nameStart = start;
    while (nameStart < local && xml.charCodeAt(nameStart) <= 32) nameStart++;
    if (local === nameStart) return true;
    // A prefixed name, but not a namespace declaration (xmlns:r).
    return xml.charCodeAt(local - 1) === COLON && !xml.startsWith('xmlns:', nameStart);
  }
}

/** A Map: the entity name comes from the file, and `&constructor;` must stay as written. */
const NAMED = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/**
 * Decodes the five XML entities and numeric references (`&#233;`, `&#xE9;`). An unknown entity
 * stays as written; a reference to a character XML cannot hold (NUL, a lone surrogate, beyond
 * Unicode) is an error: PostgreSQL could not store NUL either.
 */
export function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.charCodeAt(0) !== 35) return NAMED.get(name) ?? whole;
    const code =
      name.charCodeAt(1) === 120 ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new XmlError(`invalid character reference ${whole}`);
    }
    return String.fromCodePoint(code);
  });
}
