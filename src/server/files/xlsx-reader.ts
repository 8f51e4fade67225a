import fs from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import yauzl from 'yauzl';
import {
  type ByteCount,
  megabytes,
  NOT_TABULAR,
  type RawBatches,
  TabularFileError,
} from './tabular-source.ts';
import { DateStyles, SharedStrings, type SheetContext, SheetRows } from './xlsx-sheet.ts';
import { type Attributes, XmlError, type XmlHandler, XmlScanner } from './xml-scanner.ts';

/**
 * XLSX rows: yauzl reads the zip from its central directory, so the workbook, styles and shared
 * strings are read first wherever the writer put them, then the first worksheet streams through
 * XmlScanner. Nothing is written to disk. See docs/decisions/0008-fast-tabular-readers.md.
 */

const XLSX_CORRUPT = 'Berkas XLSX rusak atau tidak dapat dibaca.';
/** An XLSX has a few dozen parts; hundreds with many sheets and pictures. */
const MAX_ENTRIES = 10_000;
/** workbook.xml, its relationships and styles.xml, each read whole. */
const MAX_PART_BYTES = 64 * 1024 * 1024;
/** Held in memory as one array while the worksheet is read. */
const MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024;
/**
 * Everything read, unpacked. A million rows of twenty columns is about 1 GB of worksheet XML; a zip
 * bomb (a small file that unpacks to terabytes) is refused before any of it is unpacked.
 */
const MAX_UNZIPPED_BYTES = 2 * 1024 * 1024 * 1024;
/**
 * How many times its packed size a part may unpack to (Apache POI's default, 1 % minimum inflate ratio):
 * worksheet XML of identical rows packs about 13 times, a zip bomb a thousand. Parts below the grace
 * size are left alone (a few kilobytes of repeated style entries pack well and cost nothing).
 */
const MAX_RATIO = 100;
const RATIO_GRACE_BYTES = 1024 * 1024;
const READ_BYTES = 64 * 1024;

export async function* xlsxRows(path: string, size: number, meter: ByteCount): RawBatches {
  const handle = await open(path, 'r');
  const file = new CountingReader(handle.fd, meter);
  let zip: yauzl.ZipFile | undefined;
  let sheet: Readable | undefined;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(file, size, {
      autoClose: false,
      validateEntrySizes: true,
    });
    const workbook = await readWorkbook(zip);
    if (!workbook) return;
    sheet = await zip.openReadStreamPromise(workbook.sheet);
    yield* sheetRows(sheet, workbook.context);
    meter.bytes = size;
  } catch (error) {
    if (error instanceof TabularFileError || isSystemError(error)) throw error;
    throw new TabularFileError('FileCorrupt', XLSX_CORRUPT);
  } finally {
    sheet?.destroy();
    zip?.close();
    await file.settle();
    await handle.close();
  }
}

/** Everything the first worksheet's cells refer to, and that worksheet; undefined when there is none. */
async function readWorkbook(
  zip: yauzl.ZipFile,
): Promise<{ sheet: yauzl.Entry; context: SheetContext } | undefined> {
  const parts = await listParts(zip);
  const unzipped = new UnzipBudget();
  const read = async (entry: yauzl.Entry | undefined, handler: XmlHandler, limit = MAX_PART_BYTES) => {
    if (!entry) return;
    unzipped.take(entry, limit);
    await scanPart(zip, entry, handler);
  };
  const workbookEntry = parts.get('xl/workbook.xml');
  if (!workbookEntry) throw new TabularFileError('FileType', NOT_TABULAR);
  const workbook = new WorkbookPart();
  await read(workbookEntry, workbook);
  const relations = new Relationships();
  await read(parts.get('xl/_rels/workbook.xml.rels'), relations);
  const styles = new DateStyles();
  await read(parts.get(relations.partOfType('styles') ?? 'xl/styles.xml'), styles);
  const strings = new SharedStrings();
  const stringsPart = relations.partOfType('sharedStrings') ?? 'xl/sharedstrings.xml';
  await read(parts.get(stringsPart), strings, MAX_SHARED_STRINGS_BYTES);

  const sheet = firstSheet(workbook, relations, parts);
  if (!sheet) return undefined;
  unzipped.take(sheet, MAX_UNZIPPED_BYTES);
  const context = {
    sharedStrings: strings.strings,
    dateStyles: styles.dateStyles(),
    date1904: workbook.date1904,
  };
  return { sheet, context };
}

