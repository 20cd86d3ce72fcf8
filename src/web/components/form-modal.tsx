import { Form, Modal } from 'antd';
import { useState, type ReactNode } from 'react';

type FormModalProps<Values> = {
  title: ReactNode;
  open: boolean;
  initialValues?: Partial<Values>;
  /** Rejects to keep the dialog open (the error has been shown already). */
  onSubmit: (values: Values) => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
  /** Names the submit button `${testId}-submit` for the browser tests. */
  testId?: string;
};

/** A dialog around one antd form: validates, submits, stays open on failure, starts fresh each time it opens. */
export function FormModal<Values extends object>({
  title,
  open,
  initialValues,
  onSubmit,
  onClose,
  children,
  testId,
}: FormModalProps<Values>) {
  const [form] = Form.useForm<Values>();
  const [isSubmitting, setSubmitting] = useState(false);

  const submit = async (values: Values) => {
    setSubmitting(true);
    try {
      await onSubmit(values);
      onClose();
    } catch {
      // The mutation cache has already told the user why; the form stays as typed so they can fix it.
    } finally {
      setSubmitting(false);
    }
  };

  // The form wraps the whole dialog and OK is its submit button (antd's pattern for a form in a modal): a click on
  // OK submits the form it stands in, instead of calling form.submit() on an instance that, right after the dialog
  // opens, may not be connected to its fields yet (seen in the browser tests as a click that sent nothing).
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      okButtonProps={{
        htmlType: 'submit',
        loading: isSubmitting,
        ...(testId ? { 'data-testid': `${testId}-submit` } : {}),
      }}
      destroyOnHidden
      maskClosable={false}
      modalRender={(dialog) => (
        // clearOnDestroy: the form instance outlives the dialog's content; without it the next opening would show
        // the last one's values instead of its own initial values.
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={submit}
          preserve={false}
          clearOnDestroy
        >
          {dialog}
        </Form>
      )}
    >
      {children}
    </Modal>
  );
}
