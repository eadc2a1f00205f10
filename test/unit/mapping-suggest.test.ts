// Auto-suggestion: headers in English tool styles and in Persian, Thai and Chinese; value profiles
// (survey scales, headerless CDNOW); the three shared datasets and generated exports of every
// dataset kind, imported with the real import pipeline.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import { openDatabase } from '../../src/engine/store/database';
import { mappingFromSuggestions, suggestMapping } from '../../src/engine/mapping/suggest';
import { normalizeHeader, headerScore, fieldSynonyms, billingIntervalMonths, booleanFromText } from '../../src/engine/mapping/glossary';
import { CONFIDENT_SUGGESTION, type TableSuggestion } from '../../src/shared/types';
import { createImportedTable, type TestColumn, type TestCell } from '../fixtures/importedTable';
import { generateExports, type GeneratedExport } from '../fixtures/generate';
import { datasetPath, hasDatasets } from '../realDatasets';

const REAL = hasDatasets('mapping-suggest: real-export suggestions', 'telco-customer-churn.csv', 'online-retail-40k.xlsx', 'cdnow-sample.txt');

async function suggestFor(columns: TestColumn[], rows: TestCell[][]): Promise<TableSuggestion> {
  const db = await openDatabase();
  const t = createImportedTable(db, 't', columns, rows);
  return suggestMapping(db, [t])[0]!;
}
const fieldsOf = (s: TableSuggestion) => Object.fromEntries(s.fields.map((f) => [f.field, f.column]));
const cols = (spec: Record<string, TestColumn['type']>): TestColumn[] => Object.entries(spec).map(([name, type]) => ({ name, type }));

