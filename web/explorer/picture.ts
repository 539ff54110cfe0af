/**
 * Turns a traversal answer (`TraversalReport.items`: each item once, with its fewest-hops
 * `distance` and one shortest `path`) into what the explorer draws: one layer per distance,
 * each item under the item before it on its path, positions computed here (one pass, no
 * force simulation) so thousands of items lay out in milliseconds. Beyond `groupAbove` items,
 * items are grouped by class and distance into counted nodes. No DOM here: unit-tested in
 * test/explorer-picture.test.ts.
 */

export interface ItemSummary {
  id: string;
  name: string;
  ciClass: string;
  criticality: string | null;
}

export interface ReachedItem {
  distance: number;
  path: string[];
  item: ItemSummary;
}

export interface PictureNode {
  id: string;
  kind: 'root' | 'item' | 'group';
  label: string;
  ciClass: string;
  criticality: string | null;
  distance: number;
  x: number;
  y: number;
  /** Items a group stands for (a group only). */
  memberIds?: string[];
}

export interface PictureEdge {
  id: string;
  source: string;
  target: string;
  /** How many path steps a group edge stands for. */
  count: number;
}

export interface Picture {
  nodes: PictureNode[];
  edges: PictureEdge[];
  /** True when items were grouped by class and distance. */
  grouped: boolean;
  /** Item id → id of the node that shows it (itself, or its group). */
  shownBy: Map<string, string>;
}

export interface PictureOptions {
  /** Group when more items than this are reached (default 1500). */
  groupAbove?: number;
  /** Business services stay individual nodes inside a grouped picture while there are at most this many (default 100). */
  keepServicesUpTo?: number;
}

const CRITICALITY_RANK: Record<string, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1 };
const COLUMN = 110;
const ROW = 70;
const LAYER_GAP = 120;
const MAX_PER_ROW = 40;

function byName(a: { label: string; id: string }, b: { label: string; id: string }): number {
  return a.label < b.label ? -1 : a.label > b.label ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Places nodes layer by layer: each layer sorted by its parents' horizontal position (so
 * subtrees stay together and edges cross little), then by name; wide layers wrap into rows.
 */
function place(nodes: PictureNode[], parentOf: Map<string, string>): void {
  const layers = new Map<number, PictureNode[]>();
  for (const node of nodes) {
    const layer = layers.get(node.distance) ?? [];
    layer.push(node);
    layers.set(node.distance, layer);
  }
  const x = new Map<string, number>();
  let top = 0;
  for (const distance of [...layers.keys()].sort((a, b) => a - b)) {
    const layer = layers.get(distance)!;
    const parentX = (node: PictureNode) => x.get(parentOf.get(node.id) ?? '') ?? 0;
    layer.sort((a, b) => parentX(a) - parentX(b) || byName(a, b));
    // Wide layers wrap into rows, keeping the picture roughly as wide as it is tall.
    const perRow = Math.min(MAX_PER_ROW, layer.length, Math.max(12, Math.ceil(Math.sqrt(layer.length * 4))));
    layer.forEach((node, index) => {
      const row = Math.floor(index / perRow);
      const column = index % perRow;
      node.x = (column - (perRow - 1) / 2) * COLUMN + (row % 2 ? COLUMN / 2 : 0);
      node.y = top + row * ROW;
      x.set(node.id, node.x);
    });
    top += Math.ceil(layer.length / perRow) * ROW + LAYER_GAP;
  }
}

/** The picture of `items` reached from `roots`. */
export function buildPicture(roots: ItemSummary[], items: ReachedItem[], options: PictureOptions = {}): Picture {
  const groupAbove = options.groupAbove ?? 1500;
  const keepServicesUpTo = options.keepServicesUpTo ?? 100;
  const shownBy = new Map<string, string>();
  const parentOf = new Map<string, string>();
  const nodes: PictureNode[] = roots.map((root) => {
    shownBy.set(root.id, root.id);
    return { id: root.id, kind: 'root', label: root.name, ciClass: root.ciClass, criticality: root.criticality, distance: 0, x: 0, y: 0 };
  });
  const edgeCounts = new Map<string, PictureEdge>();
  const addEdge = (source: string, target: string) => {
    const id = `${source}->${target}`;
    const edge = edgeCounts.get(id);
    if (edge) edge.count++;
    else edgeCounts.set(id, { id, source, target, count: 1 });
  };
  const grouped = items.length > groupAbove;

  if (!grouped) {
    for (const { item, distance, path } of items) {
      nodes.push({ id: item.id, kind: 'item', label: item.name, ciClass: item.ciClass, criticality: item.criticality, distance, x: 0, y: 0 });
      shownBy.set(item.id, item.id);
      const parent = path.length >= 2 ? path[path.length - 2] : undefined;
      if (parent) {
        parentOf.set(item.id, parent);
        addEdge(parent, item.id);
      }
    }
  } else {
    const services = items.filter((r) => r.item.ciClass === 'BUSINESS_SERVICE');
    const keepServices = services.length <= keepServicesUpTo;
    const groups = new Map<string, PictureNode>();
    for (const { item, distance } of items) {
      if (keepServices && item.ciClass === 'BUSINESS_SERVICE') {
        nodes.push({ id: item.id, kind: 'item', label: item.name, ciClass: item.ciClass, criticality: item.criticality, distance, x: 0, y: 0 });
        shownBy.set(item.id, item.id);
        continue;
      }
      const key = `group:${distance}:${item.ciClass}`;
      let group = groups.get(key);
      if (!group) {
        group = { id: key, kind: 'group', label: '', ciClass: item.ciClass, criticality: null, distance, x: 0, y: 0, memberIds: [] };
        groups.set(key, group);
        nodes.push(group);
      }
      group.memberIds!.push(item.id);
      if ((CRITICALITY_RANK[item.criticality ?? ''] ?? 0) > (CRITICALITY_RANK[group.criticality ?? ''] ?? 0)) group.criticality = item.criticality;
      shownBy.set(item.id, key);
    }
    for (const group of groups.values()) group.label = `${group.memberIds!.length.toLocaleString('en')} × ${group.ciClass.toLowerCase().replace(/_/g, ' ')}`;
    for (const { item, path } of items) {
      const parent = path.length >= 2 ? path[path.length - 2] : undefined;
      if (!parent) continue;
      const source = shownBy.get(parent) ?? parent;
      const target = shownBy.get(item.id)!;
      if (source === target) continue;
      if (!parentOf.has(target)) parentOf.set(target, source);
      addEdge(source, target);
    }
  }
  place(nodes, parentOf);
  return { nodes, edges: [...edgeCounts.values()], grouped, shownBy };
}

/** How a grouped picture is described to the person looking at it. */
export function groupingNotice(picture: Picture, itemCount: number): string | null {
  if (!picture.grouped) return null;
  const groups = picture.nodes.filter((n) => n.kind === 'group').length;
  const services = picture.nodes.filter((n) => n.kind === 'item').length;
  return (
    `${itemCount.toLocaleString('en')} items are too many to draw one by one: they are grouped by class and distance into ` +
    `${groups} groups${services ? `, with ${services === 1 ? 'the business service' : `the ${services} business services`} shown individually` : ''}. Click a group to list its items.`
  );
}
