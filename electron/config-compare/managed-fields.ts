import { pathMatcher } from './policy';
import { itemSegment, keySegment, toValue, type ConfigNode } from './tree';

// What the live state holds that nobody wrote: fields the Kubernetes API server manages, which
// are stripped before any comparison, and fields it fills with a default when the manifest leaves
// them out, which are not drift when the desired state does not set them (and, where the default
// is fixed, the live value is that default). One table, shown in the README.

/** Stripped from every live and desired resource (paths from the resource's root). */
export const serverManagedFields: ReadonlyArray<{ path: string; why: string }> = [
  { path: 'status', why: 'written by controllers, not by the deployment' },
  { path: 'metadata.managedFields', why: 'server-side apply bookkeeping' },
  { path: 'metadata.resourceVersion', why: 'changes on every write' },
  { path: 'metadata.uid', why: 'assigned by the API server' },
  { path: 'metadata.creationTimestamp', why: 'assigned by the API server' },
  { path: 'metadata.generation', why: 'counted by the API server' },
  { path: 'metadata.selfLink', why: 'assigned by the API server (older clusters)' },
  { path: 'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]', why: 'a copy of the manifest kubectl applied' },
  { path: 'metadata.annotations["deployment.kubernetes.io/revision"]', why: 'the rollout counter of the Deployment controller' },
  { path: 'spec.template.metadata.creationTimestamp', why: 'always null in a pod template' },
];

/** Filled in by the API server when the manifest leaves them out; `value` is the default when it is fixed. */
export const defaultedFields: ReadonlyArray<{ path: string; value?: unknown }> = [
  { path: '**.terminationMessagePath', value: '/dev/termination-log' },
  { path: '**.terminationMessagePolicy', value: 'File' },
  { path: '**.dnsPolicy', value: 'ClusterFirst' },
  { path: '**.schedulerName', value: 'default-scheduler' },
  { path: '**.restartPolicy', value: 'Always' },
  { path: '**.terminationGracePeriodSeconds', value: 30 },
  { path: '**.imagePullPolicy' },
  { path: 'spec.revisionHistoryLimit', value: 10 },
  { path: 'spec.progressDeadlineSeconds', value: 600 },
  { path: 'spec.strategy', value: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' } },
  { path: '**.ports[*].protocol', value: 'TCP' },
  { path: '**.livenessProbe.failureThreshold', value: 3 },
  { path: '**.readinessProbe.failureThreshold', value: 3 },
  { path: '**.startupProbe.failureThreshold', value: 3 },
  { path: '**.successThreshold', value: 1 },
  { path: '**.timeoutSeconds', value: 1 },
  { path: '**.periodSeconds', value: 10 },
  { path: '**.resources', value: {} },
  { path: '**.securityContext', value: {} },
  { path: 'spec.sessionAffinity', value: 'None' },
  { path: 'spec.clusterIP' },
  { path: 'spec.clusterIPs' },
  { path: 'spec.ipFamilies' },
  { path: 'spec.ipFamilyPolicy', value: 'SingleStack' },
  { path: 'spec.internalTrafficPolicy', value: 'Cluster' },
  { path: 'metadata.namespace', value: 'default' },
];

const stripped = serverManagedFields.map((f) => pathMatcher(f.path));
const defaulted = defaultedFields.map((f) => ({ test: pathMatcher(f.path), has: 'value' in f, value: canonical(f.value) }));

/** Whether a resource-relative path is server-managed (so never compared). */
export function isServerManaged(path: string): boolean {
  return stripped.some((test) => test(path)) || /^status\b|^metadata\.managedFields\b/.test(path);
}

/** Whether a field the live state has and the desired state leaves out is only the API server's default. */
export function isDefaulted(path: string, live: ConfigNode): boolean {
  const value = canonical(toValue(live));
  return defaulted.some((d) => d.test(path) && (!d.has || d.value === value));
}

/** JSON with the keys of every object sorted, so two equal values print the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The resource without its server-managed fields (a map left empty only by that is dropped too). */
export function withoutServerManaged(node: ConfigNode, path = ''): ConfigNode | null {
  if (path !== '' && isServerManaged(path)) return null;
  if (node.type === 'list') return { ...node, items: node.items.map((item, i) => withoutServerManaged(item, itemSegment(path, i, null, null)) ?? item) };
  if (node.type !== 'map') return node;
  const entries = new Map<string, ConfigNode>();
  for (const [key, item] of node.entries) {
    const kept = withoutServerManaged(item, keySegment(path, key));
    if (kept) entries.set(key, kept);
  }
  return entries.size === 0 && node.entries.size > 0 ? null : { ...node, entries };
}
