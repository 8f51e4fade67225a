import { describe, expect, it } from 'vitest';
import { type Attributes, decodeEntities, XmlError, XmlScanner } from './xml-scanner.ts';

/** Scans `pieces` and lists what a handler hears: tags with their `r`, `t` and `id`, and the text of `v` and `t`. */
function events(pieces: string[]): string[] {
  const heard: string[] = [];
  const open: string[] = [];
  const scanner = new XmlScanner({
    get wantsText() {
      return open.at(-1) === 'v' || open.at(-1) === 't';
    },
    open(name: string, attributes: Attributes) {
      open.push(name);
      const values: (string | undefined)[] = [undefined, undefined];
      attributes.read(['r', 't'], values);
      heard.push(`<${name} r=${values[0]} t=${values[1]} id=${attributes.get('id')}>`);
    },
    close(name: string) {
      open.pop();
      heard.push(`</${name}>`);
    },
    text(text: string) {
      if (heard.at(-1)?.startsWith('"')) heard.push(`${heard.pop()!.slice(0, -1)}${text}"`);
      else heard.push(`"${text}"`);
    },
  });
  for (const piece of pieces) scanner.write(piece);
  scanner.end();
  return heard;
}

const DOCUMENT = [
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
  '<x:worksheet xmlns:x="urn:main" xmlns:r="urn:rels"><!-- a <comment> --><x:sheetData>',
  '<x:row r="1" spans="1:2"><x:c r="A1" t="s"><x:v>12</x:v></x:c>',
  "<x:c t = 'inlineStr' r='B1' ><x:is><x:t xml:space=\"preserve\"> Toko &amp; Warung &#233;&#x1F600; </x:t></x:is></x:c></x:row>",
  '<row r="2"><c r="A2" s="1" title="a>b"/><c r="B2"><v><![CDATA[<tidak> & tag]]></v></c><skip>tidak dibaca</skip></row>',
  '<sheet r:id="rId3" sheetId="7"/><ns xmlns:id="urn:x" xid="no"/>',
  '</x:sheetData></x:worksheet>',
].join('');

describe('XmlScanner', () => {
  it('hears tags without prefixes, attributes in place, and text with entities decoded', () => {
    expect(events([DOCUMENT])).toEqual([
      '<worksheet r=undefined t=undefined id=undefined>',
      '<sheetData r=undefined t=undefined id=undefined>',
      '<row r=1 t=undefined id=undefined>',
      '<c r=A1 t=s id=undefined>',
      '<v r=undefined t=undefined id=undefined>',
      '"12"',
      '</v>',
      '</c>',
      '<c r=B1 t=inlineStr id=undefined>',
      '<is r=undefined t=undefined id=undefined>',
      '<t r=undefined t=undefined id=undefined>',
      '" Toko & Warung é😀 "',
      '</t>',
      '</is>',
      '</c>',
      '</row>',
      '<row r=2 t=undefined id=undefined>',
      '<c r=A2 t=undefined id=undefined>',
      '</c>',
      '<c r=B2 t=undefined id=undefined>',
      '<v r=undefined t=undefined id=undefined>',
      '"<tidak> & tag"',
      '</v>',
      '</c>',
      '<skip r=undefined t=undefined id=undefined>',
      '</skip>',
      '</row>',
      '<sheet r=undefined t=undefined id=rId3>',
      '</sheet>',
      '<ns r=undefined t=undefined id=undefined>',
      '</ns>',
      '</sheetData>',
      '</worksheet>',
    ]);
  });

  it('hears the same wherever the stream cuts the document', () => {
    const whole = events([DOCUMENT]);
    for (let cut = 1; cut < DOCUMENT.length; cut++) {
      expect(events([DOCUMENT.slice(0, cut), DOCUMENT.slice(cut)])).toEqual(whole);
    }
    expect(events([...DOCUMENT])).toEqual(whole);
  });

  it('refuses a DOCTYPE, a document cut off inside a tag, and NUL or out-of-range character references', () => {
    expect(() => events(['<!DOCTYPE x [<!ENTITY a "b">]><x/>'])).toThrow(XmlError);
    expect(() => events(['<row><c r="A1'])).toThrow(XmlError);
    expect(() => decodeEntities('a&#0;b')).toThrow(XmlError);
    expect(() => decodeEntities('&#x110000;')).toThrow(XmlError);
    expect(() => decodeEntities('&#xD800;')).toThrow(XmlError);
    expect(decodeEntities('&lt;&unknown;&gt;')).toBe('<&unknown;>');
    // Names every object answers to are unknown entities too, not Object.prototype's members.
    expect(decodeEntities('&constructor;&toString;&__proto__;')).toBe('&constructor;&toString;&__proto__;');
  });

  it('refuses a text or a tag longer than any spreadsheet holds', () => {
    const long = 'x'.repeat(600_000);
    expect(() => events(['<v>', long, long, '</v>'])).toThrow(XmlError);
    expect(() => events(['<skip>', long, long, '</skip>'])).not.toThrow();
    expect(() => events([`<c r="${long}`, long])).toThrow(XmlError);
  });
});
