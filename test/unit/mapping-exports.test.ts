// Auto-mapping on the exports our users bring: headers as people and tools write them in Persian,
// Thai, Simplified and Traditional Chinese and English, with their value quirks (Jalali dates and
// Persian digits, ROC years, Big5, out-of-range and text cells in a score column). Each export has
// the dataset and fields it should map to; the test prints the share of fields right and fails
// under 95 %.
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { Engine } from '../../src/engine/api';

interface Export { name: string; encoding?: string; text: string; dataset: string; fields: Record<string, string> }

const fa = (n: number | string) => String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

const EXPORTS: Export[] = [
  {
    name: 'persian-nps.csv', dataset: 'survey_responses',
    text: 'شناسه مشتری,تاریخ,امتیاز,نظر\n' + rows(40, (i) => `${fa(1000 + i)},${fa(`1402/0${1 + (i % 9)}/1${i % 10}`)},${i === 5 ? 'عالی' : i === 9 ? fa(11) : fa(i % 11)},${i % 3 ? 'خوب بود' : 'پشتیبانی کند است'}`),
    fields: { customer_id: 'شناسه مشتری', responded_at: 'تاریخ', score: 'امتیاز', comment: 'نظر' },
  },
  {
    name: 'persian-tickets.csv', dataset: 'tickets',
    text: 'شماره درخواست,شناسه مشتری,زمان ثبت,زمان اولین پاسخ,زمان حل,وضعیت,اولویت\n' + rows(30, (i) => `${fa(5000 + i)},${fa(100 + (i % 7))},${fa(`1402/05/${10 + (i % 9)} 09:${10 + i}`)},${fa(`1402/05/${10 + (i % 9)} 10:${10 + i}`)},${fa(`1402/05/${11 + (i % 9)} 12:00`)},${i % 2 ? 'بسته' : 'باز'},${i % 3 ? 'عادی' : 'فوری'}`),
    fields: { ticket_id: 'شماره درخواست', customer_id: 'شناسه مشتری', created_at: 'زمان ثبت', first_response_at: 'زمان اولین پاسخ', resolved_at: 'زمان حل', status: 'وضعیت' },
  },
  {
    name: 'big5-nps.csv', encoding: 'big5', dataset: 'survey_responses',
    text: '客戶編號,填答日期,推薦意願(0-10),意見\n' + rows(30, (i) => `TW${200 + i},11${2 + (i % 2)}/0${1 + (i % 9)}/1${i % 10},${i % 11},${i % 2 ? '服務很好' : '等太久'}`),
    fields: { customer_id: '客戶編號', responded_at: '填答日期', score: '推薦意願(0-10)', comment: '意見' },
  },
  {
    name: 'cn-subscriptions.csv', dataset: 'subscriptions',
    text: '客户编号,套餐,开通日期,到期日期,月费(元)\n' + rows(20, (i) => `C${i},${i % 2 ? '专业版' : '基础版'},2024-0${1 + (i % 9)}-01,${i % 4 ? '' : '2024-12-31'},${i % 2 ? 199 : 99}`),
    fields: { customer_id: '客户编号', plan: '套餐', start_date: '开通日期', end_date: '到期日期', mrr: '月费(元)' },
  },
  {
    name: 'persian-subscriptions.csv', dataset: 'subscriptions',
    text: 'کد مشتری,نام طرح,تاریخ شروع,تاریخ پایان,مبلغ ماهانه (تومان)\n' + rows(20, (i) => `${fa(300 + i)},${i % 2 ? 'طلایی' : 'نقره‌ای'},1402/0${fa(1 + (i % 9))}/01,${i % 5 ? '' : fa(`1402/1${i % 3}/15`)},${fa(i % 2 ? 490000 : 290000)}`),
    fields: { customer_id: 'کد مشتری', plan: 'نام طرح', start_date: 'تاریخ شروع', end_date: 'تاریخ پایان', mrr: 'مبلغ ماهانه (تومان)' },
  },
  {
    name: 'hubspot-nps.csv', dataset: 'survey_responses',
    text: 'Contact ID,Email,Submission Date,Rating,Response\n' + rows(25, (i) => `${9000 + i},u${i}@x.com,2024-05-${10 + (i % 18)},${i % 11},${i % 2 ? 'Great support' : 'Too expensive for us'}`),
    fields: { customer_id: 'Contact ID', responded_at: 'Submission Date', score: 'Rating', comment: 'Response' },
  },
];

async function suggestFor(e: Export) {
  const engine = await Engine.create();
  const bytes = e.encoding ? new Uint8Array(iconv.encode(e.text, e.encoding)) : new TextEncoder().encode(e.text);
  await engine.openFile({ source: e.name, bytes });
  return (await engine.suggestMapping())[0]!;
}

describe('auto-mapping of realistic exports', () => {
  it('maps at least 95 % of the expected fields right', async () => {
    let right = 0;
    let total = 0;
    const misses: string[] = [];
    for (const e of EXPORTS) {
      const s = await suggestFor(e);
      const got = new Map(s.fields.map((f) => [f.field, f.column]));
      for (const [field, column] of Object.entries(e.fields)) {
        total++;
        if (s.dataset === e.dataset && got.get(field) === column) right++;
        else misses.push(`${e.name}: ${field} expected "${column}", got ${s.dataset}.${field} = ${got.get(field) ?? 'none'}`);
      }
    }
    console.log(`mapping accuracy: ${right}/${total} = ${(100 * right / total).toFixed(1)} % of fields${misses.length ? '\n  ' + misses.join('\n  ') : ''}`);
    expect(right / total).toBeGreaterThanOrEqual(0.95);
  });
});
