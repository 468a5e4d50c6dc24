import { useId, useState, type DragEvent } from 'react';

// One file to compare, chosen with the keyboard (a file input behind a labelled button) or dropped.

export function ConfigFilePick({ label, file, onFile }: { label: string; file: File | null; onFile: (file: File | null) => void }) {
  const id = useId();
  const [over, setOver] = useState(false);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };
  return (
    <div
      className={over ? 'config-pick dragging' : 'config-pick'}
      onDragOver={(e) => {
        e.preventDefault();
        e.stopPropagation();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <label htmlFor={id}>{label}</label>
      <input id={id} type="file" accept=".yaml,.yml,.json,.env,.properties,text/*" onChange={(e) => onFile(e.target.files?.[0] ?? null)} />
      <span className="muted">{file ? `${file.name} (${file.size.toLocaleString()} bytes)` : 'or drop a file here'}</span>
    </div>
  );
}
