// Header synonyms per dataset field, for auto-suggestion: English as written by people and by the
// exports of Stripe, Chargebee, Zendesk, Freshdesk, HubSpot and Intercom, plus the Persian, Thai and
// Chinese glossary of METRICS.md §6. Headers and synonyms are compared after normalizeHeader(), so
// spelling variants (snake_case, camelCase, spaces, capitals, Arabic vs Persian letters, ZWNJ,
// traditional vs simplified Chinese) need not be listed.
import { SURVEY_KINDS, type DatasetId, type SurveyKind } from '../../shared/types';
import { latinDigits } from '../../shared/digits';

// Traditional → simplified for the characters that occur in the glossary and in common export
// headers; both sides are folded, so a header in either script matches a synonym in either.
const TRAD_TO_SIMP: Record<string, string> = {
  戶: '户', 單: '单', 編: '编', 號: '号', 開: '开', 註: '注', 結: '结', 東: '东', 經: '经', 額: '额',
  價: '价', 評: '评', 論: '论', 見: '见', 時: '时', 間: '间', 覆: '复', 決: '决', 關: '关', 員: '员',
  專: '专', 淨: '净', 薦: '荐', 滿: '满', 費: '费', 週: '周', 續: '续', 訂: '订', 聯: '联', 繫: '系',
  務: '务', 電: '电', 話: '话', 郵: '邮', 狀: '状', 態: '态', 類: '类', 別: '别', 計: '计', 劃: '划',
  帳: '账', 賬: '账', 頻: '频', 處: '处', 長: '长', 數: '数', 據: '据', 銷: '销',
  購: '购', 買: '买', 應: '应', 問: '问', 題: '题', 產: '产', 業: '业', 標: '标',
  籤: '签', 簽: '签', 場: '场', 動: '动', 級: '级', 權: '权', 會: '会', 體: '体', 驗: '验', 試: '试',
  轉: '转', 換: '换', 環: '环', 節: '节', 點: '点', 擊: '击', 線: '线', 變: '变', 損: '损', 約: '约',
  帶: '带', 組: '组', 門: '门', 來: '来', 詢: '询', 記: '记', 錄: '录', 歷: '历', 總: '总',
  幣: '币', 貨: '货', 盤: '盘', 統: '统', 達: '达', 願: '愿', 通: '通', 億: '亿', 測: '测', 錢: '钱',
};

/** Folds a header (or synonym) to the form they are compared in. */
export function normalizeHeader(text: string): string {
  let t = text.normalize('NFKC').toLowerCase();
  t = t.replace(/[يى]/g, 'ی').replace(/ك/g, 'ک').replace(/ة/g, 'ه').replace(/[أإآ]/g, 'ا');
  // ZWNJ/ZWJ, Arabic diacritics and tatweel carry no meaning for matching. The class lists combining
  // marks on purpose: each is removed on its own, not as part of a combined character.
  // eslint-disable-next-line no-misleading-character-class
  t = t.replace(/[\u200b-\u200d\u064b-\u065f\u0670\u0640\ufeff]/g, '');
  let out = '';
  for (const ch of t) out += TRAD_TO_SIMP[ch] ?? ch;
  // Punctuation, symbols, separators and underscores go: "Customer ID", "customer_id" and
  // "customerId" all become "customerid".
  return out.replace(/[\s\p{P}\p{S}_]+/gu, '');
}

/** Noise often appended to export headers: "Created (UTC)", "Amount (USD)", "Date [GMT]". */
// A scale written after a score ("(0-10)", "1–5") and a currency unit in the script of the
// header ("(تومان)", "(元)", "(บาท)") are noise too.
const HEADER_NOISE = /(utc|gmt|local|usd|eur|gbp|irr|irt|thb|twd|ntd|cny|rmb|inminutes|inhours|inhrs|inseconds|insecs|minutes|hours|hrs|seconds|secs|mins|010|110|15|17|تومان|ریال|بات|บาท|元|圆|人民币|新台币)$/;

/** The normalized header without trailing unit/time-zone noise (also normalized). */
export function stripHeaderNoise(norm: string): string {
  let t = norm;
  for (let i = 0; i < 2; i++) {
    const s = t.replace(HEADER_NOISE, '');
    if (s === t || s.length < 2) break;
    t = s;
  }
  return t;
}

/**
 * Synonyms keyed by field id (used for every dataset with that field) or by "dataset.field"
 * (only that dataset; listed first, so they win over the generic ones).
 */
