import { ImportWizard } from '../features/registry/import/import-wizard';

/** 台账导入: the import wizard (`registry.import`). */
export default function RegistryImportPage() {
  return <ImportWizard />;
}
