// An issue's text in the UI language, with names and numbers in <bdi> so mixed Persian/English
// text keeps its order.
import { useTranslation } from 'react-i18next';
import type { Issue } from '../../shared/types';
import { issueParts, type IssuePart } from '../lib/issues';

export function useIssueParts(): (issue: Issue) => IssuePart[] {
  const { t, i18n } = useTranslation();
  const lookup = (key: string) => (i18n.exists(key) ? (i18n.getResource(i18n.language, 'translation', key) as string | undefined) ?? (i18n.getResource('en', 'translation', key) as string | undefined) : undefined);
  return (issue) => issueParts(issue, t as (key: string, options?: Record<string, unknown>) => string, lookup, i18n.language);
}

export function IssueMessage({ parts }: { parts: readonly IssuePart[] }) {
  return <>{parts.map((p, i) => ('text' in p ? <span key={i}>{p.text}</span> : <bdi key={i}>{p.value}</bdi>))}</>;
}
