import { Button, type ButtonProps } from 'antd';
import { useIsPhone } from './use-is-phone';

type TableActionProps = Omit<ButtonProps, 'children' | 'type' | 'size'> & { label: string };

/**
 * A row action in a table: icon and text on desktops, the icon alone on phones where width is scarce.
 * Other props pass through, so it can be the trigger of a Popconfirm.
 */
export function TableAction({ label, ...buttonProps }: TableActionProps) {
  const isPhone = useIsPhone();
  return (
    <Button type="link" size="small" aria-label={label} title={label} {...buttonProps}>
      {isPhone ? null : label}
    </Button>
  );
}
