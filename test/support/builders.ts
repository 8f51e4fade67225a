import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestApp } from './app.ts';

/** A valid NIK of Kota Tangerang for a serial number (day/month/year vary with it; women every other one). */
export function makeNik(serial: number, kecamatan = '05'): string {
  const woman = serial % 2 === 0;
  const day = (serial % 28) + 1 + (woman ? 40 : 0);
  const month = (serial % 12) + 1;
  const year = 60 + (serial % 40);
  return `3671${kecamatan}${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year).padStart(2, '0')}${String((serial % 9999) + 1).padStart(4, '0')}`;
}

let businessSeq = 0;

/** Registers a business through the API as the given user; returns the created DTO. */
export async function makeBusiness(
  t: TestApp,
  cookie: string,
  overrides: Record<string, unknown> & { owner?: Record<string, unknown> } = {},
) {
  businessSeq += 1;
  const { owner, ...rest } = overrides;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/businesses',
    headers: { cookie },
    payload: {
      owner: {
        nik: makeNik(1000 + businessSeq),
        name: `Pemilik ${businessSeq}`,
        phone: '081234567890',
        ...owner,
      },
      name: `Usaha ${businessSeq}`,
      sector: 'kuliner',
      kelurahanCode: '36.71.05.1001',
      baselineOmzet: 10_000_000,
      ...rest,
    },
  });
  if (res.statusCode !== 201) throw new Error(`makeBusiness: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Writes `content` to a temp file and returns its path. */
export function tempFile(name: string, content: string | Buffer) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-file-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Uploads a file to an import endpoint and waits for the job to end. */
export async function importFile(
  t: TestApp,
  cookie: string,
  kind: string,
  content: string | Buffer,
  fileName = 'data.csv',
) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/${kind}?fileName=${encodeURIComponent(fileName)}`,
    headers: { cookie, 'content-type': 'application/octet-stream' },
    payload: content,
  });
  if (res.statusCode !== 202) return { status: res.statusCode, body: res.json(), job: null };
  await t.app.importQueue.idle();
  const job = await t.app.inject({
    method: 'GET',
    url: `/api/v1/imports/${res.json().id}`,
    headers: { cookie },
  });
  return { status: res.statusCode, body: res.json(), job: job.json() };
}