export const GLOSSARY: Readonly<Record<string, readonly string[]>> = {
  // --- people and ids -------------------------------------------------------------------------
  customer_id: [
    'customer_id', 'customer', 'customer id', 'customerid', 'customer number', 'customer no', 'client id',
    'client', 'account id', 'account', 'account number', 'cust id', 'custid', 'subscriber id', 'member id',
    'user id', 'requester', 'requester id', 'requester email', 'customer email', 'contact id', 'company id',
    'organization', 'organization id', 'record id', 'buyer id', 'shopper id', 'customer_code', 'customer code',
    'مشتری', 'شناسه مشتری', 'کد مشتری', 'نام مشتری', 'شماره مشتری', 'ลูกค้า', 'รหัสลูกค้า', 'ชื่อลูกค้า',
    '客戶', '客戶編號', '客户', '客户编号', '客戶代碼', '會員編號', '客戶名稱', '顧客編號', '顧客',
    'customer[id]', 'email address', 'email', 'کد پاسخ دهنده', 'پاسخ دهنده', 'ایمیل', 'อีเมล', '电子邮箱', '電子郵件',
  ],
  'usage_events.user_id': [
    'user_id', 'user', 'user id', 'userid', 'member id', 'visitor id', 'distinct id', 'distinct_id', 'person id',
    'کاربر', 'شناسه کاربر', 'ผู้ใช้', 'รหัสผู้ใช้', '用戶', '用戶編號', '使用者', '使用者編號', '用户id',
  ],
  'usage_events.account_id': [
    'account_id', 'account', 'account id', 'company', 'company id', 'organization', 'organization id', 'workspace',
    'workspace id', 'tenant', 'customer id', 'حساب', 'شناسه حساب', 'บัญชี', 'รหัสบัญชี', '帳戶', '帳號', '公司',
  ],
  // Contact e-mail and display name of a customer (reconciliation ties customers by them).
  email: [
    'email', 'e-mail', 'email address', 'e-mail address', 'customer email', 'contact email', 'billing email',
    '~mail', 'ایمیل', 'پست الکترونیک', 'ایمیل مشتری', 'อีเมล', 'อีเมลลูกค้า', '電子郵件', '電郵', '邮箱', '郵箱', '客戶郵箱',
  ],
  name: [
    'customer name', 'client name', 'account name', 'company name', 'full name', 'contact name',
    'نام', 'نام مشتری', 'نام کامل', 'ชื่อ', 'ชื่อลูกค้า', 'ชื่อบริษัท', '名稱', '姓名', '客戶名稱', '公司名稱',
  ],
  ticket_id: [
    'ticket_id', 'ticket id', 'ticket', 'ticket number', 'ticket no', 'ticket #', 'case id', 'case number',
    'conversation id', 'request id', 'issue id', 'ticketid', 'تیکت', 'شناسه تیکت', 'شماره تیکت', 'بلیط',
    'ตั๋ว', 'ทิกเก็ต', 'รหัสทิกเก็ต', 'เลขที่ทิกเก็ต', '工單', '工單編號', '工单号', '案件編號',
    'شماره درخواست', 'شناسه درخواست', 'کد پیگیری', 'شماره پیگیری', 'เลขที่คำขอ', 'รหัสคำขอ', '工单编号', '工單號', '服務單號',
    'issue key', 'key', 'request key',
  ],
  'tickets.ticket_id': ['~id', '~#'],
  'transactions.order_id': ['~id'],
  call_id: [
    'call_id', 'call id', 'call', 'call sid', 'call uuid', 'callid', '~id', 'شناسه تماس', 'تماس', 'รหัสการโทร',
    'การโทร', '通話編號', '來電編號', '通话id',
  ],
  order_id: [
    'order_id', 'order id', 'order', 'order number', 'order no', 'invoice', 'invoice no', 'invoice number',
    'invoiceno', 'invoice id', 'transaction id', 'receipt', 'receipt no', 'charge id', 'payment id', 'deal id',
    'سفارش', 'شماره سفارش', 'شماره فاکتور', 'فاکتور', 'คำสั่งซื้อ', 'เลขที่ใบแจ้งหนี้', 'เลขที่คำสั่งซื้อ',
    '訂單', '訂單編號', '發票號碼', '单号',
  ],
  agent: [
    'agent', 'agent name', 'assignee', 'assignee name', 'assigned to', 'owner', 'rep', 'sales rep', 'csm',
    'account manager', 'teammate', 'responder', 'handled by', 'employee', 'staff', 'agent email', 'admin',
    'assigned agent', 'ticket owner', 'deal owner', 'contact owner',
    'کارشناس', 'نماینده', 'پشتیبان', 'اپراتور', 'เจ้าหน้าที่', 'พนักงาน', 'ผู้รับผิดชอบ', '客服人員', '專員', '客服', '負責人', '處理人員',
  ],
  // --- dates ----------------------------------------------------------------------------------
  'subscriptions.start_date': [
    'start_date', 'start date', 'start', 'started', 'started at', 'start at', 'subscription start', 'signup date',
    'sign up date', 'signed up', 'signup', 'activation date', 'activated at', 'subscribed at', 'subscription date',
    'created', 'created at', 'created date', 'create date', 'join date', 'joined', 'contract start', 'begin date',
    'service start', 'close date', 'became customer date', 'became a customer date',
    'تاریخ شروع', 'تاریخ ثبت نام', 'تاریخ عضویت', 'شروع', 'วันที่เริ่ม', 'วันที่สมัคร', 'วันเริ่มต้น',
    '開始日期', '註冊日期', '開始時間', '訂閱日期', '起始日期',
    '开通日期', '開通日期', '开通时间', '生效日期', '开始日期', '注册日期', 'تاریخ فعال سازی', 'تاریخ خرید اشتراک', 'วันที่เปิดใช้งาน', 'วันที่เริ่มใช้งาน',
    'subscription[started_at]', 'subscription[activated_at]', 'subscription[created_at]',
  ],
  // --- customer snapshots (one row per customer: IBM telco, CRM exports) -----------------------
  'customers.tenure': [
    'tenure', 'tenure months', 'tenure in months', 'customer tenure', 'months as customer', 'months subscribed',
    'months active', 'lifetime months', 'مدت عضویت', 'مدت اشتراک', 'سابقه مشتری', 'อายุสมาชิก', 'ระยะเวลาเป็นลูกค้า',
    '在網時長', '使用月數', '客戶年資', '在网月数',
  ],
  'customers.monthly_amount': [
    'monthly charges', 'monthly charge', 'monthlycharges', 'monthly amount', 'monthly fee', 'monthly price',
    'monthly revenue', 'mrr', 'monthly bill', 'monthly payment', 'هزینه ماهانه', 'مبلغ ماهانه', 'شهریه ماهانه',
    'ค่าบริการรายเดือน', 'ค่าใช้จ่ายรายเดือน', '月費', '每月費用', '月租费',
  ],
  'customers.churned': [
    'churn', 'churned', 'is churned', 'churn flag', 'has churned', 'exited', 'attrition', 'attrition flag', 'left',
    'cancelled', 'canceled', 'ریزش', 'ریزش کرده', 'لغو شده', 'ยกเลิก', 'เลิกใช้บริการ', '流失', '是否流失', '已流失',
  ],
  'customers.contract': ['contract', 'contract type', 'contract term', 'term', 'نوع قرارداد', 'قرارداد', 'ประเภทสัญญา', 'สัญญา', '合約類型', '合約', '合同类型'],
  'customers.payment_method': [
    'payment method', 'paymentmethod', 'payment type', 'pay method', 'روش پرداخت', 'نحوه پرداخت', 'วิธีชำระเงิน',
    'ช่องทางการชำระเงิน', '付款方式', '支付方式',
  ],
  'customers.signup_date': [
    'signup date', 'sign up date', 'signed up', 'join date', 'joined', 'customer since', 'start date', 'created at',
    'تاریخ عضویت', 'تاریخ ثبت نام', 'วันที่สมัคร', '註冊日期', '開通日期',
  ],
  'customers.cancel_date': [
    'cancel date', 'cancellation date', 'churn date', 'churned at', 'end date', 'canceled at', 'cancelled at',
    'تاریخ لغو', 'วันที่ยกเลิก', '取消日期', '流失日期',
  ],
  'subscriptions.end_date': [
    'end_date', 'end date', 'end', 'ended', 'ended at', 'ends at', 'cancel date', 'cancellation date', 'canceled at',
    'cancelled at', 'canceled', 'cancelled', 'cancel at', 'cancelled date', 'churn date', 'churned at', 'churned on',
    'termination date', 'terminated at', 'contract end', 'expiry date', 'expiration date', 'expires at',
    'تاریخ لغو', 'تاریخ پایان', 'تاریخ انقضا', 'لغو', 'วันที่ยกเลิก', 'วันที่สิ้นสุด', 'วันหมดอายุ',
    '取消日期', '結束日期', '到期日', '終止日期', '流失日期',
    '到期日期', '到期时间', '退订日期', '取消时间', 'تاریخ اتمام', 'تاریخ انصراف', 'วันที่หมดอายุ',
    'subscription[cancelled_at]',
  ],
  trial_start: [
    'trial_start', 'trial start', 'trial started', 'trial start date', 'trial started at', 'trial begin',
    'شروع آزمایشی', 'تاریخ شروع آزمایشی', 'วันที่เริ่มทดลองใช้', '試用開始', '試用開始日期',
  ],
  trial_end: [
    'trial_end', 'trial end', 'trial ends', 'trial end date', 'trial ended at', 'trial ends at',
    'پایان آزمایشی', 'تاریخ پایان آزمایشی', 'วันที่สิ้นสุดทดลองใช้', '試用結束', '試用結束日期',
  ],
  'trials.trial_start': ['~start', '~start date', '~started at', '~created', '~created at', '~signup date', '~signed up'],
  converted_at: [
    'converted_at', 'converted at', 'conversion date', 'converted on', 'paid at', 'upgraded at', 'first payment date',
    'تاریخ تبدیل', 'วันที่เปลี่ยนเป็นลูกค้า', '轉換日期', '付費日期',
  ],
  converted: ['converted', 'is converted', 'paid', 'became paying', 'conversion', 'تبدیل شده', 'เปลี่ยนเป็นลูกค้า', '已轉換', '是否付費'],
  due_date: [
    'due_date', 'due date', 'renewal date', 'renewal due', 'renewal due date', 'next renewal', 'expiry date',
    'expiration date', 'contract end', 'term end', 'تاریخ تمدید', 'سررسید', 'วันครบกำหนด', 'วันต่ออายุ',
    '續約日期', '到期日', '續訂日期',
  ],
  renewed: ['renewed', 'is renewed', 'renewal', 'renewal status', 'تمدید شد', 'تمدید', 'ต่ออายุแล้ว', 'ต่ออายุ', '已續約', '續約'],
  renewed_at: ['renewed_at', 'renewed at', 'renewed on', 'renewal completed', 'تاریخ تمدید شده', 'วันที่ต่ออายุ', '續約完成日期'],
  'transactions.date': [
    'date', 'invoice date', 'invoicedate', 'order date', 'transaction date', 'purchase date', 'payment date',
    'paid at', 'created', 'created at', 'created date', 'charge date', 'sale date', 'timestamp', 'close date',
    'تاریخ', 'تاریخ خرید', 'تاریخ فاکتور', 'تاریخ سفارش', 'วันที่', 'วันที่ซื้อ', 'วันที่สั่งซื้อ',
    '日期', '交易日期', '訂單日期', '購買日期',
    'billed at', 'billed date', 'billing date',
  ],
  'mrr_snapshots.month': [
    'month', 'period', 'snapshot month', 'snapshot date', 'date', 'billing month', 'as of', 'ماه', 'دوره',
    'เดือน', 'งวด', '月份', '月', '期間',
  ],
  'costs.period': ['period', 'month', 'date', 'cost date', 'expense date', 'ماه', 'دوره', 'تاریخ', 'งวด', 'เดือน', 'วันที่', '期間', '月份', '日期'],
  // KPI targets as a team's plan writes them.
  'targets.metric': ['metric', 'kpi', 'measure', 'indicator', 'metric name', 'kpi name', 'شاخص', 'معیار', 'نام شاخص', 'ตัวชี้วัด', 'ชื่อตัวชี้วัด', '指標', '指标', '指標名稱', '指标名称', '衡量指標'],
  'targets.period': ['period', 'month', 'quarter', 'year', 'target period', 'دوره', 'ماه', 'فصل', 'سال', 'بازه', 'งวด', 'ช่วงเวลา', 'เดือน', 'ไตรมาส', 'ปี', '期間', '期间', '月份', '季度', '年度', '月', '季'],
  'targets.target': ['target', 'goal', 'target value', 'goal value', 'objective', 'quota', 'هدف', 'مقدار هدف', 'ارزش هدف', 'เป้าหมาย', 'ค่าเป้าหมาย', '目標', '目标', '目標值', '目标值'],
  'targets.segment': ['segment', 'plan', 'team', 'region', 'country', 'agent', 'بخش', 'گروه', 'تیم', 'กลุ่ม', 'ทีม', 'ภูมิภาค', '區隔', '细分', '分群', '團隊', '团队', '區域', '区域'],
  'events.date': ['date', 'event date', 'day', 'when', 'تاریخ', 'تاریخ رویداد', 'วันที่', 'วันที่เหตุการณ์', '日期', '事件日期'],
  created_at: [
    'created_at', 'created at', 'created', 'created date', 'creation date', 'date created', 'opened at', 'opened',
    'submitted at', 'received at', 'ticket created', 'create date', 'conversation started at', 'request date',
    'تاریخ ایجاد', 'زمان ایجاد', 'تاریخ ثبت', 'วันที่สร้าง', 'เวลาที่สร้าง', 'วันที่เปิด', '建立時間', '建立日期', '創建時間', '提交時間',
    'زمان ثبت', 'تاریخ ثبت درخواست', 'زمان ایجاد درخواست', 'เวลาแจ้ง', 'วันที่แจ้ง', '创建时间', '提交时间', '建單時間',
  ],
  first_response_at: [
    'first_response_at', 'first response at', 'first response', 'first replied at', 'first reply at', 'first reply',
    'first reply time', 'first response time', 'first responded at', 'time to first response', 'first agent reply',
    'first admin reply at', 'first response date',
    'اولین پاسخ', 'زمان اولین پاسخ', 'ตอบกลับครั้งแรก', 'เวลาตอบกลับครั้งแรก', '首次回覆', '首次回覆時間', '首次響應時間',
  ],
  resolved_at: [
    'resolved_at', 'resolved at', 'resolved', 'solved at', 'solved', 'closed at', 'closed', 'closed date',
    'resolution date', 'resolved date', 'date closed', 'time closed', 'full resolution time', 'resolution time',
    'حل شده', 'بسته شده', 'تاریخ حل', 'تاریخ بسته شدن', 'زمان حل', 'แก้ไขแล้ว', 'ปิด', 'วันที่ปิด', 'เวลาที่แก้ไข',
    '已解決', '關閉時間', '解決時間', '結案時間',
  ],
  received_at: [
    'received_at', 'received at', 'received', 'call start', 'call started', 'started at', 'start time', 'call time',
    'date time', 'datetime', 'call date', 'timestamp', 'time', 'زمان تماس', 'تاریخ تماس', 'เวลาโทร', 'วันที่โทร', '來電時間', '通話時間',
  ],
  answered_at: ['answered_at', 'answered at', 'answer time', 'picked up at', 'connected at', 'زمان پاسخ', 'เวลารับสาย', '接聽時間'],
  responded_at: [
    'responded_at', 'responded at', 'response date', 'date', 'submitted at', 'submitted', 'survey date', 'created at',
    'received at', 'completed at', 'timestamp', 'rated at', 'answered at', 'date submitted',
    'تاریخ', 'تاریخ پاسخ', 'تاریخ نظرسنجی', 'วันที่', 'วันที่ตอบ', 'วันที่ตอบแบบสอบถาม', '日期', '填寫日期', '回覆日期', '提交時間',
    '填答日期', '填答時間', '作答時間', '提交日期', 'submission date', 'submitted on', 'submit date', 'submitted date', 'تاریخ ثبت', 'زمان پاسخ', 'วันที่ส่ง', 'ประทับเวลา',
    'date created', 'recorded date', 'recordeddate', 'end time',
  ],
  timestamp: [
    'timestamp', 'time', 'event time', 'occurred at', 'date', 'datetime', 'created at', 'event timestamp',
    'session start', 'started at', 'login time', 'زمان', 'تاریخ', 'เวลา', 'วันที่', '時間', '事件時間', '日期',
  ],
  session_end: ['session_end', 'session end', 'ended at', 'end time', 'logout time', 'پایان نشست', 'สิ้นสุดเซสชัน', '結束時間'],
  // --- amounts --------------------------------------------------------------------------------
  mrr: [
    'mrr', 'monthly recurring revenue', 'monthly revenue', 'monthly charges', 'monthly charge', 'monthly fee',
    'monthly amount', 'monthly price', 'mrr amount', 'recurring revenue', 'monthly value', 'mrr usd',
    'درآمد ماهانه', 'درآمد مکرر ماهانه', 'شارژ ماهانه', 'รายได้ประจำรายเดือน', 'รายได้ต่อเดือน', 'ค่าบริการรายเดือน',
    '每月經常性收入', '月收入', '每月費用', '月費',
    'مبلغ ماهانه', 'هزینه ماهانه', 'اشتراک ماهانه', 'ค่าบริการต่อเดือน', 'ยอดรายเดือน', '月费', '每月费用', '月租', '月租費',
    'subscription[mrr]',
  ],
  amount: [
    'amount', 'price', 'total', 'value', 'revenue', 'sales', 'sale amount', 'charge', 'charge amount', 'amount paid',
    'paid amount', 'net amount', 'gross amount', 'total amount', 'order total', 'invoice total', 'subtotal',
    'plan amount', 'plan price', 'unit amount', 'recurring price', 'deal amount', 'cost', 'spend', 'fee',
    'مبلغ', 'قیمت', 'مبلغ کل', 'جمع', 'هزینه', 'จำนวนเงิน', 'ราคา', 'ยอดเงิน', 'ยอดรวม', 'ค่าใช้จ่าย', '金額', '價格', '總額', '費用', '金额',
  ],
  billing_interval: [
    'billing_interval', 'billing interval', 'interval', 'billing period', 'billing cycle', 'billing frequency',
    'plan interval', 'frequency', 'period unit', 'billing period unit', 'recurrence', 'term',
    'دوره پرداخت', 'دوره صورتحساب', 'รอบบิล', 'รอบการชำระ', '計費週期', '付款週期',
  ],
  // --- text fields ----------------------------------------------------------------------------
  plan: [
    'plan', 'plan name', 'plan id', 'product', 'product name', 'package', 'tier', 'subscription plan', 'price id',
    'edition', 'طرح', 'پلن', 'بسته', 'แผน', 'แพ็กเกจ', '方案', '方案名稱', '套餐',
    'نام طرح', 'نام پلن', 'نوع اشتراک', 'نام بسته', 'ชื่อแพ็กเกจ', 'ชื่อแผน', '方案名称', '套餐名称', '版本',
    'subscription[plan_id]', 'plan_code', 'plan code',
  ],
  'subscriptions.status': ['status', 'subscription status', 'state', 'وضعیت', 'สถานะ', '狀態'],
  'tickets.status': ['status', 'ticket status', 'state', 'وضعیت', 'สถานะ', '狀態', '工單狀態'],
  churn_type: ['churn_type', 'churn type', 'churn reason type', 'cancellation type', 'cancel type', 'نوع ریزش', 'ประเภทการเลิกใช้งาน', '流失類型'],
  term_months: ['term_months', 'term months', 'term', 'contract term', 'contract length', 'commitment months', 'مدت قرارداد', 'ระยะสัญญา', '合約期'],
  'transactions.type': [
    'type', 'transaction type', 'kind', 'category', 'revenue type', 'line type', 'نوع', 'نوع تراکنش', 'ประเภท', 'ประเภทรายการ', '類型', '交易類型',
  ],
  channel: [
    'channel', 'via', 'source', 'medium', 'contact channel', 'ticket channel', 'channel type', 'origin',
    'کانال', 'منبع', 'ช่องทาง', '渠道', '管道', '來源',
  ],
  request_type: [
    'request_type', 'request type', 'type', 'ticket type', 'category', 'topic', 'issue type', 'reason', 'group',
    'tags', 'نوع درخواست', 'دسته', 'موضوع', 'ประเภทคำขอ', 'หมวดหมู่', '請求類型', '類別', '問題類型',
  ],
  comment: [
    'comment', 'comments', 'feedback', 'verbatim', 'remarks', 'response text', 'reason', 'why', 'text', 'notes',
    'open feedback', 'what could we improve', 'نظر', 'توضیحات', 'بازخورد', 'ความคิดเห็น', 'ข้อเสนอแนะ', '意見', '評論', '留言', '备注',
    'response', 'responses', 'open response', 'open ended response', 'additional comments', 'tell us more', 'reason for score', 'why did you give this score', 'توضیح', 'نظر شما', 'ความเห็น', '意见', '评论', '建議', '建议',
    'دلیل', 'دلیل امتیاز', 'main reason', 'reason for your score',
  ],
  touchpoint: ['touchpoint', 'touch point', 'survey name', 'journey', 'stage', 'نقطه تماس', 'จุดสัมผัส', '接觸點'],
  feature: ['feature', 'feature name', 'event', 'event name', 'action', 'page', 'module', 'ویژگی', 'رویداد', 'ฟีเจอร์', 'เหตุการณ์', '功能', '事件'],
  category: ['category', 'cost category', 'expense category', 'type', 'item', 'account', 'دسته', 'دسته بندی', 'หมวดหมู่', '類別', '項目'],
  kind: ['kind', 'cost kind', 'cost type', 'purpose', 'retention or acquisition', 'نوع هزینه', 'ประเภทค่าใช้จ่าย', '費用類型'],
  label: ['label', 'event', 'event name', 'title', 'annotation', 'رویداد', 'عنوان', 'เหตุการณ์', 'ชื่อ', '事件', '標題'],
  survey: ['survey', 'survey type', 'survey name', 'metric', 'question type', 'نوع نظرسنجی', 'ประเภทแบบสอบถาม', '問卷類型'],
  // --- numbers --------------------------------------------------------------------------------
  score: [
    'score', 'rating', 'nps', 'nps score', 'csat', 'csat score', 'ces', 'ces score', 'esat', 'satisfaction',
    'satisfaction score', 'satisfaction rating', 'rating value', 'likelihood to recommend', 'how likely', 'answer',
    'recommend', 'effort', 'effort score', 'vote',
    'امتیاز', 'نمره', 'امتیاز خالص مروج', 'امتیاز رضایت مشتری', 'امتیاز تلاش مشتری', 'رضایت',
    'คะแนน', 'คะแนนโปรโมเตอร์สุทธิ', 'คะแนนความพึงพอใจของลูกค้า', 'คะแนนความพยายามของลูกค้า', 'ความพึงพอใจ',
    '分數', '評分', '淨推薦值', '客戶滿意度', '客戶費力度', '滿意度',
    '推薦意願', '推薦程度', '推荐度', '打分', '评分', 'likelihood to recommend score', 'how likely are you to recommend', 'امتیاز شما', 'امتیاز دهی', 'คะแนนที่ให้', 'ให้คะแนน',
    'how satisfied', 'satisfied', 'احتمال توصیه', 'توصیه کنید', 'میزان رضایت',
  ],
  'tickets.csat': ['csat', 'satisfaction', 'satisfaction score', 'satisfaction rating', 'rating', 'رضایت', 'คะแนนความพึงพอใจ', '滿意度'],
  agent_replies: ['agent_replies', 'agent replies', 'agent interactions', 'replies', 'agent messages', 'number of replies', 'admin replies', 'reply count', 'تعداد پاسخ', 'จำนวนการตอบกลับ', '回覆次數'],
  customer_replies: ['customer_replies', 'customer replies', 'customer interactions', 'requester replies', 'customer messages', 'user replies', 'پاسخ های مشتری', 'การตอบกลับของลูกค้า', '客戶回覆次數'],
  contacts: ['contacts', 'interactions', 'touches', 'contact count', 'number of contacts', 'تعداد تماس', 'จำนวนการติดต่อ', '聯繫次數'],
  first_contact_resolved: [
    'first_contact_resolved', 'first contact resolved', 'fcr', 'resolved on first contact', 'one touch',
    'one touch resolution', 'حل در اولین تماس', 'การแก้ปัญหาในการติดต่อครั้งแรก', '首次聯繫解決', '首次聯繫解決率',
  ],
  reopened: ['reopened', 'reopens', 'reopen count', 'reopened count', 'بازگشایی', 'เปิดใหม่', '重開次數', '重新開啟'],
  handle_time: [
    'handle_time', 'handle time', 'handling time', 'aht', 'work time', 'agent work time', 'time spent', 'talk time',
    'زمان رسیدگی', 'เวลาจัดการ', '處理時間',
  ],
  wait_time: ['wait_time', 'wait time', 'queue time', 'hold time', 'time in queue', 'ring time', 'زمان انتظار', 'เวลารอ', '等待時間'],
  answered: ['answered', 'is answered', 'answered call', 'picked up', 'connected', 'پاسخ داده شد', 'รับสาย', '已接聽', '接聽'],
  duration: ['duration', 'session duration', 'time spent', 'session length', 'seconds', 'مدت', 'ระยะเวลา', '時長', '持續時間'],
};

