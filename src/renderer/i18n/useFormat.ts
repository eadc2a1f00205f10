// Translated unit words and the locale for the pure formatters in lib/format.ts.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormatOptions, UnitLabels } from '../lib/format';

export function useUnitLabels(): UnitLabels {
  const { t, i18n } = useTranslation();
  return useMemo(() => ({
    day: t('unit.day'), hour: t('unit.hour'), minute: t('unit.minute'), second: t('unit.second'),
    months: t('unit.months'), points: t('unit.points'), percentPoints: t('unit.percentPoints'),
  }), [t, i18n.language]);
}

export function useFormatOptions(currencySymbol: string | null = null): FormatOptions {
  const { i18n } = useTranslation();
  const labels = useUnitLabels();
  return useMemo(() => ({ locale: i18n.language, labels, currencySymbol }), [i18n.language, labels, currencySymbol]);
}
