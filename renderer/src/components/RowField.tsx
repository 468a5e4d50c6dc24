import type { ReactNode } from 'react';

/** One labelled cell of an editable row: the label stays visible above its input ("Planned start"). */
export function RowField({ label, children, grow = false }: { label: string; children: ReactNode; grow?: boolean }) {
  return (
    <label className={grow ? 'row-field grow' : 'row-field'}>
      <span className="row-field-label">{label}</span>
      {children}
    </label>
  );
}