/** A synonym in normalized form, with a weight below 1 for weak ones (written "~id" in GLOSSARY). */
export interface Synonym { text: string; weight: number }

/** Synonyms of a field for a dataset, most specific first, each normalized. */
export function fieldSynonyms(dataset: DatasetId, field: string): Synonym[] {
  const specific = GLOSSARY[`${dataset}.${field}`] ?? [];
  const generic = GLOSSARY[field] ?? [];
  const seen = new Set<string>();
  const out: Synonym[] = [];
  for (const raw of [...specific, ...generic]) {
    const weak = raw.startsWith('~');
    const text = normalizeHeader(weak ? raw.slice(1) : raw);
    if (!text || seen.has(text)) continue;
    seen.add(text);
    out.push({ text, weight: weak ? 0.75 : 1 });
  }
  return out;
}

const CJK = /[\u3400-\u9fff]/;

/**
 * How well a header names a field, 0..1: 1 = a synonym exactly; less when the header merely
 * contains a synonym ("Canceled At (UTC)", "Customer ID (Stripe)"), scaled by how much of the
 * header the synonym covers.
 */
export function headerScore(header: string, synonyms: readonly Synonym[]): { score: number; synonym: string | null } {
  const norm = normalizeHeader(header);
  if (!norm) return { score: 0, synonym: null };
  const bare = stripHeaderNoise(norm);
  let best = 0;
  let bestSyn: string | null = null;
  synonyms.forEach(({ text: syn, weight }, i) => {
    // Earlier (more specific) synonyms win ties.
    const rankPenalty = Math.min(i, 40) * 0.0005;
    let s = 0;
    if (syn === norm || syn === bare) s = 1;
    else {
      const minLen = CJK.test(syn) ? 2 : 4;
      if (syn.length >= minLen && bare.includes(syn)) s = 0.55 + 0.35 * (syn.length / bare.length);
    }
    s = s * weight - rankPenalty;
    if (s > best) { best = s; bestSyn = syn; }
  });
  return { score: Math.max(0, best), synonym: bestSyn };
}

