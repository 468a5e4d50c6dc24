import { AppError } from '../../shared/api/errors';
import type { ConfigFile } from './read-config';
import { child, scalarText, type ConfigNode } from './tree';

// The resources a desired or live state file holds, each named kind/namespace/name: Kubernetes
// manifests (one per YAML document, or the items of a `List` as `kubectl get -o yaml` prints
// them), and Terraform's JSON (`terraform show -json`): a plan's resource_changes[].change.after
// (or planned_values) as desired, a state's values (or a plan's prior_state) as live.

export interface Resource {
  kind: string;
  namespace: string | null;
  name: string;
  body: ConfigNode;
  /** Paths (from the resource's root) whose desired value is only known after apply (Terraform). */
  unknown: string[];
}

export const resourceLabel = (r: { kind: string; namespace: string | null; name: string }) => `${r.kind}/${r.namespace ?? '-'}/${r.name}`;

export function resourcesOf(file: ConfigFile, role: 'desired' | 'live'): Resource[] {
  const out: Resource[] = [];
  for (const doc of file.docs) {
    if (doc.type !== 'map') continue;
    if (child(doc, 'resource_changes') || child(doc, 'planned_values') || child(doc, 'prior_state') || child(doc, 'values', 'root_module')) {
      out.push(...terraformResources(doc, role));
      continue;
    }
    if (scalarText(child(doc, 'kind'))?.endsWith('List') && child(doc, 'items')?.type === 'list') {
      for (const item of (child(doc, 'items') as Extract<ConfigNode, { type: 'list' }>).items) out.push(...kubernetes(item));
    } else out.push(...kubernetes(doc));
  }
  if (out.length === 0) throw new AppError('VALIDATION', `${file.name} holds no Kubernetes resource (kind and metadata.name) and no Terraform plan or state: there is nothing to compare.`);
  return out;
}

function kubernetes(doc: ConfigNode): Resource[] {
  const kind = scalarText(child(doc, 'kind'));
  const name = scalarText(child(doc, 'metadata', 'name'));
  if (!kind || !name) return [];
  return [{ kind, namespace: scalarText(child(doc, 'metadata', 'namespace')), name, body: doc, unknown: [] }];
}

function modules(root: ConfigNode | undefined): ConfigNode[] {
  if (!root) return [];
  const children = child(root, 'child_modules');
  return [root, ...(children?.type === 'list' ? children.items.flatMap(modules) : [])];
}

function managedResource(r: ConfigNode): boolean {
  return (scalarText(child(r, 'mode')) ?? 'managed') === 'managed';
}

function terraformResources(doc: ConfigNode, role: 'desired' | 'live'): Resource[] {
  const named = (r: ConfigNode, body: ConfigNode | undefined, unknown: string[] = []): Resource[] => {
    const address = scalarText(child(r, 'address'));
    const type = scalarText(child(r, 'type'));
    if (!address || !type || !body || body.type !== 'map') return [];
    return [{ kind: type, namespace: scalarText(child(r, 'module_address')), name: address, body, unknown }];
  };
  const fromModules = (root: ConfigNode | undefined) =>
    modules(root).flatMap((m) => {
      const list = child(m, 'resources');
      return list?.type === 'list' ? list.items.filter(managedResource).flatMap((r) => named(r, child(r, 'values'))) : [];
    });
  const changes = child(doc, 'resource_changes');
  if (role === 'desired') {
    if (changes?.type === 'list') {
      return changes.items.filter(managedResource).flatMap((r) => {
        const actions = child(r, 'change', 'actions');
        const deleted = actions?.type === 'list' && actions.items.length === 1 && scalarText(actions.items[0]) === 'delete';
        return deleted ? [] : named(r, child(r, 'change', 'after'), unknownPaths(child(r, 'change', 'after_unknown'), ''));
      });
    }
    return fromModules(child(doc, 'planned_values', 'root_module'));
  }
  const state = child(doc, 'values', 'root_module') ?? child(doc, 'prior_state', 'values', 'root_module');
  if (state) return fromModules(state);
  return changes?.type === 'list' ? changes.items.filter(managedResource).flatMap((r) => named(r, child(r, 'change', 'before'))) : [];
}

/** The paths after_unknown marks true: values Terraform will know only once it has applied the plan. */
function unknownPaths(node: ConfigNode | undefined, path: string): string[] {
  if (!node) return [];
  if (node.type === 'scalar') return node.value === true ? [path] : [];
  if (node.type === 'list') return node.items.flatMap((item, i) => unknownPaths(item, `${path}[${i}]`));
  return [...node.entries].flatMap(([key, item]) => unknownPaths(item, path === '' ? key : `${path}.${key}`));
}
