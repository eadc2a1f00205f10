// Deterministic (seeded) generator of the benchmark inputs: a 1,000,000-row subscription CSV and a
// 200,000-row subscription XLSX (ExcelJS streaming writer). Files go to bench/data/ (git-ignored)
// and are only rebuilt when missing or when the generator version changes.
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

const GENERATOR_VERSION = 3;
export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const dataDir = path.join(benchDir, 'data');
export const CSV_ROWS = 1_000_000;
export const XLSX_ROWS = 200_000;

/** mulberry32: small, fast, seeded PRNG so every run benchmarks the same bytes. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLANS = [
  { name: 'Starter', mrr: [19, 29], weight: 35 },
  { name: 'Pro', mrr: [49, 99], weight: 35 },
  { name: 'Business', mrr: [199, 499], weight: 22 },
  { name: 'Enterprise', mrr: [999, 4999], weight: 8 },
];
const COUNTRIES = [
  ['United States', 30], ['United Kingdom', 10], ['Germany', 9], ['France', 6], ['Canada', 6],
  ['Iran', 6], ['Thailand', 6], ['Taiwan', 5], ['China', 5], ['Netherlands', 4], ['Australia', 4],
  ['Brazil', 3], ['India', 3], ['Japan', 3],
];

function pickWeighted(random, items, weightOf) {
  const total = items.reduce((s, it) => s + weightOf(it), 0);
  let r = random() * total;
  for (const it of items) {
    r -= weightOf(it);
    if (r < 0) return it;
  }
  return items[items.length - 1];
}

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2019, 0, 1) / DAY_MS;
const LAST_DAY = Date.UTC(2024, 11, 31) / DAY_MS;

/**
 * One subscription per row. Customers have 1–3 subscriptions (upgrades/re-subscriptions), about
 * 40 % have ended (cancelled), a few are paused; billing is monthly (amount = mrr) or yearly
 * (amount = 12 × mrr), written as currency text in the CSV.
 */
function* subscriptions(rows, seed) {
  const random = seededRandom(seed);
  let customer = 0;
  let left = 0;
  for (let i = 0; i < rows; i++) {
    if (left === 0) {
      customer++;
      left = 1 + Math.floor(random() * random() * 3);
    }
    left--;
    const plan = pickWeighted(random, PLANS, (p) => p.weight);
    const mrr = Math.round((plan.mrr[0] + random() * (plan.mrr[1] - plan.mrr[0])) * 100) / 100;
    const yearly = random() < 0.25;
    const startDay = FIRST_DAY + Math.floor(random() * (LAST_DAY - FIRST_DAY - 30));
    const r = random();
    const status = r < 0.4 ? 'cancelled' : r < 0.45 ? 'paused' : 'active';
    let endDay = null;
    if (status === 'cancelled') {
      endDay = Math.min(LAST_DAY, startDay + 30 + Math.floor(random() * 900));
    }
    const country = pickWeighted(random, COUNTRIES, (c) => c[1])[0];
    yield {
      customerId: `C${String(customer).padStart(7, '0')}`,
      plan: plan.name,
      mrr,
      amount: yearly ? Math.round(mrr * 12 * 100) / 100 : mrr,
      startDay,
      endDay,
      status,
      country,
    };
  }
}

const csvField = (s) => (s.includes(',') ? `"${s}"` : s);
const isoDay = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const currencyText = (n) =>
  '$' + n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