/** Header words that say the survey type of a score column. */
export const SURVEY_HINTS: ReadonlyArray<{ survey: 'nps' | 'csat' | 'ces' | 'esat'; words: string[] }> = [
  { survey: 'nps', words: ['nps', 'recommend', 'likelihood', 'promoter', 'امتیازخالصمروج', 'توصیه', 'คะแนนโปรโมเตอร์สุทธิ', 'แนะนำ', '净推荐值', '推荐'] },
  { survey: 'ces', words: ['ces', 'effort', 'easy', 'ease', 'امتیازتلاشمشتری', 'تلاش', 'คะแนนความพยายามของลูกค้า', 'ความพยายาม', '客户费力度', '费力'] },
  { survey: 'esat', words: ['esat', 'employee', 'کارمند', 'พนักงาน', '员工'] },
  { survey: 'csat', words: ['csat', 'satisf', 'رضایت', 'ความพึงพอใจ', '满意'] },
];

/** Survey type named by a header, if any. */
export function surveyFromHeader(header: string): 'nps' | 'csat' | 'ces' | 'esat' | null {
  const norm = normalizeHeader(header);
  for (const h of SURVEY_HINTS) if (h.words.some((w) => norm.includes(normalizeHeader(w)))) return h.survey;
  return null;
}

