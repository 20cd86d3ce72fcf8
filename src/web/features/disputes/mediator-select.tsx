import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDisputeMediators } from './disputes-api';

/**
 * Mediators found by typing a name, as the case dispatch picker finds assignees: the people the server lists for the
 * dispute's grid (its staff, then its village's and town's), each shown with their region and position.
 */
export function MediatorSelect({
  regionId,
  value,
  onChange,
}: {
  /** The dispute's grid: nothing to choose until it is known. */
  regionId: string | undefined;
  value?: string[];
  onChange?: (value: string[]) => void;
}) {
  const { t } = useTranslation();
  const mediators = useDisputeMediators(regionId);
  return (
    <Select<string[]>
      mode="multiple"
      value={value}
      onChange={onChange}
      disabled={regionId === undefined}
      showSearch={{ optionFilterProp: 'name' }}
      loading={mediators.isFetching}
      placeholder={t('disputes.form.staffMediatorsHint')}
      options={(mediators.data ?? []).map((mediator) => ({
        value: mediator.staffId,
        name: mediator.name,
        label: t('disputes.form.mediatorOption', {
          name: mediator.name,
          region: mediator.regionName,
          kind: t(`staffKind.${mediator.kind}`),
        }),
      }))}
      data-testid="dispute-mediator-staff"
    />
  );
}
