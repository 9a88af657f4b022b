import { crc32, deflateSync } from 'node:zlib';
import { createCanvas, loadImage } from '@napi-rs/canvas';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const RGBA = 6;

/**
 * The PNG without its alpha channel (composited over white), as an 8-bit RGB PNG. pdfkit embeds an RGB
 * PNG's compressed data as it is, while an RGBA PNG is decoded and split into colour and mask in
 * JavaScript: for a 1000x800 chart that is about four times the cost of the whole rest of the page.
 * Any other PNG is returned unchanged.
 */
export async function opaquePng(png: Buffer): Promise<Buffer> {
  if (png[25] !== RGBA) return png;
  const image = await loadImage(png);
  const { width, height } = image;
  const context = createCanvas(width, height).getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.drawImage(image, 0, 0);
  const rgba = context.getImageData(0, 0, width, height).data;
  // Each row: filter byte 0 (none), then RGB triples.
  const raw = Buffer.alloc(height * (1 + 3 * width));
  let out = 0;
  for (let y = 0; y < height; y++) {
    raw[out++] = 0;
    for (let x = 0, i = y * width * 4; x < width; x++, i += 4) {
      raw[out++] = rgba[i]!;
      raw[out++] = rgba[i + 1]!;
      raw[out++] = rgba[i + 2]!;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
