// Generates the PWA icons in web/public/icons/ without any image library:
// shapes are rasterised with 4x4 supersampling and encoded as RGBA PNGs
// using only node:zlib. Run: node web/scripts/make-icons.mjs
import { deflateSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const OUT_DIR = fileURLToPath(new URL("../public/icons/", import.meta.url));

// Keep in sync with theme_color / background_color in web/vite.config.ts.
const BRAND = [0x6b, 0x2d, 0x5c]; // plum
const MARK = [0xfd, 0xf8, 0xf5]; // warm white
const ACCENT = [0xe8, 0xb4, 0x8a]; // soft gold

// ---- PNG encoding -------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** @param {number} size @param {Uint8Array} rgba size*size*4 bytes */
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); // width
  ihdr.writeUInt32BE(size, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---- drawing --------------------------------------------------------------

/**
 * The mark, in units where the icon spans [-1, 1] on both axes and `scale`
 * is the radius the mark may occupy: a ring (a mirror) with a four-point
 * sparkle inside it. Returns the colour at (x, y) or null for background.
 */
function markAt(x, y, scale) {
  const px = x / scale;
  const py = y / scale;
  const r = Math.hypot(px, py);
  if (r <= 1 && r >= 0.8) return MARK; // ring
  // four-point star: |x|^p + |y|^p <= R^p with p < 1 gives concave sides
  const p = 0.55;
  const R = 0.55;
  if (Math.abs(px) ** p + Math.abs(py) ** p <= R ** p) return ACCENT;
  return null;
}

/**
 * @param {number} size pixel size
 * @param {{ markScale: number, rounded: boolean }} opts
 *   markScale: radius of the mark as a fraction of half the icon;
 *   rounded: transparent rounded corners (regular icons) or full bleed (maskable).
 */
function drawIcon(size, { markScale, rounded }) {
  const rgba = new Uint8Array(size * size * 4);
  const SS = 4; // supersampling per axis
  const cornerR = 0.36; // corner radius in [-1, 1] units
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const ux = ((x + (sx + 0.5) / SS) / size) * 2 - 1;
          const uy = ((y + (sy + 0.5) / SS) / size) * 2 - 1;
          if (rounded) {
            const dx = Math.max(Math.abs(ux) - (1 - cornerR), 0);
            const dy = Math.max(Math.abs(uy) - (1 - cornerR), 0);
            if (Math.hypot(dx, dy) > cornerR) continue; // outside: transparent
          }
          const c = markAt(ux, uy, markScale) ?? BRAND;
          r += c[0]; g += c[1]; b += c[2]; a += 255;
        }
      }
      const n = SS * SS;
      const i = (y * size + x) * 4;
      // colour is averaged over the covered samples only (no dark fringe)
      const covered = a / 255;
      rgba[i] = covered ? Math.round(r / covered) : 0;
      rgba[i + 1] = covered ? Math.round(g / covered) : 0;
      rgba[i + 2] = covered ? Math.round(b / covered) : 0;
      rgba[i + 3] = Math.round(a / n);
    }
  }
  return encodePng(size, rgba);
}

const ICONS = [
  { file: "icon-192.png", size: 192, markScale: 0.62, rounded: true },
  { file: "icon-512.png", size: 512, markScale: 0.62, rounded: true },
  { file: "apple-touch-icon-180.png", size: 180, markScale: 0.58, rounded: false },
  // Maskable: full bleed, mark well inside the safe zone (circle of radius
  // 40% of the icon = 0.8 in [-1, 1] units).
  { file: "icon-512-maskable.png", size: 512, markScale: 0.5, rounded: false },
];

mkdirSync(OUT_DIR, { recursive: true });
for (const icon of ICONS) {
  const png = drawIcon(icon.size, icon);
  writeFileSync(new URL(icon.file, `file://${OUT_DIR}`), png);
  console.log(`${icon.file}: ${icon.size}x${icon.size}, ${png.length} bytes`);
}
