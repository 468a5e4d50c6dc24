import { TemplateContent } from '../../shared/api/templates';

/** What a published version stores: the name and description of the moment, and the content. */
export type VersionSnapshot = TemplateContent & { name: string; description: string };

export function parseSnapshot(stored: unknown): VersionSnapshot {
  const { name, description, ...content } = stored as Record<string, unknown>;
  return { name: String(name ?? ''), description: String(description ?? ''), ...TemplateContent.parse(content) };
}