// --- value vocabularies (read by normalization; folded with normalizeHeader) -------------------

const INTERVAL_WORDS: ReadonlyArray<[number, string[]]> = [
  [1, ['month', 'monthly', 'mo', 'mon', 'm', 'months', 'permonth', '1month', 'ماهانه', 'ماه', 'ماهیانه', 'รายเดือน', 'เดือน', '月', '每月', '月繳', '月付']],
  [3, ['quarter', 'quarterly', 'q', '3months', 'سه ماهه', 'فصلی', 'รายไตรมาส', 'ไตรมาส', '季', '每季', '季繳', '季付']],
  [6, ['halfyear', 'half-year', 'semiannual', 'semiannually', 'biannual', '6months', 'شش ماهه', 'ราย6เดือน', 'รายครึ่งปี', '半年', '半年繳']],
  [12, ['year', 'yearly', 'annual', 'annually', 'y', 'yr', 'peryear', '12months', 'سالانه', 'سال', 'سالیانه', 'รายปี', 'ปี', '年', '每年', '年繳', '年付', '年度']],
  [12 / 52, ['week', 'weekly', 'w', 'wk', 'perweek', 'هفتگی', 'هفته', 'รายสัปดาห์', 'สัปดาห์', '週', '每週', '周', '每周']],
  [12 / 365, ['day', 'daily', 'd', 'روزانه', 'รายวัน', '日', '每日']],
];
const INTERVAL_BY_WORD = new Map<string, number>();
for (const [months, words] of INTERVAL_WORDS) for (const w of words) INTERVAL_BY_WORD.set(normalizeHeader(w), months);

