// Draws the installable app's icons from the logo (src/web/public/favicon.svg): 192 and 512 px, a maskable
// 512 px one (the mark inside the middle 60 %, the colour to every edge, for launchers that cut a circle or a
// squircle) and the 180 px touch icon. The PNGs are committed; run `node scripts/make-icons.mjs` after
// changing the logo.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'src/web/public/icons');
const logo = fs.readFileSync(path.join(root, 'src/web/public/favicon.svg'), 'utf8');
// The mark alone: the logo's two strokes, without its rounded square.
const mark = logo
  .replace(/<title>.*?<\/title>/, '')
  .replace(/<rect[^>]*\/>/, '')
  .replace(/<\/?svg[^>]*>/g, '');
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#1a4f8b"/><g transform="translate(6.4 6.4) scale(0.6)">${mark}</g></svg>`;

fs.mkdirSync(out, { recursive: true });
const draw = (svg, size, name) =>
  sharp(Buffer.from(svg), { density: (72 * size) / 32 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(path.join(out, name));

await draw(logo, 192, 'icon-192.png');
await draw(logo, 512, 'icon-512.png');
await draw(maskable, 512, 'icon-maskable-512.png');
await draw(maskable, 180, 'apple-touch-icon.png');
console.log(`icons written to ${path.relative(root, out)}`);
