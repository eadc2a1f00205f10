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
  {
    // Qualtrics "numeric values" export: three header rows (names, question texts, ImportId JSON),
    // questions headed Q1, Q2; an unanswered score left blank or -99 ("seen but not answered").
    name: 'qualtrics-3-header-rows.csv', dataset: 'survey_responses',
    text: 'StartDate,EndDate,Status,Progress,Duration (in seconds),Finished,RecordedDate,ResponseId,DistributionChannel,UserLanguage,Q1,Q2\n'
      + 'Start Date,End Date,Response Type,Progress,Duration (in seconds),Finished,Recorded Date,Response ID,Distribution Channel,User Language,'
      + '"How likely are you to recommend Acme to a friend or colleague?",What is the primary reason for your score?\n'
      + ['startDate', 'endDate', 'status', 'progress', 'duration', 'finished', 'recordedDate', '_recordId', 'distributionChannel', 'userLanguage', 'QID1', 'QID2_TEXT']
        .map((id) => `"{""ImportId"":""${id}""${/Date$/.test(id) ? ',""timeZone"":""America/Denver""' : ''}}"`).join(',') + '\n'
      + rows(40, (i) => `2024-03-${10 + (i % 18)} 09:${10 + i}:00,2024-03-${10 + (i % 18)} 09:${12 + i}:30,IP Address,100,${60 + i * 7},True,`
        + `2024-03-${10 + (i % 18)} 09:${12 + i}:31,R_${(3e9 + i * 7919).toString(36)}x${i % 10}Q,anonymous,EN,${i === 7 ? '' : i === 13 ? '-99' : i % 11},`
        + `${i % 4 === 3 ? '' : ['Support was quick', 'Too expensive for a team our size', 'Love the reports', 'Setup took weeks'][i % 4]}`),
    fields: { responded_at: 'RecordedDate', score: 'Q1', comment: 'Q2' },
  },
  {
    // A local form tool's export headed by question numbers; scores in Persian digits with a word
    // ("ده"), a dash and blanks among them.
    name: 'persian-question-numbers.csv', dataset: 'survey_responses',
    text: 'ردیف,تاریخ پاسخ,سوال ۱,سوال ۲\n' + rows(36, (i) => `${fa(i + 1)},${fa(`1403/0${1 + (i % 9)}/${10 + (i % 18)}`)},`
      + `${i === 4 ? 'ده' : i === 11 ? '-' : i === 20 ? '' : fa(i % 11)},${['پشتیبانی سریع جواب داد', 'قیمت بالاست', 'عالی', 'نصب نرم‌افزار سخت بود', 'راضی هستم', ''][i % 6]}`),
    fields: { responded_at: 'تاریخ پاسخ', score: 'سوال ۱', comment: 'سوال ۲' },
  },
  {
    // A help desk's time log: minutes as bare numbers, clock times and unit text in one column.
    name: 'helpdesk-time-spent.csv', dataset: 'tickets',
    text: 'Ticket ID,Created at,Agent,Time spent\n' + rows(30, (i) => `T${500 + i},2024-04-${10 + (i % 18)} 09:${10 + i}:00,${['Ana', 'Bo', 'Chen'][i % 3]},${['15', '1:30', '2h 5m', '45 min', '0:20', '1h'][i % 6]}`),
    fields: { ticket_id: 'Ticket ID', created_at: 'Created at', agent: 'Agent', handle_time: 'Time spent' },
  },
  {
    name: 'persian-tickets-duration.csv', dataset: 'tickets',
    text: 'شماره تیکت,زمان ثبت,کارشناس,مدت رسیدگی\n' + rows(30, (i) => `${fa(800 + i)},${fa(`1403/02/${10 + (i % 18)} 09:${10 + i}`)},${['علی', 'مریم'][i % 2]},`
      + `${[`${fa(1)} ساعت`, `${fa(30)} دقیقه`, `${fa(1)} ساعت و ${fa(15)} دقیقه`, `${fa(45)} دقیقه`][i % 4]}`),
    fields: { ticket_id: 'شماره تیکت', created_at: 'زمان ثبت', agent: 'کارشناس', handle_time: 'مدت رسیدگی' },
  },
  {
    name: 'app-sessions-length.csv', dataset: 'usage_events',
    text: 'user_id,event,timestamp,length\n' + rows(30, (i) => `u${i % 7},${['Login', 'Export'][i % 2]},2024-04-${10 + (i % 18)} 09:${10 + i}:00,${['12', '1:05', '3m 20s', '45'][i % 4]}`),
    fields: { user_id: 'user_id', feature: 'event', timestamp: 'timestamp', duration: 'length' },
  },
];

