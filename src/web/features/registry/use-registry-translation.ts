import { useTranslation } from 'react-i18next';
import type { RegistryMessages } from '../../i18n/registry.zh-CN';

/** Dotted paths to every string of a message tree: { a: { b: '…' } } gives 'a.b'. */
type LeafPaths<Tree> = {
  [Key in keyof Tree & string]: Tree[Key] extends string ? Key : `${Key}.${LeafPaths<Tree[Key]>}`;
}[keyof Tree & string];

/** A key of the registry screens' messages, which live under `registry` in the console's translation. */
export type RegistryKey = `registry.${LeafPaths<RegistryMessages>}`;

type RegistryTranslate = (key: RegistryKey, options?: Record<string, unknown>) => string;

/**
 * `useTranslation` whose `t` also accepts the registry keys. The console's message type learns about them only
 * once `registry` is merged into it (see `i18n/registry.zh-CN.ts`); until then this keeps the keys checked, and
 * afterwards it changes nothing.
 */
export function useRegistryTranslation() {
  const translation = useTranslation();
  return { ...translation, t: translation.t as typeof translation.t & RegistryTranslate };
}