/** The worksheet's rows, a batch per piece the zip stream hands over; the formatting after the rows is not read. */
async function* sheetRows(sheet: Readable, context: SheetContext): RawBatches {
  const rows = new SheetRows(context);
  const scanner = new XmlScanner(rows);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of sheet as AsyncIterable<Buffer>) {
    scanner.write(decoder.write(chunk));
    const batch = rows.take();
    if (batch.length > 0) yield batch;
    if (rows.done) return;
  }
  scanner.write(decoder.end());
  scanner.end();
  const batch = rows.take();
  if (batch.length > 0) yield batch;
}

function isSystemError(error: unknown): boolean {
  return error instanceof Error && 'syscall' in error;
}

/** The zip's entries by lower-case name: OOXML part names ignore case. */
async function listParts(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  if (zip.entryCount > MAX_ENTRIES) throw new XmlError(`${zip.entryCount} entries`);
  const parts = new Map<string, yauzl.Entry>();
  for await (const entry of zip.eachEntry()) {
    const name = entry.fileName.toLowerCase();
    if (!parts.has(name)) parts.set(name, entry);
  }
  return parts;
}

/**
 * The zip bomb guard, before a part is unpacked: refused when its declared size passes its limit or the
 * total, or when it would unpack more than MAX_RATIO times its packed size. The declared size binds:
 * yauzl (`validateEntrySizes`) fails a part that unpacks to one byte more, so a zip that understates a
 * part is refused as corrupt after that many bytes.
 */
class UnzipBudget {
  private total = 0;

  take(entry: yauzl.Entry, limit: number) {
    this.total += entry.uncompressedSize;
    const [size, allowed] =
      entry.uncompressedSize > limit ? [entry.uncompressedSize, limit] : [this.total, MAX_UNZIPPED_BYTES];
    if (size > allowed) {
      throw new TabularFileError(
        'FileTooLarge',
        `Isi berkas XLSX terlalu besar setelah dibuka (${megabytes(size)} MB); batasnya ${megabytes(allowed)} MB.`,
      );
    }
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > RATIO_GRACE_BYTES && ratio > MAX_RATIO) {
      throw new TabularFileError(
        'FileTooLarge',
        `Berkas XLSX tidak wajar: sebagian isinya mengembang ${Math.round(ratio)} kali saat dibuka (batasnya ${MAX_RATIO} kali). Simpan ulang dari Excel lalu unggah lagi.`,
      );
    }
  }
}

async function scanPart(zip: yauzl.ZipFile, entry: yauzl.Entry, handler: XmlHandler) {
  const stream = await zip.openReadStreamPromise(entry);
  const scanner = new XmlScanner(handler);
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) scanner.write(decoder.write(chunk));
    scanner.write(decoder.end());
    scanner.end();
  } finally {
    stream.destroy();
  }
}

interface SheetEntry {
  relation: string | undefined;
  visible: boolean;
}

/** `xl/workbook.xml`: the sheets in tab order and the date system. */
class WorkbookPart implements XmlHandler {
  readonly wantsText = false;
  readonly sheets: SheetEntry[] = [];
  date1904 = false;

  open(name: string, attributes: Attributes) {
    if (name === 'workbookPr') {
      const date1904 = attributes.get('date1904');
      this.date1904 = date1904 === '1' || date1904 === 'true';
    } else if (name === 'sheet') {
      const state = attributes.get('state');
      this.sheets.push({ relation: attributes.get('id'), visible: !state || state === 'visible' });
    }
  }

  close() {}
  text() {}
}