async function writeCsv(file, rows) {
  const out = createWriteStream(file);
  const write = (s) => (out.write(s) ? null : new Promise((res) => out.once('drain', res)));
  await write('customer_id,plan,mrr,amount,start_date,end_date,status,country\n');
  let chunk = '';
  for (const s of subscriptions(rows, 20240601)) {
    // The amount contains a thousands separator comma, so it is quoted as a CSV exporter would.
    chunk += `${s.customerId},${s.plan},${s.mrr.toFixed(2)},${csvField(currencyText(s.amount))},${isoDay(s.startDay)},${
      s.endDay === null ? '' : isoDay(s.endDay)
    },${s.status},${s.country}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise((res, rej) => out.end((err) => (err ? rej(err) : res())));
}

async function writeXlsx(file, rows) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Subscriptions');
  sheet.columns = [
    { header: 'customer_id', key: 'customerId' },
    { header: 'plan', key: 'plan' },
    { header: 'mrr', key: 'mrr', style: { numFmt: '0.00' } },
    { header: 'amount', key: 'amount', style: { numFmt: '"$"#,##0.00' } },
    { header: 'start_date', key: 'start', style: { numFmt: 'yyyy-mm-dd' } },
    { header: 'end_date', key: 'end', style: { numFmt: 'yyyy-mm-dd' } },
    { header: 'status', key: 'status' },
    { header: 'country', key: 'country' },
  ];
  for (const s of subscriptions(rows, 20240602)) {
    sheet.addRow({
      customerId: s.customerId,
      plan: s.plan,
      mrr: s.mrr,
      amount: s.amount,
      start: new Date(s.startDay * DAY_MS),
      end: s.endDay === null ? null : new Date(s.endDay * DAY_MS),
      status: s.status,
      country: s.country,
    }).commit();
  }
  sheet.commit();
  await workbook.commit();
  addDimension(file, `A1:H${rows + 1}`);
}

/**
 * Excel writes <dimension ref="A1:H200001"/> at the top of every sheet; ExcelJS's streaming writer
 * does not. openpyxl (pandas read_excel) parses a whole sheet an extra time to size it when the
 * element is missing, so without it the benchmark would measure pandas on an unusual file.
 * Rewrites the archive with the element added (CRC-32 and sizes recomputed).
 */
function addDimension(file, ref) {
  const zip = readFileSync(file);
  let eocd = zip.length - 22;
  while (zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const parts = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const local = zip.readUInt32LE(p + 42);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const stored = zip.subarray(dataStart, dataStart + compressedSize);
    let data = method === 8 ? inflateRawSync(stored) : stored;
    if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) {
      data = Buffer.from(data.toString('utf8').replace(/<sheetFormatPr|<sheetViews|<cols|<sheetData/, (tag) => `<dimension ref="${ref}"/>${tag}`), 'utf8');
    }
    parts.push({ name, data });
    p += 46 + nameLength + extraLength + commentLength;
  }
  const chunks = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of parts) {
    const compressed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x800, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(0x21, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(compressed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(0x21, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(compressed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    chunks.push(header, nameBytes, compressed);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(file, Buffer.concat([...chunks, directory, end]));
}

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(data) {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** Builds the benchmark inputs unless they already exist for this generator version. */
export async function ensureBenchData(log = console.log) {
  mkdirSync(dataDir, { recursive: true });
  const stamp = path.join(dataDir, 'VERSION');
  const fresh = existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === String(GENERATOR_VERSION);
  const csv = path.join(dataDir, 'subscriptions-1m.csv');
  const xlsx = path.join(dataDir, 'subscriptions-200k.xlsx');
  if (!fresh || !existsSync(csv)) {
    log(`generating ${path.relative(process.cwd(), csv)} (${CSV_ROWS.toLocaleString('en-US')} rows)…`);
    await writeCsv(csv, CSV_ROWS);
  }
  if (!fresh || !existsSync(xlsx)) {
    log(`generating ${path.relative(process.cwd(), xlsx)} (${XLSX_ROWS.toLocaleString('en-US')} rows)…`);
    await writeXlsx(xlsx, XLSX_ROWS);
  }
  writeFileSync(stamp, String(GENERATOR_VERSION));
  return {
    csv: { path: csv, rows: CSV_ROWS, bytes: statSync(csv).size },
    xlsx: { path: xlsx, rows: XLSX_ROWS, bytes: statSync(xlsx).size },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await ensureBenchData());
}
