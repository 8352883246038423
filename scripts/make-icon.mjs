// Draws media/icon.png (128×128, the Marketplace size): a lens over a prompt's braces, anti-aliased, no image libraries.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const BG = [37, 33, 92];
const FG = [255, 255, 255];
const ACCENT = [255, 196, 61];

/** Coverage 0..1 of pixel (x, y) by each shape, supersampled 4×4. */
function coverage(x, y, inside) {
	let hits = 0;
	for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) hits++;
	return hits / 16;
}

const roundedSquare = (x, y) => {
	const r = 24, m = 4;
	const cx = Math.min(Math.max(x, m + r), SIZE - m - r), cy = Math.min(Math.max(y, m + r), SIZE - m - r);
	return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const ring = (x, y) => { const d = Math.hypot(x - 54, y - 54); return d <= 34 && d >= 25; };
const handle = (x, y) => {
	const t = ((x - 78) + (y - 78)) / 2;
	const off = Math.abs((x - 78) - (y - 78)) / Math.SQRT2;
	return t >= 0 && t <= 30 && off <= 7;
};
const dot = (cx) => (x, y) => Math.hypot(x - cx, y - 54) <= 5;

const rows = [];
for (let y = 0; y < SIZE; y++) {
	const row = [0];
	for (let x = 0; x < SIZE; x++) {
		const bg = coverage(x, y, roundedSquare);
		let color = BG;
		const fg = coverage(x, y, (a, b) => ring(a, b) || handle(a, b));
		const accent = coverage(x, y, (a, b) => dot(41)(a, b) || dot(54)(a, b) || dot(67)(a, b));
		color = color.map((c, i) => c * (1 - fg) + FG[i] * fg);
		color = color.map((c, i) => c * (1 - accent) + ACCENT[i] * accent);
		row.push(...color.map(Math.round), Math.round(255 * Math.max(bg, fg)));
	}
	rows.push(Buffer.from(row));
}

function chunk(type, data) {
	const body = Buffer.concat([Buffer.from(type), data]);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

function crc32(buffer) {
	let c = ~0;
	for (const byte of buffer) {
		c ^= byte;
		for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
	}
	return ~c >>> 0;
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8);
const png = Buffer.concat([
	Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
	chunk('IHDR', header),
	chunk('IDAT', deflateSync(Buffer.concat(rows))),
	chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