/** `xl/_rels/workbook.xml.rels`: where each sheet, the styles and the shared strings are. */
class Relationships implements XmlHandler {
  readonly wantsText = false;
  private readonly parts = new Map<string, { type: string; part: string }>();

  open(name: string, attributes: Attributes) {
    if (name !== 'Relationship') return;
    const id = attributes.get('Id');
    const target = attributes.get('Target');
    if (id === undefined || target === undefined || attributes.get('TargetMode') === 'External') return;
    const type = attributes.get('Type') ?? '';
    this.parts.set(id, { type: type.slice(type.lastIndexOf('/') + 1), part: partName(target) });
  }

  close() {}
  text() {}

  get(id: string | undefined) {
    return id === undefined ? undefined : this.parts.get(id);
  }

  partOfType(type: string): string | undefined {
    for (const relation of this.parts.values()) if (relation.type === type) return relation.part;
    return undefined;
  }
}

/** A target relative to `xl/` (or absolute from the package root) as a lower-case zip entry name. */
function partName(target: string): string {
  const path: string[] = [];
  const segments = target.startsWith('/') ? target.slice(1).split('/') : ['xl', ...target.split('/')];
  for (const segment of segments) {
    if (segment === '..') path.pop();
    else if (segment !== '.' && segment !== '') path.push(segment);
  }
  return path.join('/').toLowerCase();
}

/**
 * The first worksheet tab a user sees (hidden ones skipped, chart sheets too); without a usable
 * sheet list, the first worksheet in the zip.
 */
function firstSheet(
  book: WorkbookPart,
  relations: Relationships,
  parts: Map<string, yauzl.Entry>,
): yauzl.Entry | undefined {
  const worksheets = book.sheets.flatMap((sheet) => {
    const relation = relations.get(sheet.relation);
    const entry = relation?.type === 'worksheet' ? parts.get(relation.part) : undefined;
    return entry ? [{ entry, visible: sheet.visible }] : [];
  });
  const first = worksheets.find((sheet) => sheet.visible) ?? worksheets[0];
  if (first) return first.entry;
  for (const [name, entry] of parts) if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) return entry;
  return undefined;
}

/**
 * Reads the file for yauzl and counts the bytes read, for the progress bar. Every read is a
 * stream of its own; `settle` waits until none is left reading, so that the file can be closed.
 */
class CountingReader extends yauzl.RandomAccessReader {
  private readonly streams = new Set<RangeStream>();

  constructor(
    private readonly fd: number,
    private readonly meter: ByteCount,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const stream = new RangeStream(this.fd, start, end, this.meter);
    this.streams.add(stream);
    stream.once('close', () => this.streams.delete(stream));
    return stream;
  }

  async settle() {
    await Promise.all(
      [...this.streams].map((stream) => {
        const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
        stream.destroy();
        return closed;
      }),
    );
  }
}

/**
 * Bytes `start` to `end` of an open file. Unlike fs.ReadStream, destroying it leaves the file
 * open (yauzl destroys the stream of an entry read only in part); it closes once no read is pending.
 */
class RangeStream extends Readable {
  private reading: Promise<void> | undefined;

  constructor(
    private readonly fd: number,
    private position: number,
    private readonly end: number,
    private readonly meter: ByteCount,
  ) {
    super({ highWaterMark: READ_BYTES });
  }

  override _read(size: number) {
    const length = Math.min(size, this.end - this.position);
    if (length <= 0) {
      this.push(null);
      return;
    }
    const buffer = Buffer.allocUnsafe(length);
    this.reading = new Promise((resolve) => {
      fs.read(this.fd, buffer, 0, length, this.position, (error, bytesRead) => {
        resolve();
        if (this.destroyed) return;
        if (error) return this.destroy(error);
        this.position += bytesRead;
        this.meter.bytes += bytesRead;
        // A file shorter than the zip says ends the stream early; yauzl reports it.
        this.push(bytesRead === 0 ? null : buffer.subarray(0, bytesRead));
      });
    });
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void) {
    if (this.reading) this.reading.then(() => done(error));
    else done(error);
  }
}