/**
 * Months per billing interval written as a word ("year", "Annual", "سالانه"), a number of months
 * ("3", "3 months", "every 6 months") or Stripe/Chargebee style "1 year"/"2 week"; null when unknown.
 */
export function billingIntervalMonths(text: string): number | null {
  const t = latinDigits(text.normalize('NFKC')).trim().toLowerCase();
  if (!t) return null;
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return n > 0 ? n : null;
  }
  const m = /^(?:every\s+)?(\d+(?:\.\d+)?)\s*[-_ ]?\s*(.+)$/.exec(t);
  if (m) {
    const unit = INTERVAL_BY_WORD.get(normalizeHeader(m[2]!));
    const n = Number(m[1]);
    if (unit !== undefined && n > 0) return n * unit;
  }
  return INTERVAL_BY_WORD.get(normalizeHeader(t)) ?? null;
}

const TRUE_WORDS = ['true', 'yes', 'y', '1', 't', 'x', 'answered', 'renewed', 'converted', 'resolved', 'بله', 'آری', 'درست', 'ใช่', 'จริง', '是', '對', '对', '真'];
const FALSE_WORDS = ['false', 'no', 'n', '0', 'f', 'missed', 'abandoned', 'unanswered', 'notrenewed', 'churned', 'خیر', 'نه', 'غلط', 'ไม่', 'ไม่ใช่', 'เท็จ', '否', '不是', '假'];
const BOOL_BY_WORD = new Map<string, 0 | 1>([
  ...TRUE_WORDS.map((w) => [normalizeHeader(w), 1] as [string, 1]),
  ...FALSE_WORDS.map((w) => [normalizeHeader(w), 0] as [string, 0]),
]);