/** What a generated column holds. */
type Kind = 'id' | 'cust' | 'date' | 'datetime' | 'money' | 'nps' | 'csat' | 'text' | 'plan' | 'status' | 'interval' | 'email' | 'minutes' | 'event' | 'channel';
const TEXTS = ['Great support', 'خیلی خوب بود', 'บริการดีมาก', '服務很好', 'Too slow', 'ช้าไปหน่อย', '太慢了', 'کند بود'];
function cell(kind: Kind, i: number): string {
  switch (kind) {
    case 'id': return `R${7000 + i}`;
    case 'cust': return `cus_${100 + (i % 9)}`;
    case 'date': return `2024-0${1 + (i % 9)}-${10 + (i % 18)}`;
    case 'datetime': return `2024-0${1 + (i % 9)}-${10 + (i % 18)} 1${i % 10}:${10 + (i % 49)}:00`;
    case 'money': return (19 + (i % 5) * 10).toFixed(2);
    case 'nps': return String(i % 11);
    case 'csat': return String(1 + (i % 5));
    case 'text': return TEXTS[i % TEXTS.length]!;
    case 'plan': return ['Starter', 'Pro', 'Business'][i % 3]!;
    case 'status': return ['open', 'solved', 'pending'][i % 3]!;
    case 'interval': return i % 4 ? 'month' : 'year';
    case 'email': return `user${i}@example.com`;
    case 'minutes': return String(5 + (i % 50));
    case 'event': return ['Login', 'Export Report', 'Create Project'][i % 3]!;
    case 'channel': return ['email', 'chat', 'phone'][i % 3]!;
  }
}
/** A generated export: columns as [header, field or null, what it holds]. */
function generated(name: string, dataset: string, columns: Array<[string, string | null, Kind]>, n = 24): Export {
  const text = columns.map(([h]) => (/[,"]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h)).join(',') + '\n'
    + rows(n, (i) => columns.map(([, , k]) => cell(k, i)).join(','));
  const fields: Record<string, string> = {};
  for (const [h, f] of columns) if (f) fields[f] = h;
  return { name, dataset, text, fields };
}

const TOOL_EXPORTS: Export[] = [
  generated('stripe-subscriptions.csv', 'subscriptions', [['id', null, 'id'], ['Customer ID', 'customer_id', 'cust'], ['Customer Email', null, 'email'], ['Plan', 'plan', 'plan'], ['Interval', 'billing_interval', 'interval'], ['Amount', 'amount', 'money'], ['Status', 'status', 'status'], ['Created (UTC)', 'start_date', 'date']]),
  generated('chargebee-subscriptions.csv', 'subscriptions', [['subscription[id]', null, 'id'], ['customer[id]', 'customer_id', 'cust'], ['subscription[plan_id]', 'plan', 'plan'], ['subscription[mrr]', 'mrr', 'money'], ['subscription[started_at]', 'start_date', 'date'], ['subscription[cancelled_at]', 'end_date', 'date']]),
  generated('recurly-subscriptions.csv', 'subscriptions', [['account_code', 'customer_id', 'cust'], ['plan_code', 'plan', 'plan'], ['unit_amount', 'amount', 'money'], ['activated_at', 'start_date', 'date'], ['canceled_at', 'end_date', 'date'], ['state', 'status', 'status']]),
  generated('paddle-transactions.csv', 'transactions', [['Transaction ID', 'order_id', 'id'], ['Customer ID', 'customer_id', 'cust'], ['Billed At', 'date', 'date'], ['Total', 'amount', 'money'], ['Currency', null, 'plan']]),
  generated('stripe-payments.csv', 'transactions', [['id', 'order_id', 'id'], ['Created date (UTC)', 'date', 'datetime'], ['Amount', 'amount', 'money'], ['Customer ID', 'customer_id', 'cust'], ['Description', null, 'text']]),
  generated('zendesk-tickets.csv', 'tickets', [['Ticket ID', 'ticket_id', 'id'], ['Requester', 'customer_id', 'email'], ['Created at', 'created_at', 'datetime'], ['Solved at', 'resolved_at', 'datetime'], ['Status', 'status', 'status'], ['Via', 'channel', 'channel']]),
  generated('freshdesk-tickets.csv', 'tickets', [['Ticket ID', 'ticket_id', 'id'], ['Created time', 'created_at', 'datetime'], ['Resolved time', 'resolved_at', 'datetime'], ['Status', 'status', 'status'], ['Source', 'channel', 'channel'], ['Agent', 'agent', 'plan']]),
  generated('intercom-conversations.csv', 'tickets', [['Conversation ID', 'ticket_id', 'id'], ['Conversation started at', 'created_at', 'datetime'], ['First admin reply at', 'first_response_at', 'datetime'], ['Closed at', 'resolved_at', 'datetime'], ['Teammate', 'agent', 'plan']]),
  generated('jira-service-management.csv', 'tickets', [['Issue key', 'ticket_id', 'id'], ['Created', 'created_at', 'datetime'], ['Resolved', 'resolved_at', 'datetime'], ['Status', 'status', 'status'], ['Assignee', 'agent', 'plan'], ['Request Type', 'request_type', 'event']]),
  generated('qualtrics-nps.csv', 'survey_responses', [['ResponseId', null, 'id'], ['RecordedDate', 'responded_at', 'datetime'], ['Q1_NPS_GROUP', null, 'plan'], ['Q1', 'score', 'nps'], ['Q2', 'comment', 'text']]),
  generated('surveymonkey-csat.csv', 'survey_responses', [['Respondent ID', null, 'id'], ['Date Created', 'responded_at', 'datetime'], ['How satisfied were you with our service?', 'score', 'csat'], ['Comments', 'comment', 'text']]),
  generated('typeform-nps.csv', 'survey_responses', [['#', null, 'id'], ['How likely are you to recommend us to a friend?', 'score', 'nps'], ['What is the main reason for your score?', 'comment', 'text'], ['Submit Date (UTC)', 'responded_at', 'datetime']]),
  generated('google-forms.csv', 'survey_responses', [['Timestamp', 'responded_at', 'datetime'], ['Email Address', 'customer_id', 'email'], ['On a scale of 0-10, how likely are you to recommend us?', 'score', 'nps'], ['Any other feedback?', 'comment', 'text']]),
  generated('porsline.csv', 'survey_responses', [['شناسه پاسخ', null, 'id'], ['تاریخ ثبت', 'responded_at', 'datetime'], ['چقدر احتمال دارد ما را به دوستان خود توصیه کنید؟', 'score', 'nps'], ['دلیل امتیاز شما چیست؟', 'comment', 'text']]),
  generated('digisurvey.csv', 'survey_responses', [['کد پاسخ دهنده', 'customer_id', 'cust'], ['زمان پاسخ', 'responded_at', 'datetime'], ['میزان رضایت', 'score', 'csat'], ['توضیحات', 'comment', 'text']]),
  generated('mixpanel-events.csv', 'usage_events', [['event', 'feature', 'event'], ['distinct_id', 'user_id', 'cust'], ['time', 'timestamp', 'datetime'], ['$city', null, 'plan']]),
  generated('amplitude-events.csv', 'usage_events', [['user_id', 'user_id', 'cust'], ['event_type', 'feature', 'event'], ['event_time', 'timestamp', 'datetime'], ['session_id', null, 'id']]),
  generated('thai-csat.csv', 'survey_responses', [['วันที่', 'responded_at', 'date'], ['รหัสลูกค้า', 'customer_id', 'cust'], ['คะแนน', 'score', 'csat'], ['ความคิดเห็น', 'comment', 'text']]),
  generated('thai-tickets.csv', 'tickets', [['เลขที่ทิกเก็ต', 'ticket_id', 'id'], ['วันที่สร้าง', 'created_at', 'datetime'], ['วันที่ปิด', 'resolved_at', 'datetime'], ['สถานะ', 'status', 'status'], ['ช่องทาง', 'channel', 'channel']]),
  generated('thai-subscriptions-baht.csv', 'subscriptions', [['รหัสลูกค้า', 'customer_id', 'cust'], ['แพ็กเกจ', 'plan', 'plan'], ['วันที่สมัคร', 'start_date', 'date'], ['วันที่ยกเลิก', 'end_date', 'date'], ['ค่าบริการรายเดือน (บาท)', 'mrr', 'money']]),
  generated('thai-sales.csv', 'transactions', [['เลขที่ใบแจ้งหนี้', 'order_id', 'id'], ['รหัสลูกค้า', 'customer_id', 'cust'], ['วันที่', 'date', 'date'], ['ยอดเงิน', 'amount', 'money']]),
  generated('thai-usage.csv', 'usage_events', [['รหัสผู้ใช้', 'user_id', 'cust'], ['เหตุการณ์', 'feature', 'event'], ['เวลา', 'timestamp', 'datetime']]),
  generated('persian-invoices-rial.csv', 'transactions', [['شماره فاکتور', 'order_id', 'id'], ['کد مشتری', 'customer_id', 'cust'], ['تاریخ فاکتور', 'date', 'date'], ['مبلغ (ریال)', 'amount', 'money']]),
  generated('persian-usage.csv', 'usage_events', [['شناسه کاربر', 'user_id', 'cust'], ['رویداد', 'feature', 'event'], ['زمان', 'timestamp', 'datetime']]),
  generated('cn-orders-yuan.csv', 'transactions', [['订单号', 'order_id', 'id'], ['客户编号', 'customer_id', 'cust'], ['下单日期', 'date', 'date'], ['金额(元)', 'amount', 'money']]),
  generated('cn-tickets.csv', 'tickets', [['工单号', 'ticket_id', 'id'], ['创建时间', 'created_at', 'datetime'], ['解决时间', 'resolved_at', 'datetime'], ['状态', 'status', 'status'], ['渠道', 'channel', 'channel']]),
  generated('cn-nps.csv', 'survey_responses', [['客户编号', 'customer_id', 'cust'], ['提交时间', 'responded_at', 'datetime'], ['推荐意愿', 'score', 'nps'], ['意见', 'comment', 'text']]),
  generated('cn-usage.csv', 'usage_events', [['用户id', 'user_id', 'cust'], ['事件', 'feature', 'event'], ['时间', 'timestamp', 'datetime']]),
  generated('tw-subscriptions.csv', 'subscriptions', [['客戶編號', 'customer_id', 'cust'], ['方案', 'plan', 'plan'], ['開始日期', 'start_date', 'date'], ['結束日期', 'end_date', 'date'], ['月費', 'mrr', 'money']]),
  generated('tw-tickets.csv', 'tickets', [['工單編號', 'ticket_id', 'id'], ['建立時間', 'created_at', 'datetime'], ['首次回覆時間', 'first_response_at', 'datetime'], ['結案時間', 'resolved_at', 'datetime'], ['狀態', 'status', 'status']]),
  generated('tw-orders.csv', 'transactions', [['訂單編號', 'order_id', 'id'], ['客戶編號', 'customer_id', 'cust'], ['訂單日期', 'date', 'date'], ['金額', 'amount', 'money']]),
  generated('tw-usage.csv', 'usage_events', [['使用者編號', 'user_id', 'cust'], ['功能', 'feature', 'event'], ['事件時間', 'timestamp', 'datetime']]),
  generated('en-mrr-snapshots.csv', 'mrr_snapshots', [['Customer', 'customer_id', 'cust'], ['Month', 'month', 'date'], ['MRR', 'mrr', 'money']]),
  generated('en-trials.csv', 'trials', [['Customer ID', 'customer_id', 'cust'], ['Trial Start', 'trial_start', 'date'], ['Converted At', 'converted_at', 'date'], ['Plan', 'plan', 'plan']]),
];

async function suggestFor(e: Export) {
  const engine = await Engine.create();
  const bytes = e.encoding ? new Uint8Array(iconv.encode(e.text, e.encoding)) : new TextEncoder().encode(e.text);
  await engine.openFile({ source: e.name, bytes });
  return (await engine.suggestMapping())[0]!;
}

describe('auto-mapping of realistic exports', () => {
  it('pre-fills the fields of a dataset chosen by hand from the same evidence', async () => {
    // A survey that also reads as a ticket export: choosing survey responses still fills its fields.
    const s = await suggestFor(EXPORTS[0]!);
    const surveyFields = Object.fromEntries((s.byDataset?.survey_responses?.fields ?? []).map((f) => [f.field, f.column]));
    expect(surveyFields).toMatchObject({ score: 'امتیاز', responded_at: 'تاریخ', comment: 'نظر' });
    const ticketFields = (await suggestFor(EXPORTS[1]!)).byDataset?.tickets?.fields.map((f) => f.field);
    expect(ticketFields).toEqual(expect.arrayContaining(['ticket_id', 'created_at', 'first_response_at']));
  });

  it('reads a column of mixed duration notations as seconds (bare numbers in minutes)', async () => {
    const e = EXPORTS.find((x) => x.name === 'helpdesk-time-spent.csv')!;
    const engine = await Engine.create();
    await engine.openFile({ source: e.name, bytes: new TextEncoder().encode(e.text) });
    const s = (await engine.suggestMapping())[0]!;
    await engine.setMapping({ version: 1, params: {}, tables: [{ source: e.name, dataset: 'tickets', fields: Object.fromEntries(s.fields.map((f) => [f.field, f.column])) }] });
    const m = (await engine.computeMetrics({ metrics: ['handle_time'] })).metrics.find((x) => x.id === 'handle_time')!;
    // 15 min = 900 s, 1:30 = 5400, 2h 5m = 7500, 45 min = 2700, 0:20 = 1200, 1h = 3600; five of each.
    expect(m.stats).toMatchObject({ tickets: 30, without_handle_time: 0 });
    expect(m.value).toBeCloseTo((900 + 5400 + 7500 + 2700 + 1200 + 3600) / 6, 9);
  });

  it('holds at least 40 exports', () => expect(EXPORTS.length + TOOL_EXPORTS.length).toBeGreaterThanOrEqual(40));

  it('maps at least 95 % of the expected fields right', async () => {
    let right = 0;
    let total = 0;
    const misses: string[] = [];
    for (const e of [...EXPORTS, ...TOOL_EXPORTS]) {
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
