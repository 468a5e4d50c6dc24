import { useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { plainError, type FieldLabels } from './plainError';

// One way every quick form behaves: Enter submits from any field (a dropdown included, instead of
// opening it), Escape cancels, nothing is sent while a field is empty or meaningless, each problem
// is written next to its field in plain words, and a problem goes as soon as that field changes.

export type FieldErrors = Record<string, string>;

export function useKeyForm({
  validate,
  submit,
  cancel,
  labels = {},
  initialError = null,
}: {
  validate: () => FieldErrors;
  /** Sends the form; a refusal (thrown) is shown in the form, which stays open with what was typed. */
  submit: () => Promise<void>;
  cancel: () => void;
  labels?: FieldLabels;
  /** A refusal that came back after the form had been sent and closed (it reopens with it). */
  initialError?: string | null;
}) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(initialError ? plainError(initialError, labels) : null);
  const busy = useRef(false);
  const form = useRef<HTMLFormElement>(null);
  const id = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy.current) return;
    const found = validate();
    setErrors(found);
    setFormError(null);
    const first = Object.keys(found)[0];
    if (first !== undefined) {
      form.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    busy.current = true;
    try {
      await submit();
    } catch (error) {
      setFormError(plainError((error as Error).message, labels));
    } finally {
      busy.current = false;
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    // Keys typed in the form belong to it: the screen's single-key shortcuts never see them
    // (chords such as Alt+4 still reach the app).
    if (!event.altKey && !event.ctrlKey && !event.metaKey) event.stopPropagation();
    const target = event.target as HTMLElement;
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      if (target instanceof HTMLButtonElement) return;
      event.preventDefault();
      form.current?.requestSubmit();
    }
  };

  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const name = (event.target as HTMLInputElement).name;
    setFormError(null);
    if (name && errors[name]) setErrors(({ [name]: _gone, ...rest }) => rest);
  };

  const errorId = (name: string) => `${id}-${name}-error`;
  return {
    formProps: { ref: form, onSubmit: (e: FormEvent) => void onSubmit(e), onKeyDown, onChange, noValidate: true },
    /** Props for the input, select or textarea of one field. */
    field: (name: string) => ({ name, 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': errors[name] ? errorId(name) : undefined }),
    errorOf: (name: string): ReactNode =>
      errors[name] ? (
        <span className="field-error" id={errorId(name)}>
          {errors[name]}
        </span>
      ) : null,
    formError: formError ? (
      <p className="form-error" role="alert">
        Not recorded: {formError}
      </p>
    ) : null,
    summary:
      Object.keys(errors).length > 0 ? (
        <p className="form-error" role="alert">
          Not recorded yet: {Object.values(errors).join(' ')}
        </p>
      ) : null,
  };
}
