import { Steps } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useRegistryRegion } from '../registry-location';
import { PageCard } from '../../../components/page-card';
import { useRegistryTranslation } from '../use-registry-translation';
import { ChooseFileStep } from './choose-file-step';
import { ImportProgressStep } from './import-progress-step';
import type { LedgerPreview } from '../../../../shared/api/registry-import';
import { MappingStep } from './mapping-step';

type WizardState =
  | { step: 'choose' }
  | { step: 'mapping'; preview: LedgerPreview; fileName: string }
  | { step: 'import'; importId: string };

const stepOrder: WizardState['step'][] = ['choose', 'mapping', 'import'];

/** 台账导入: choose the region and the file, check the mapping and the problems, import with progress. */
export function ImportWizard() {
  const { t } = useRegistryTranslation();
  const navigate = useNavigate();
  const registryRegion = useRegistryRegion();
  const [state, setState] = useState<WizardState>({ step: 'choose' });
  // The region the lists show, until the user picks another one (or clears it: null) for this file.
  const [chosenRegionId, setChosenRegionId] = useState<string | null>();
  const regionId = chosenRegionId === undefined ? registryRegion.regionId : (chosenRegionId ?? undefined);

  return (
    <PageCard title={t('registry.import.title')}>
      <Steps
        className="registry-import-steps"
        current={stepOrder.indexOf(state.step)}
        items={[
          { title: t('registry.import.stepChoose') },
          { title: t('registry.import.stepMapping') },
          { title: t('registry.import.stepImport') },
        ]}
      />
      {state.step === 'choose' ? (
        <ChooseFileStep
          regionId={regionId}
          onRegionChange={(id) => setChosenRegionId(id ?? null)}
          onPreviewed={(preview, fileName) => setState({ step: 'mapping', preview, fileName })}
        />
      ) : null}
      {state.step === 'mapping' ? (
        <MappingStep
          preview={state.preview}
          fileName={state.fileName}
          onBack={() => setState({ step: 'choose' })}
          onStarted={(importId) => setState({ step: 'import', importId })}
        />
      ) : null}
      {state.step === 'import' ? (
        <ImportProgressStep
          importId={state.importId}
          onStartOver={() => setState({ step: 'choose' })}
          onShowResidents={() =>
            void navigate(regionId ? `/registry?region=${encodeURIComponent(regionId)}` : '/registry')
          }
        />
      ) : null}
    </PageCard>
  );
}
