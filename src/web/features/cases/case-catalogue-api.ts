import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CaseCategoryDefinition, TimeLimit } from '../../../shared/cases';
import { request } from '../../api/client';
import { casesKey, useCaseMutation } from './cases-api';

/** One item of the county's grid item catalogue, as the server keeps it. */
export type CaseCategory = CaseCategoryDefinition & { isActive: boolean; sortOrder: number };
export type CaseCategoryInput = Omit<CaseCategory, 'code'>;

export const webhookFormats = ['wecom', 'dingtalk'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

/** The county's working calendar (holidays, make-up working days) and the group robots cases are posted to. */
export type CaseSettings = {
  holidays: string[];
  workdays: string[];
  webhooks: { url: string; format: WebhookFormat; secret?: string }[];
};

const catalogueKeys = {
  categories: [...casesKey, 'categories'] as const,
  settings: [...casesKey, 'settings'] as const,
};

/** The catalogue, with each item's name in the current language. */
export function useCaseCategories() {
  const { i18n } = useTranslation();
  const query = useQuery({
    queryKey: catalogueKeys.categories,
    queryFn: ({ signal }) =>
      request<{ items: CaseCategory[] }>('/case-categories', { signal }).then((answer) => answer.items),
    staleTime: 5 * 60_000,
  });
  const categories = query.data ?? [];
  const nameOfCategory = (category: CaseCategory) => (i18n.language === 'en' ? category.nameEn : category.nameZh);
  const byCode = new Map(categories.map((category) => [category.code, category]));
  return {
    ...query,
    categories,
    /** The item's name, or its code for an item no longer in the catalogue. */
    nameOf: (code: string) => {
      const category = byCode.get(code);
      return category ? nameOfCategory(category) : code;
    },
    find: (code: string | undefined) => (code === undefined ? undefined : byCode.get(code)),
    /** What a report may choose: the active items in the county's order. */
    options: categories
      .filter((category) => category.isActive)
      .map((category) => ({ value: category.code, label: nameOfCategory(category) })),
  };
}

export function useSaveCaseCategory() {
  return useCaseMutation(({ code, ...body }: CaseCategoryInput & { code: string }) =>
    request<CaseCategory>(`/case-categories/${encodeURIComponent(code)}`, { method: 'PUT', body }),
  );
}

export function useCaseSettings(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: catalogueKeys.settings,
    queryFn: ({ signal }) => request<CaseSettings>('/case-settings', { signal }),
    enabled: options.enabled,
  });
}

export function useSaveCaseSettings() {
  return useCaseMutation((settings: CaseSettings) =>
    request<CaseSettings>('/case-settings', { method: 'PUT', body: settings }),
  );
}

/** "24 小时", "7 个工作日". */
export function useTimeLimitText() {
  const { t } = useTranslation();
  return (limit: TimeLimit) => t('cases.limit', { amount: limit.amount, unit: t(`cases.unit.${limit.unit}`) });
}
