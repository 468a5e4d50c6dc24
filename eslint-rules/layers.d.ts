// Types of layers.js, for the tests that read its table.

export interface Layer {
  name: string;
  folders: string[];
  files: string[];
  declarations?: boolean;
  domains?: boolean;
}

export const layers: Layer[];
export function rankOf(rel: string): number | null;
export function layerName(rank: number): string;
export function unitOf(rel: string): string;
export const layersPlugin: { rules: Record<string, unknown> };
