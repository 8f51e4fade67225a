import { create as contentDisposition } from 'content-disposition';
import { describe, expect, it } from 'vitest';
import { fileNameOf } from './client.ts';

describe('fileNameOf', () => {
  it('reads back the name the server sends, whatever characters it holds', () => {
    for (const name of [
      'bangkit-usaha-2026-11-28.csv',
      'foto-ktp-中文.png',
      'foto\r\nx.png',
      'foto "ktp".png',
    ]) {
      expect(fileNameOf(contentDisposition(name))).toBe(name);
    }
  });

  it('falls back to the plain name, and to nothing', () => {
    expect(fileNameOf('attachment; filename="a b.csv"')).toBe('a b.csv');
    expect(fileNameOf('attachment; filename=a.csv')).toBe('a.csv');
    expect(fileNameOf('attachment; filename="x.png"; filename*=UTF-8\'\'%E4%B8')).toBe('x.png');
    expect(fileNameOf('attachment')).toBeUndefined();
  });
});
