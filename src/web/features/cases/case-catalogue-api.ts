import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CaseCategory, CaseCategoryInput, CaseSettings } from '../../../shared/api/case-catalogue';
import { defaultCaseCategories, type CaseCategoryDefinition, type TimeLimit } from '../../../shared/cases';
import { arrivedAnswer, request } from '../../api/client';
import { useCaseCounty } from './case-county';
import { casesKey, useCaseMutation } from './cases-api';

const catalogueKeys = {
  categories: (countyId: string | undefined) => [...casesKey, 'categories', countyId] as const,
  settings: (countyId: string | undefined) => [...casesKey, 'settings', countyId] as const,
};

const defaultsByCode = new Map(defaultCaseCategories.map((category) => [category.code, category]));

/** The catalogue of the county the user works in, with each item's name in the current language. */
export function useCaseCategories() {
  const { i18n } = useTranslation();
  const { countyId, isReady } = useCaseCounty();
  const query = useQuery({
    queryKey: catalogueKeys.categories(countyId),
    queryFn: ({ signal }) =>
      request<{ items: CaseCategory[] }>('/case-categories', { query: { countyId }, signal }).then(
        (answer) => answer.items,
      ),
    initialData: () => arrivedAnswer<{ items: CaseCategory[] }>('/case-categories', { countyId })?.items,
    staleTime: 5 * 60_000,
    enabled: isReady,
  });
  const categories = query.data ?? [];
  const nameOfCategory = (category: CaseCategoryDefinition) =>
    i18n.language === 'en' ? category.nameEn : category.nameZh;
  const byCode = new Map(categories.map((category) => [category.code, category]));
  return {
    ...query,
    categories,
    /**
     * The item's name; for an item of another county's catalogue the standard item's name, so a code is shown only
     * for an item that a county made up and then removed.
     */
    nameOf: (code: string) => {
      const category = byCode.get(code) ?? defaultsByCode.get(code);
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
  const { countyId } = useCaseCounty();
  return useCaseMutation(({ code, ...body }: CaseCategoryInput & { code: string }) =>
    request<CaseCategory>(`/case-categories/${encodeURIComponent(code)}`, {
      method: 'PUT',
      query: { countyId },
      body,
    }),
  );
}

export function useCaseSettings() {
  const { countyId, isReady } = useCaseCounty();
  return useQuery({
    queryKey: catalogueKeys.settings(countyId),
    queryFn: ({ signal }) => request<CaseSettings>('/case-settings', { query: { countyId }, signal }),
    enabled: isReady,
  });
}

export function useSaveCaseSettings() {
  const { countyId } = useCaseCounty();
  return useCaseMutation((settings: CaseSettings) =>
    request<CaseSettings>('/case-settings', { method: 'PUT', query: { countyId }, body: settings }),
  );
}

/** "24 小时", "7 个工作日". */
export function useTimeLimitText() {
  const { t } = useTranslation();
  return (limit: TimeLimit) => t('cases.limit', { amount: limit.amount, unit: t(`cases.unit.${limit.unit}`) });
}
