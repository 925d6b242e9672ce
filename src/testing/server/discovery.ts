/**
 * Discovery documents: `/version`, `/api`, `/apis`, `/apis/<group>` and the APIResourceLists,
 * served as plain `application/json` (kubectl then falls back from aggregated discovery).
 */
import { apiGroups, groupVersionOf, resourceDefinitions, resourceVerbs } from './resources';

/** `/version` for a server reporting `major.minor`. */
export function versionDocument(version: { major: string; minor: string }): object {
  return {
    major: version.major,
    minor: version.minor,
    gitVersion: `v${version.major}.${version.minor}.0`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-01-01T00:00:00Z',
    goVersion: 'go1.22.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** `/api`. */
export function coreVersionsDocument(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDocument(group: { name: string; version: string }): object {
  const groupVersion = { groupVersion: `${group.name}/${group.version}`, version: group.version };
  return { name: group.name, versions: [groupVersion], preferredVersion: groupVersion };
}

/** `/apis`. */
export function groupListDocument(): object {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: apiGroups().map(groupDocument) };
}

/** `/apis/<group>`, or undefined for a group not served. */
export function groupDocumentFor(name: string): object | undefined {
  const group = apiGroups().find((candidate) => candidate.name === name);
  return group === undefined ? undefined : { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(group) };
}

/** The APIResourceList of a group version, or undefined when it is not served. */
export function resourceListDocument(group: string, version: string): object | undefined {
  const definitions = resourceDefinitions.filter(
    (definition) => definition.group === group && definition.version === version,
  );
  if (definitions.length === 0) return undefined;
  const resources: object[] = [];
  for (const definition of definitions) {
    resources.push({
      name: definition.resource,
      singularName: definition.singular,
      namespaced: definition.namespaced,
      kind: definition.kind,
      verbs: resourceVerbs,
      ...(definition.shortNames.length > 0 ? { shortNames: definition.shortNames } : {}),
      ...(definition.categories.length > 0 ? { categories: definition.categories } : {}),
    });
    for (const subresource of definition.subresources) {
      resources.push({
        name: `${definition.resource}/${subresource.name}`,
        singularName: '',
        namespaced: definition.namespaced,
        kind: subresource.kind,
        verbs: subresource.verbs,
      });
    }
  }
  const first = definitions[0];
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: first === undefined ? version : groupVersionOf(first),
    resources,
  };
}