/** 1/0 for a yes/no word in any of the supported languages; null when not one. */
export function booleanFromText(text: string): 0 | 1 | null {
  const norm = normalizeHeader(text);
  if (!norm) return null;
  return BOOL_BY_WORD.get(norm) ?? null;
}

/** Survey type named by a cell value ("NPS", "csat survey"); null when not one. */
export function surveyFromValue(text: string): SurveyKind | null {
  const norm = normalizeHeader(text);
  for (const k of SURVEY_KINDS) if (norm === k || norm.startsWith(k + 'survey')) return k;
  return surveyFromHeader(text);
}

const CHANNEL_WORDS: ReadonlyArray<[string, string[]]> = [
  ['email', ['email', 'e-mail', 'mail', 'emails', 'ایمیل', 'پست الکترونیک', 'อีเมล', '電子郵件', '郵件', '邮件', '電郵']],
  ['web_form', ['web_form', 'web form', 'web', 'webform', 'form', 'portal', 'help center', 'web widget', 'فرم', 'وب', 'فرم وب', 'เว็บ', 'แบบฟอร์ม', '網頁表單', '表單', '網站']],
  ['phone', ['phone', 'voice', 'call', 'telephone', 'tel', 'تلفن', 'تماس', 'تماس تلفنی', 'โทรศัพท์', 'โทร', '電話', '电话', '來電']],
  ['chat', ['chat', 'live chat', 'livechat', 'messaging', 'messenger', 'widget', 'in-app', 'چت', 'گفتگو', 'แชท', '聊天', '線上客服', '即時通訊', '在線客服']],
  ['social', ['social', 'facebook', 'twitter', 'x', 'instagram', 'linkedin', 'whatsapp', 'telegram', 'line', 'wechat', 'شبکه اجتماعی', 'اینستاگرام', 'تلگرام', 'โซเชียล', 'ไลน์', '社群', '社交媒體', '微信']],
];
const CHANNEL_BY_WORD = new Map<string, string>();
for (const [id, words] of CHANNEL_WORDS) for (const w of words) CHANNEL_BY_WORD.set(normalizeHeader(w), id);

// Words also recognised inside longer values ("Phone call (incoming)", "Live chat session"),
// longest first; short or ambiguous words ("x", "web", "line") only count as the whole value.
const CHANNEL_CONTAINED = [...CHANNEL_BY_WORD.entries()]
  .filter(([w]) => (CJK.test(w) ? w.length >= 2 : w.length >= 4) && w !== 'line')
  .sort((a, b) => b[0].length - a[0].length);

/** The FRT-target channel id (email, web_form, phone, chat, social) of a channel value; else the value in lower case. */
export function canonicalChannel(text: string): string {
  const norm = normalizeHeader(text);
  const exact = CHANNEL_BY_WORD.get(norm);
  if (exact) return exact;
  for (const [w, id] of CHANNEL_CONTAINED) if (norm.includes(w)) return id;
  return text.trim().toLowerCase();
}

