import type { ConfigFile } from './read-config';
import { resourceLabel, resourcesOf } from './resources';
import { child, scalarText, type ConfigNode } from './tree';

// The container images a Kubernetes desired or live state names: each container (and init
// container) of a Pod, of a workload's pod template (Deployment, StatefulSet, DaemonSet, Job,
// ReplicaSet, an Argo Rollout) and of a CronJob's job template, with the line its image is on.
// A drift import records them as artifact facts, so the release's version table shows what the
// manifests ask for ("manifest") and what the cluster runs ("deployed image").

export interface ContainerImage {
  /** `desired Deployment/payments/api container api`: the side, the resource and the container. */
  ref: string;
  image: string;
  /** The line of the file the image is written on. */
  line: number;
}

/** Where a resource kind holds its pod spec. */
const podSpecPaths: string[][] = [['spec'], ['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec']];

function containersOf(podSpec: ConfigNode | undefined): Array<{ name: string; image: ConfigNode }> {
  const out: Array<{ name: string; image: ConfigNode }> = [];
  for (const key of ['initContainers', 'containers']) {
    const list = child(podSpec, key);
    if (list?.type !== 'list') continue;
    list.items.forEach((item, i) => {
      const image = child(item, 'image');
      if (scalarText(image) !== null) out.push({ name: scalarText(child(item, 'name')) ?? `#${i + 1}`, image: image as ConfigNode });
    });
  }
  return out;
}

/** The images of one side of a drift comparison, in the file's order (Terraform resources hold none here). */
export function containerImages(file: ConfigFile, side: 'desired' | 'live'): ContainerImage[] {
  const out: ContainerImage[] = [];
  for (const resource of resourcesOf(file, side)) {
    if (!child(resource.body, 'apiVersion') && !child(resource.body, 'metadata')) continue;
    const podSpec = podSpecPaths.map((p) => child(resource.body, ...p)).find((spec) => child(spec, 'containers')?.type === 'list');
    for (const container of containersOf(podSpec)) {
      out.push({ ref: `${side} ${resourceLabel(resource)} container ${container.name}`, image: scalarText(container.image) as string, line: container.image.line });
    }
  }
  return out;
}
