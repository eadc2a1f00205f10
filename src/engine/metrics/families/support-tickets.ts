// Ticket facts several support metrics share: when a ticket counts as resolved, and whether it was
// resolved on the first contact.
import { literal, queryAll } from '../../store/database';
import { nt } from '../context';
import type { Period } from '../../../shared/calendar/periods';
import type { MetricContext } from '../types';
import { inOnePeriod, inPeriod, slug } from './support-common';

const TK = nt('tickets');

const RESOLVED_STATUS = new Set([
  'resolved', 'closed', 'solved', 'done', 'completed', 'complete', 'fixed', 'archived',
  'حلشده', 'بستهشده', 'بسته', 'حل', 'مختومه', 'แก้ไขแล้ว', 'ปิด', 'ปิดแล้ว', 'เสร็จสิ้น', 'เสร็จแล้ว',
  '已解決', '已解决', '關閉', '关闭', '已關閉', '已关闭', '完成', '已完成', '結案', '结案',
]);

/** How "resolved" is known: resolved_at (with its day) or, failing that, a closed-like status. */
export interface Resolution {
  /** SQL condition on alias t: the ticket is resolved (as far as the data says now). */
  cond: string;
  /** SQL day of resolution, or null when only the status is known. */
  day: string | null;
  source: 'resolved_at' | 'status';
}

export function resolutionOf(ctx: MetricContext): Resolution | null {
  if (ctx.has('tickets', 'resolved_at')) return { cond: 't.resolved_at IS NOT NULL', day: 't.resolved_at_day', source: 'resolved_at' };
  if (ctx.has('tickets', 'status')) {
    const closed = queryAll(ctx.db, `SELECT DISTINCT status FROM ${TK} WHERE status IS NOT NULL`)
      .map((r) => String(r.status)).filter((s) => RESOLVED_STATUS.has(slug(s)));
    return { cond: closed.length ? `t.status IN (${closed.map(literal).join(', ')})` : '0 = 1', day: null, source: 'status' };
  }
  return null;
}

/** SQL condition: the ticket counts as resolved in period alias p (resolved_at), or created in it and closed (status). */
export function resolvedInPeriod(ctx: MetricContext, r: Resolution): string {
  return r.day ? `${r.cond} AND ${inPeriod(r.day, ctx)}` : `${r.cond} AND ${inPeriod('t.created_at_day', ctx)}`;
}
export function resolvedInOnePeriod(ctx: MetricContext, r: Resolution, period: Period): string {
  return r.day ? `${r.cond} AND ${inOnePeriod(r.day, ctx, period)}` : `${r.cond} AND ${inOnePeriod('t.created_at_day', ctx, period)}`;
}

export interface FcrSql {
  /** 1 when resolved on the first contact and not reopened, else 0. */
  fcr: string;
  /** 1 when the row carries any of the FCR inputs (others are unknown and left out). */
  known: string;
  /** The inputs deciding FCR, in the order they are tried (field ids and thresholds, the same in every language). */
  inputs: string[];
  /** A reopened ticket is never FCR (reopened is mapped). */
  notReopened: boolean;
}

/** First-contact resolution per ticket from whichever inputs are mapped (flag, contacts, agent replies). */
export function fcrSql(ctx: MetricContext, res: Resolution | null): FcrSql | null {
  const resolved = res ? res.cond : '1 = 1';
  const branches: string[] = [];
  const known: string[] = [];
  const names: string[] = [];
  if (ctx.has('tickets', 'first_contact_resolved')) {
    branches.push('WHEN t.first_contact_resolved IS NOT NULL THEN (CASE WHEN t.first_contact_resolved = 1 THEN 1 ELSE 0 END)');
    known.push('t.first_contact_resolved IS NOT NULL'); names.push('first_contact_resolved');
  }
  if (ctx.has('tickets', 'contacts')) {
    branches.push(`WHEN t.contacts IS NOT NULL THEN (CASE WHEN t.contacts <= 1 AND ${resolved} THEN 1 ELSE 0 END)`);
    known.push('t.contacts IS NOT NULL'); names.push('contacts ≤ 1');
  }
  if (ctx.has('tickets', 'agent_replies')) {
    branches.push(`WHEN t.agent_replies IS NOT NULL THEN (CASE WHEN t.agent_replies <= 1 AND ${resolved} THEN 1 ELSE 0 END)`);
    known.push('t.agent_replies IS NOT NULL'); names.push('agent_replies ≤ 1');
  }
  if (!branches.length) return null;
  const reopened = ctx.has('tickets', 'reopened') ? 'WHEN COALESCE(t.reopened, 0) > 0 THEN 0 ' : '';
  return {
    fcr: `(CASE ${reopened}${branches.join(' ')} ELSE 0 END)`,
    known: `(CASE WHEN ${known.join(' OR ')} THEN 1 ELSE 0 END)`,
    inputs: names,
    notReopened: reopened !== '',
  };
}

