// Channel names as help desks export them ("E-mail", "Web form", "Twitter", "ایمیل", "โทรศัพท์",
// "電話"…) mapped to the channels the parameters speak of (frt.target.<channel>).
import { canonicalChannel as glossaryChannel } from '../../mapping/glossary';
import { paramNumber } from '../params';
import type { Params } from '../types';
import { slug } from './support-common';

export type CanonicalChannel = 'email' | 'web_form' | 'phone' | 'chat' | 'social' | 'self_service';

// Self-service resources are not a contact channel of the mapping glossary; recognised here first
// (tickets opened from a help center / knowledge base, usage features of that kind).
const SELF_SERVICE_WORDS = new Set(['selfservice', 'helpcenter', 'helpcentre', 'knowledgebase', 'kb', 'faq', 'faqs', 'community', 'forum', 'docs',
  'documentation', 'مرکزراهنما', 'پرسشهایمتداول', 'سوالاتمتداول', 'پایگاهدانش', 'ศูนย์ช่วยเหลือ', 'คำถามที่พบบ่อย', '常見問題', '常见问题',
  '幫助中心', '帮助中心', '知識庫', '知识库']);

const FRT_CHANNELS = new Set<string>(['email', 'web_form', 'phone', 'chat', 'social']);

/**
 * The canonical channel a raw channel name stands for, or null when it is none of them. Contact
 * channels use the mapping glossary's vocabulary (the same the mapping normalises n_tickets.channel
 * with), so "E-mail", "ایمیل", "電話", "Twitter" mean what they mean there.
 */
export function canonicalChannel(raw: string): CanonicalChannel | null {
  if (SELF_SERVICE_WORDS.has(slug(raw))) return 'self_service';
  const ch = glossaryChannel(raw);
  return FRT_CHANNELS.has(ch) ? (ch as CanonicalChannel) : null;
}

/**
 * First-response target in seconds for a raw channel name: `frt.target.<slug of the name>` when
 * the user set one (e.g. frt.target.whatsapp), else the canonical channel's target, else
 * frt.target.default.
 */
export function frtTarget(params: Params, raw: string | null): { seconds: number; channel: string } {
  const fallback = paramNumber(params, 'frt.target.default') ?? 24 * 3600;
  if (raw == null || raw.trim() === '') return { seconds: fallback, channel: 'default' };
  const own = paramNumber(params, `frt.target.${slug(raw)}`);
  if (own != null) return { seconds: own, channel: slug(raw) };
  const ch = canonicalChannel(raw);
  const t = ch ? paramNumber(params, `frt.target.${ch}`) : null;
  return t != null ? { seconds: t, channel: ch! } : { seconds: fallback, channel: 'default' };
}
