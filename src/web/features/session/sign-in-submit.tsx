import { Alert, Button } from 'antd';
import type { describeError } from '../../api/errors';

/**
 * The end of each sign-in step's form (the password, the second factor): what went wrong, if anything, and the
 * button that sends it. Test ids are `<testIdPrefix>-error` and `<testIdPrefix>-submit`.
 */
export function SignInSubmit({
  error,
  isPending,
  label,
  testIdPrefix,
}: {
  error: ReturnType<typeof describeError> | undefined;
  isPending: boolean;
  label: string;
  testIdPrefix: string;
}) {
  return (
    <>
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error.title}
          description={error.detail}
          className="login-error"
          data-testid={`${testIdPrefix}-error`}
        />
      ) : null}
      <Button
        type="primary"
        htmlType="submit"
        block
        size="large"
        loading={isPending}
        data-testid={`${testIdPrefix}-submit`}
      >
        {label}
      </Button>
    </>
  );
}
