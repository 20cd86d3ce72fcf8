import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TagDefinition } from '../../../shared/api/registry';
import { request } from '../../api/client';

const tagsKey = ['registry-tags'] as const;

export function useTags() {
  return useQuery({
    queryKey: tagsKey,
    queryFn: ({ signal }) =>
      request<{ items: TagDefinition[] }>('/tags', { signal }).then((result) =>
        [...result.items].sort((first, second) => first.sortOrder - second.sortOrder),
      ),
    staleTime: 10 * 60_000,
  });
}

/** The tag list with names in the current language, and look-ups by code for lists that show tag codes. */
export function useTagCatalog() {
  const { i18n } = useTranslation();
  const tags = useTags();
  const isEnglish = i18n.language === 'en';
  const byCode = useMemo(() => new Map((tags.data ?? []).map((tag) => [tag.code, tag])), [tags.data]);
  const nameOf = useCallback(
    (code: string) => {
      const tag = byCode.get(code);
      if (!tag) return code;
      return isEnglish ? tag.nameEn : tag.nameZh;
    },
    [byCode, isEnglish],
  );
  const isSensitive = useCallback((code: string) => byCode.get(code)?.isSensitive ?? false, [byCode]);
  const options = useMemo(
    () => (tags.data ?? []).map((tag) => ({ value: tag.code, label: isEnglish ? tag.nameEn : tag.nameZh })),
    [tags.data, isEnglish],
  );
  return { isPending: tags.isPending, options, nameOf, isSensitive };
}