const TXN_TYPE_WORDS: ReadonlyArray<[string, string[]]> = [
  ['recurring', ['recurring', 'subscription', 'renewal', 'رکورینگ', 'اشتراک', 'تمدید', 'สมาชิก', 'ต่ออายุ', '訂閱', '續約']],
  ['one_off', ['one_off', 'one-off', 'one off', 'oneoff', 'one time', 'one-time', 'single', 'یکباره', 'ครั้งเดียว', '一次性']],
  ['upsell', ['upsell', 'up-sell', 'upgrade', 'ارتقا', 'فروش بیشتر', 'อัปเซล', '追加銷售', '升級']],
  ['cross_sell', ['cross_sell', 'cross-sell', 'cross sell', 'crosssell', 'فروش متقابل', 'ครอสเซล', '交叉銷售']],
  ['add_on', ['add_on', 'add-on', 'add on', 'addon', 'افزونه', 'ส่วนเสริม', '加購', '附加']],
  ['refund', ['refund', 'return', 'credit', 'credit note', 'chargeback', 'cancellation', 'cancelled', 'canceled', 'بازپرداخت', 'مرجوعی', 'คืนเงิน', 'คืนสินค้า', '退款', '退貨']],
];
const TXN_TYPE_BY_WORD = new Map<string, string>();
for (const [id, words] of TXN_TYPE_WORDS) for (const w of words) TXN_TYPE_BY_WORD.set(normalizeHeader(w), id);

/** The METRICS.md transaction type of a value (upsell, cross_sell, add_on, refund…); else it in snake case. */
export function canonicalTransactionType(text: string): string {
  return TXN_TYPE_BY_WORD.get(normalizeHeader(text)) ?? text.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** Seconds per unit a header names ("… in minutes", "(hrs)", "ثانیه"), or null when it names none. */
export function durationUnitSeconds(header: string): number | null {
  const h = header.toLowerCase();
  if (/\b(sec|secs|second|seconds)\b|\(s\)|ثانیه|วินาที|秒/.test(h)) return 1;
  if (/\b(min|mins|minute|minutes)\b|\(m\)|دقیقه|นาที|分鐘|分钟/.test(h)) return 60;
  if (/\b(hr|hrs|hour|hours)\b|\(h\)|ساعت|ชั่วโมง|小時|小时/.test(h)) return 3600;
  if (/\b(day|days)\b|روز|วัน|天/.test(h)) return 86400;
  return null;
}

// --- month headers of wide sheets (a column per month) ------------------------------------------

const MONTH_NAMES: ReadonlyArray<[number, string[]]> = [
  [1, ['jan', 'january', 'فروردین', 'ม.ค.', 'มกราคม']], [2, ['feb', 'february', 'اردیبهشت', 'ก.พ.', 'กุมภาพันธ์']],
  [3, ['mar', 'march', 'خرداد', 'มี.ค.', 'มีนาคม']], [4, ['apr', 'april', 'تیر', 'เม.ย.', 'เมษายน']],
  [5, ['may', 'مرداد', 'พ.ค.', 'พฤษภาคม']], [6, ['jun', 'june', 'شهریور', 'มิ.ย.', 'มิถุนายน']],
  [7, ['jul', 'july', 'مهر', 'ก.ค.', 'กรกฎาคม']], [8, ['aug', 'august', 'آبان', 'ส.ค.', 'สิงหาคม']],
  [9, ['sep', 'sept', 'september', 'آذر', 'ก.ย.', 'กันยายน']], [10, ['oct', 'october', 'دی', 'ต.ค.', 'ตุลาคม']],
  [11, ['nov', 'november', 'بهمن', 'พ.ย.', 'พฤศจิกายน']], [12, ['dec', 'december', 'اسفند', 'ธ.ค.', 'ธันวาคม']],
];
const MONTH_BY_NAME = new Map<string, { m: number; persian: boolean }>();
for (const [m, names] of MONTH_NAMES) {
  for (const n of names) MONTH_BY_NAME.set(n.replace(/\./g, ''), { m, persian: /[\u0600-\u06ff]/.test(n) });
}

/** The calendar a written year belongs to (Jalali 13xx–14xx, Buddhist 24xx+, ROC 1–3 digits). */
function calendarOfWrittenYear(y: number, digits: number): 'gregorian' | 'persian' | 'buddhist' | 'roc' {
  if (digits <= 3 && y < 200) return 'roc';
  if (y >= 1300 && y < 1600) return 'persian';
  if (y >= 2400) return 'buddhist';
  return 'gregorian';
}

/**
 * The month a column header names in a wide sheet ("2024-01", "01/2024", "Jan 2024", "Jan-24",
 * "2024年1月", "113年1月", "فروردین ۱۴۰۳", "ม.ค. 2567"), with its calendar; null otherwise.
 */
export function monthFromHeader(header: string): { y: number; m: number; calendar: 'gregorian' | 'persian' | 'buddhist' | 'roc' } | null {
  const h = latinDigits(header.normalize('NFKC')).trim().toLowerCase().replace(/\u200c/g, ' ');
  let m: RegExpExecArray | null;
  const out = (y: number, mo: number, digits: number) => (mo >= 1 && mo <= 12 ? { y, m: mo, calendar: calendarOfWrittenYear(y, digits) } : null);
  if ((m = /^(\d{4})[-/.](\d{1,2})$/.exec(h))) return out(+m[1]!, +m[2]!, 4);
  if ((m = /^(\d{1,2})[-/.](\d{4})$/.exec(h))) return out(+m[2]!, +m[1]!, 4);
  if ((m = /^(\d{2,4})\s*年\s*(\d{1,2})\s*月$/.exec(h))) return out(+m[1]!, +m[2]!, m[1]!.length);
  const named = (name: string, year: string) => {
    const hit = MONTH_BY_NAME.get(name.replace(/\./g, ''));
    if (!hit) return null;
    let y = +year;
    if (year.length === 2 && !hit.persian) y += 2000;
    return out(y, hit.m, year.length === 2 ? 4 : year.length);
  };
  if ((m = /^([^\d\s\-'’/]+)[\s\-'’/]*(\d{2}|\d{4})$/.exec(h))) return named(m[1]!, m[2]!);
  if ((m = /^(\d{4})[\s\-/]*([^\d\s\-/]+)$/.exec(h))) return named(m[2]!, m[1]!);
  return null;
}
