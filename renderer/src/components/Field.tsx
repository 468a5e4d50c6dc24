import { cloneElement, useId, type ComponentProps, type ReactElement, type ReactNode } from 'react';

// One labelled control of a form: the label is bound to its control, and a hint or an error under it
// is what a screen reader says with the control (aria-describedby), the error marking it invalid.

interface ControlProps {
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
}

export function Field({
  label,
  hint,
  error,
  className,
  id,
  inline = false,
  after,
  labelClassName,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown under the control and announced; the control is marked invalid while it is there. */
  error?: ReactNode;
  /** Added to `field` ("wide", …). */
  className?: string;
  /** A fixed id for the control, where something else points at it; otherwise one is made. */
  id?: string;
  /** Label and control inline in a row (an `inline-add` bar), without the field's own block. */
  inline?: boolean;
  /** Shown after the control inside the field (a button that acts on it). */
  after?: ReactNode;
  /** "sr-only": a label screen readers say, where the placeholder shows what to type. */
  labelClassName?: string;
  children: ReactElement<ControlProps>;
}) {
  const made = useId();
  const controlId = id ?? made;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const own = children.props;
  const describedBy = [own['aria-describedby'], hintId, errorId].filter(Boolean).join(' ') || undefined;
  const body = (
    <>
      <label htmlFor={controlId} className={labelClassName}>
        {label}
      </label>
      {cloneElement(children, { id: controlId, 'aria-describedby': describedBy, 'aria-invalid': error ? true : own['aria-invalid'] })}
      {hint && (
        <span id={hintId} className="muted">
          {hint}
        </span>
      )}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      {after}
    </>
  );
  return inline ? body : <div className={className ? `field ${className}` : 'field'}>{body}</div>;
}

/** A Field holding a plain text input. */
export function TextField({ value, onChange, type, placeholder, ...field }: Omit<ComponentProps<typeof Field>, 'children'> & { value: string; onChange: (value: string) => void; type?: 'text' | 'password'; placeholder?: string }) {
  return (
    <Field {...field}>
      <input type={type} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}