describe('header normalization', () => {
  it('folds case, separators, camelCase, Arabic letters, ZWNJ and traditional Chinese', () => {
    expect(normalizeHeader('Customer_ID')).toBe(normalizeHeader('customerId'));
    expect(normalizeHeader('Customer ID')).toBe('customerid');
    expect(normalizeHeader('تاريخ ثبت‌نام')).toBe(normalizeHeader('تاریخ ثبت نام'));
    expect(normalizeHeader('كد مشتري')).toBe(normalizeHeader('کد مشتری'));
    expect(normalizeHeader('客戶編號')).toBe(normalizeHeader('客户编号'));
    expect(headerScore('Canceled At (UTC)', fieldSynonyms('subscriptions', 'end_date')).score).toBeGreaterThan(0.9);
    expect(headerScore('Plan', fieldSynonyms('subscriptions', 'end_date')).score).toBe(0);
  });

  it('reads billing intervals and yes/no words in the four languages', () => {
    expect(['month', 'Monthly', 'ماهانه', 'รายเดือน', '月繳'].map(billingIntervalMonths)).toEqual([1, 1, 1, 1, 1]);
    expect(['year', 'Annual', 'سالانه', 'รายปี', '年繳', '12', '1 year'].map(billingIntervalMonths)).toEqual([12, 12, 12, 12, 12, 12, 12]);
    expect(billingIntervalMonths('quarter')).toBe(3);
    expect(billingIntervalMonths('half-year')).toBe(6);
    expect(billingIntervalMonths('3 months')).toBe(3);
    expect(billingIntervalMonths('week')).toBeCloseTo(12 / 52, 10);
    expect(billingIntervalMonths('fortnight-ish')).toBeNull();
    expect(['Yes', 'بله', 'ใช่', '是', 'TRUE'].map(booleanFromText)).toEqual([1, 1, 1, 1, 1]);
    expect(['No', 'خیر', 'ไม่', '否', 'false'].map(booleanFromText)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('suggestion from headers', () => {
  it('Stripe subscriptions export', async () => {
    const s = await suggestFor(cols({
      id: 'text', 'Customer ID': 'text', 'Customer Email': 'text', Plan: 'text', Interval: 'text', Amount: 'currency', Status: 'text',
      'Created (UTC)': 'datetime', 'Canceled At (UTC)': 'datetime',
    }), [['sub_1', 'cus_1', 'a@x.com', 'Pro', 'month', 99, 'active', '2024-01-01 10:00:00', null]]);
    expect(s.dataset).toBe('subscriptions');
    expect(s.confidence).toBeGreaterThanOrEqual(CONFIDENT_SUGGESTION);
    expect(fieldsOf(s)).toMatchObject({ customer_id: 'Customer ID', amount: 'Amount', billing_interval: 'Interval', start_date: 'Created (UTC)', end_date: 'Canceled At (UTC)', plan: 'Plan', status: 'Status' });
  });

  it('Zendesk tickets export', async () => {
    const s = await suggestFor(cols({
      Id: 'integer', Requester: 'text', Assignee: 'text', Group: 'text', Via: 'text', Status: 'text', 'Created at': 'datetime', 'Solved at': 'datetime',
      'First reply time in minutes': 'integer',
    }), [[1, 'x@y', 'Ana', 'Billing', 'Email', 'Solved', '2024-01-01 10:00:00', '2024-01-02 10:00:00', 30]]);
    expect(s.dataset).toBe('tickets');
    expect(s.confidence).toBeGreaterThanOrEqual(CONFIDENT_SUGGESTION);
    expect(fieldsOf(s)).toMatchObject({ ticket_id: 'Id', created_at: 'Created at', resolved_at: 'Solved at', agent: 'Assignee', channel: 'Via', first_response_at: 'First reply time in minutes' });
  });

  it('Freshdesk tickets export: elapsed hours, interactions, no guess from values next to real headers', async () => {
    const s = await suggestFor(cols({
      'Ticket ID': 'integer', Subject: 'text', Status: 'text', Priority: 'text', Source: 'text', Type: 'text', Agent: 'text', Group: 'text',
      'Created time': 'datetime', 'Due by Time': 'datetime', 'Resolved time': 'datetime', 'Closed time': 'datetime',
      'First response time (in hrs)': 'decimal', 'Resolution time (in hrs)': 'decimal', 'Customer interactions': 'integer', 'Agent interactions': 'integer',
    }), [[1, 's', 'Closed', 'Low', 'Email', 'Question', 'A', 'G', '2024-01-01 10:00:00', '2024-01-02 10:00:00', '2024-01-01 12:00:00', '2024-01-01 13:00:00', 1.5, 2, 1, 1]]);
    expect(s.dataset).toBe('tickets');
    expect(fieldsOf(s)).toEqual({
      ticket_id: 'Ticket ID', created_at: 'Created time', first_response_at: 'First response time (in hrs)', resolved_at: 'Resolved time',
      status: 'Status', channel: 'Source', agent: 'Agent', request_type: 'Type', agent_replies: 'Agent interactions', customer_replies: 'Customer interactions',
    });
  });

  it('Chargebee subscriptions, Intercom conversations and HubSpot deals exports', async () => {
    const cb = await suggestFor(cols({
      'Subscription Id': 'text', 'Customer Id': 'text', 'Plan Id': 'text', 'Plan Amount': 'currency', 'Billing Period': 'integer', 'Billing Period Unit': 'text',
      Status: 'text', 'Created At': 'datetime', 'Started At': 'datetime', 'Cancelled At': 'datetime', MRR: 'currency',
    }), [['s', 'c', 'p', 10, 1, 'month', 'active', '2024-01-01 00:00:00', '2024-01-01 00:00:00', null, 10]]);
    expect(cb.dataset).toBe('subscriptions');
    expect(fieldsOf(cb)).toEqual({ customer_id: 'Customer Id', mrr: 'MRR', billing_interval: 'Billing Period Unit', start_date: 'Started At', end_date: 'Cancelled At', plan: 'Plan Id', status: 'Status' });
    const ic = await suggestFor(cols({
      'Conversation ID': 'text', 'Created at': 'datetime', 'First response at': 'datetime', 'Closed at': 'datetime', Assignee: 'text', Channel: 'text', Rating: 'integer', 'User ID': 'text',
    }), [['1', '2024-01-01 00:00:00', '2024-01-01 00:10:00', null, 'a', 'chat', 5, 'u']]);
    expect(ic.dataset).toBe('tickets');
    expect(fieldsOf(ic)).toEqual({ ticket_id: 'Conversation ID', created_at: 'Created at', first_response_at: 'First response at', resolved_at: 'Closed at', channel: 'Channel', agent: 'Assignee', customer_id: 'User ID', csat: 'Rating' });
    const hs = await suggestFor(cols({ 'Record ID': 'integer', 'Deal Name': 'text', Amount: 'currency', 'Close Date': 'date', 'Deal Stage': 'text', 'Deal owner': 'text' }),
      [[1, 'd', 100, '2024-01-01', 'won', 'o']]);
    expect(hs.dataset).toBe('transactions');
    expect(fieldsOf(hs)).toEqual({ customer_id: 'Record ID', date: 'Close Date', amount: 'Amount', agent: 'Deal owner' });
  });

  it('Persian NPS survey: score 0–10 → NPS', async () => {
    const s = await suggestFor(cols({ 'شناسه مشتری': 'text', 'امتیاز': 'integer', 'تاریخ': 'date', 'نظر': 'text' }),
      [['a', 9, '2024-01-01', 'خوب'], ['b', 0, '2024-01-02', 'بد'], ['c', 10, '2024-01-03', null]]);
    expect(s.dataset).toBe('survey_responses');
    expect(s.survey).toBe('nps');
    expect(s.confidence).toBeGreaterThanOrEqual(CONFIDENT_SUGGESTION);
    expect(fieldsOf(s)).toEqual({ score: 'امتیاز', responded_at: 'تاریخ', customer_id: 'شناسه مشتری', comment: 'نظر' });
  });

  it('Thai survey with scores 1–5 → CSAT', async () => {
    const s = await suggestFor(cols({ 'รหัสลูกค้า': 'text', 'คะแนน': 'integer', 'วันที่': 'date', 'ความคิดเห็น': 'text' }),
      [['a', 5, '2024-01-01', 'ดี'], ['b', 1, '2024-01-02', null], ['c', 4, '2024-01-03', null]]);
    expect(s.dataset).toBe('survey_responses');
    expect(s.survey).toBe('csat');
    expect(fieldsOf(s)).toEqual({ score: 'คะแนน', responded_at: 'วันที่', customer_id: 'รหัสลูกค้า', comment: 'ความคิดเห็น' });
  });

  it('Chinese (traditional) tickets', async () => {
    const s = await suggestFor(cols({ '工單編號': 'text', '客戶編號': 'text', '建立時間': 'datetime', '首次回覆': 'datetime', '關閉時間': 'datetime', '客服人員': 'text', '渠道': 'text' }),
      [['T1', 'c1', '2024-01-01 10:00:00', '2024-01-01 11:00:00', null, '王', '電話']]);
    expect(s.dataset).toBe('tickets');
    expect(s.confidence).toBeGreaterThanOrEqual(CONFIDENT_SUGGESTION);
    expect(fieldsOf(s)).toEqual({ ticket_id: '工單編號', customer_id: '客戶編號', created_at: '建立時間', first_response_at: '首次回覆', resolved_at: '關閉時間', agent: '客服人員', channel: '渠道' });
  });

  it('Persian subscriptions with simplified/Arabic spellings', async () => {
    const s = await suggestFor(cols({ 'كد مشتري': 'text', 'پلن': 'text', 'درآمد ماهانه': 'decimal', 'تاريخ شروع': 'date', 'تاریخ لغو': 'date' }),
      [['a', 'x', 10, '2024-01-01', null]]);
    expect(s.dataset).toBe('subscriptions');
    expect(fieldsOf(s)).toEqual({ customer_id: 'كد مشتري', mrr: 'درآمد ماهانه', start_date: 'تاريخ شروع', end_date: 'تاریخ لغو', plan: 'پلن' });
  });

  it('maps confident suggestions only, and leaves mapped tables alone', async () => {
    const db = await openDatabase();
    const a = createImportedTable(db, 'a', cols({ 'Ticket ID': 'text', 'Created at': 'datetime' }), [['1', '2024-01-01 10:00:00']], { source: '/x/a.csv' });
    const b = createImportedTable(db, 'b', cols({ foo: 'text', bar: 'text' }), [['1', '2']], { source: '/x/b.csv' });
    const sug = suggestMapping(db, [a, b]);
    expect(sug[1]!.dataset).toBeNull();
    const m = mappingFromSuggestions(sug, { version: 1, tables: [], params: { gross_margin: 0.8 } });
    expect(m.tables).toEqual([{ source: 'a.csv', dataset: 'tickets', fields: { ticket_id: 'Ticket ID', created_at: 'Created at' } }]);
    expect(m.params).toEqual({ gross_margin: 0.8 });
    const again = mappingFromSuggestions(sug, { version: 1, tables: [{ source: 'a.csv', dataset: 'calls', fields: {} }], params: {} });
    expect(again.tables).toEqual([{ source: 'a.csv', dataset: 'calls', fields: {} }]);
  });
});

describe('suggestion on real and generated files (real import pipeline)', () => {
  let engine: Engine;
  let generated: GeneratedExport[];
  beforeAll(async () => {
    engine = await Engine.create();
    for (const f of ['telco-customer-churn.csv', 'online-retail-40k.xlsx', 'cdnow-sample.txt']) {
      if (!REAL) continue;
      const p = datasetPath(f);
      await engine.openFile({ source: p, bytes: new Uint8Array(await readFile(p)) });
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'kpiw-suggest-'));
    generated = await generateExports(dir, { seed: 11, rows: 120 });
    for (const g of generated) await engine.openFile({ source: g.file, bytes: new Uint8Array(await readFile(g.file)) });
  });
  const find = (all: TableSuggestion[], base: string) => all.find((s) => path.basename(s.source) === base)!;

  it.runIf(REAL)('online-retail → transactions with amount = Quantity × UnitPrice, confidently', async () => {
    const s = find(await engine.suggestMapping(), 'online-retail-40k.xlsx');
    expect(s.dataset).toBe('transactions');
    expect(s.confidence).toBeGreaterThanOrEqual(CONFIDENT_SUGGESTION);
    expect(fieldsOf(s)).toEqual({ customer_id: 'CustomerID', date: 'InvoiceDate', amount: 'Quantity * UnitPrice', order_id: 'InvoiceNo' });
  });

  it.runIf(REAL)('CDNOW (no header) → transactions from value profiles, below the confident threshold', async () => {
    const s = find(await engine.suggestMapping(), 'cdnow-sample.txt');
    expect(s.dataset).toBe('transactions');
    expect(s.confidence).toBeLessThan(CONFIDENT_SUGGESTION);
    expect(fieldsOf(s)).toEqual({ customer_id: 'Column 1', date: 'Column 3', amount: 'Column 5' });
  });

  it.runIf(REAL)('telco → a confident customer snapshot (issue 9: it used to be an unusable subscriptions guess)', async () => {
    const s = find(await engine.suggestMapping(), 'telco-customer-churn.csv');
    expect(s.dataset).toBe('customers');
    expect(s.confidence).toBeGreaterThanOrEqual(CONFIDENT_SUGGESTION);
    expect(fieldsOf(s)).toMatchObject({ customer_id: 'customerID', tenure: 'tenure', monthly_amount: 'MonthlyCharges', churned: 'Churn', contract: 'Contract' });
  });

  it('generated exports of every dataset kind get their dataset and fields', async () => {
    const all = await engine.suggestMapping();
    const kinds = new Set(generated.map((g) => g.dataset));
    expect(kinds.size).toBe(11);
    for (const g of generated) {
      const s = find(all, path.basename(g.file));
      expect({ file: path.basename(g.file), dataset: s.dataset }).toEqual({ file: path.basename(g.file), dataset: g.dataset });
      expect({ file: path.basename(g.file), fields: fieldsOf(s) }).toEqual({ file: path.basename(g.file), fields: g.mapping.fields });
      if (g.mapping.survey) expect(s.survey).toBe(g.mapping.survey);
      expect({ file: path.basename(g.file), confident: s.confidence >= CONFIDENT_SUGGESTION }).toEqual({ file: path.basename(g.file), confident: true });
    }
  });
});
