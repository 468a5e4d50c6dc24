import { useState, type DragEvent } from 'react';

// Files dropped anywhere on an area (several at once) go to `onFiles`, and never make the browser
// open them; text or links dragged over it are left alone, and so are files a drop zone inside it
// took first (an evidence drop zone in the checklist or the war room keeps its files as evidence).

export function useFileDrop(onFiles: (files: File[]) => void, enabled = true) {
  const [dragging, setDragging] = useState(false);
  const carriesFiles = (e: DragEvent) => enabled && !e.defaultPrevented && e.dataTransfer.types.includes('Files');
  return {
    dragging,
    handlers: {
      onDragOver: (e: DragEvent) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        if (!dragging) setDragging(true);
      },
      onDragLeave: (e: DragEvent) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      },
      onDrop: (e: DragEvent) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        setDragging(false);
        const files = [...e.dataTransfer.files];
        if (files.length > 0) onFiles(files);
      },
    },
  };
}
