/**
 * The impact explorer: search configuration items, pick one, and see what relies on it (or
 * what it relies on), its outage, or a change's blast radius, drawn as a layered graph with
 * Cytoscape.js; open incidents arrive live over graphql-ws. Only the public GraphQL API.
 */
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import { storedToken, tokenField } from '../session/token';
import {
  changeAssessment,
  changeBlastRadius,
  changeIncidents,
  changeOutage,
  liveIncidents,
  listChanges,
  outageSimulation,
  searchItems,
  traversal,
  traversalIncidents,
  type ChangeAssessment,
  type Direction,
  type Incident,
  type IncidentEvent,
  type OutageSummary,
  type Report,
  type TraversalArgs,
} from './api';
import { buildPicture, groupingNotice, type ItemSummary, type Picture, type PictureNode } from './picture';
import './explorer.css';

const CLASSES = ['BUSINESS_SERVICE', 'APPLICATION', 'DATABASE', 'SERVER', 'VIRTUAL_MACHINE', 'CONTAINER', 'NETWORK_DEVICE', 'LOAD_BALANCER', 'STORAGE', 'CLOUD_SERVICE', 'OTHER'];
const SHAPES: Record<string, cytoscape.Css.NodeShape> = {
  BUSINESS_SERVICE: 'star',
  APPLICATION: 'round-rectangle',
  DATABASE: 'barrel',
  SERVER: 'rectangle',
  VIRTUAL_MACHINE: 'ellipse',
  CONTAINER: 'round-tag',
  NETWORK_DEVICE: 'diamond',
  LOAD_BALANCER: 'hexagon',
  STORAGE: 'cut-rectangle',
  CLOUD_SERVICE: 'round-octagon',
  OTHER: 'triangle',
};
const CRITICALITY_COLOURS: Record<string, string> = { CRITICAL: '#c62828', HIGH: '#ef6c00', MEDIUM: '#f9a825', LOW: '#2e7d32', NONE: '#90a4ae' };
const STATE_COLOURS: Record<string, string> = { DOWN: '#212121', DEGRADED: '#8e24aa' };
const RELATIONSHIP_TYPES = ['DEPENDS_ON', 'RUNS_ON', 'HOSTED_ON', 'CONNECTS_TO', 'STORED_ON'];
const MAX_LIMIT = 10_000;
const OPEN = (status: string) => status !== 'CLOSED' && status !== 'CANCELLED';

type Mode = 'impact' | 'dependencies' | 'outage';

/** What is on the picture now, kept to apply live events and answer clicks. */
interface Shown {
  title: string;
  roots: ItemSummary[];
  items: Map<string, { item: ItemSummary; distance: number; path: string[] }>;
  picture: Picture;
  incidents: Map<string, Incident[]>;
  states: Map<string, string> | null;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const root = document.getElementById('root')!;
const search = element('input', { id: 'search', type: 'search', placeholder: 'item name, e.g. core-sw-1', autocomplete: 'off' });
const results = element('ul', { id: 'results' });
const modeSelect = element('select', { id: 'mode' });
for (const [value, label] of [['impact', 'Impact: what relies on it'], ['dependencies', 'Dependencies: what it relies on'], ['outage', 'Outage: what goes down if it fails']]) {
  modeSelect.append(element('option', { value }, label));
}
const depthInput = element('input', { id: 'depth', type: 'number', min: '1', max: '10', value: '5' });
const typeBoxes = RELATIONSHIP_TYPES.map((type) => element('input', { type: 'checkbox', value: type, checked: '' }));
const changeSelect = element('select', { id: 'change' }, element('option', { value: '' }, 'pick a change…'));
const changeOutageBox = element('input', { id: 'change-outage', type: 'checkbox' });
const status = element('p', { id: 'status', role: 'status' }, 'Search for an item to begin.');
const notice = element('p', { id: 'notice', hidden: '' });
const liveStatus = element('span', { id: 'live' }, 'connecting…');
const details = element('div', { id: 'details' });
const assessment = element('div', { id: 'assessment' });
const graph = element('div', { id: 'graph', 'data-state': 'empty' });

function legend(): HTMLElement {
  const shapes = CLASSES.map((c) => element('li', {}, element('span', { class: `shape shape-${SHAPES[c]}` }), c.toLowerCase().replace(/_/g, ' ')));
  const colours = Object.entries(CRITICALITY_COLOURS).map(([c, colour]) =>
    element('li', {}, element('span', { class: 'swatch', style: `background:${colour}` }), c === 'NONE' ? 'no criticality' : c.toLowerCase()),
  );
  const states = Object.entries(STATE_COLOURS).map(([s, colour]) => element('li', {}, element('span', { class: 'swatch', style: `background:${colour}` }), s.toLowerCase()));
  return element(
    'section',
    { id: 'legend' },
    element('h2', {}, 'Legend'),
    element('ul', { class: 'legend-shapes' }, ...shapes),
    element('ul', { class: 'legend-colours' }, ...colours),
    element('ul', { class: 'legend-colours' }, ...states, element('li', {}, element('span', { class: 'badge-sample' }, '2'), 'open incidents')),
    element('p', {}, 'Fill: criticality (in an outage: down or degraded, criticality as the border). A thick border marks where the walk started; arrows point from what fails to what it takes with it.'),
  );
}

root.append(
  element(
    'header',
    { class: 'bar' },
    element('strong', {}, 'ITSM hub'),
    element('span', {}, 'Impact explorer'),
    element('a', { href: '/graphql' }, 'GraphQL IDE'),
    element('span', { class: 'spacer' }),
    liveStatus,
    tokenField(() => {
      live.restart();
      void loadChanges();
    }),
  ),
  element(
    'main',
    { class: 'layout' },
    element(
      'aside',
      { class: 'controls' },
      element('section', {}, element('h2', {}, 'Configuration item'), search, results),
      element(
        'section',
        {},
        element('h2', {}, 'View'),
        element('label', {}, 'Show ', modeSelect),
        element('label', {}, 'Depth ', depthInput),
        element('fieldset', {}, element('legend', {}, 'Relationship types'), ...typeBoxes.map((box) => element('label', { class: 'type' }, box, box.value.toLowerCase().replace(/_/g, ' ')))),
      ),
      element('section', {}, element('h2', {}, 'Change'), changeSelect, element('label', {}, changeOutageBox, ' colour by outage during the change'), assessment),
      legend(),
    ),
    element('section', { class: 'picture' }, status, notice, graph),
    element('aside', { class: 'side' }, element('h2', {}, 'Selected'), details),
  ),
);

const cy: Core = cytoscape({
  container: graph,
  elements: [],
  minZoom: 0.02,
  maxZoom: 3,
  textureOnViewport: true,
  hideEdgesOnViewport: true,
  style: [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-size': 11,
        'min-zoomed-font-size': 7,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        width: 26,
        height: 26,
        shape: 'data(shape)' as never,
        'background-color': 'data(fill)',
        'border-width': 1,
        'border-color': 'data(border)',
      },
    },
    { selector: 'node[kind = "root"]', style: { width: 40, height: 40, 'border-width': 5, 'border-color': '#0d47a1', 'font-weight': 'bold', 'font-size': 13 } },
    { selector: 'node[ciClass = "BUSINESS_SERVICE"]', style: { width: 40, height: 40, 'font-weight': 'bold', 'font-size': 13 } },
    { selector: 'node[kind = "group"]', style: { width: 'data(size)', height: 'data(size)', 'font-size': 13, 'border-width': 2, 'border-style': 'double' } },
    { selector: 'node[kind = "badge"]', style: { shape: 'ellipse', width: 18, height: 18, 'background-color': '#d50000', color: '#fff', 'font-size': 10, 'font-weight': 'bold', 'text-valign': 'center', 'text-margin-y': 0, 'border-width': 1.5, 'border-color': '#fff', events: 'no' } },
    { selector: 'node[?stateful]', style: { 'border-width': 4 } },
    { selector: 'node:selected', style: { 'overlay-color': '#1565c0', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
    { selector: 'edge', style: { width: 1.2, 'line-color': '#b0bec5', 'target-arrow-color': '#b0bec5', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.7, 'curve-style': 'straight' } },
    { selector: 'edge[count > 1]', style: { label: 'data(count)', 'font-size': 10, color: '#546e7a', width: 'mapData(count, 1, 2000, 1.5, 10)' as never, 'text-background-color': '#fff', 'text-background-opacity': 1 } },
  ],
});

let shown: Shown | null = null;
let generation = 0;

function selectedTypes(): string[] | null {
  const types = typeBoxes.filter((box) => box.checked).map((box) => box.value);
  return types.length === RELATIONSHIP_TYPES.length ? null : types;
}

function traversalArgs(): TraversalArgs {
  const depth = Math.min(10, Math.max(1, Math.round(Number(depthInput.value) || 5)));
  depthInput.value = String(depth);
  return { depth, types: selectedTypes(), limit: MAX_LIMIT };
}

function fill(node: PictureNode, states: Map<string, string> | null): { fill: string; border: string; stateful: boolean } {
  const criticality = CRITICALITY_COLOURS[node.criticality ?? 'NONE'];
  if (!states || node.kind === 'root') return { fill: criticality, border: '#37474f', stateful: false };
  const state = node.kind === 'group' ? worstState(node.memberIds!, states) : states.get(node.id);
  return state ? { fill: STATE_COLOURS[state], border: criticality, stateful: true } : { fill: '#eceff1', border: criticality, stateful: false };
}

function worstState(ids: string[], states: Map<string, string>): string | undefined {
  let worst: string | undefined;
  for (const id of ids) {
    const state = states.get(id);
    if (state === 'DOWN') return 'DOWN';
    if (state) worst = state;
  }
  return worst;
}

function nodeElements(picture: Picture, states: Map<string, string> | null): ElementDefinition[] {
  const elements: ElementDefinition[] = [];
  for (const node of picture.nodes) {
    const colours = fill(node, states);
    elements.push({
      group: 'nodes',
      data: {
        id: node.id,
        kind: node.kind,
        label: node.label,
        ciClass: node.ciClass,
        shape: SHAPES[node.ciClass] ?? 'ellipse',
        size: node.memberIds ? Math.min(110, 30 + 8 * Math.sqrt(node.memberIds.length)) : 26,
        ...colours,
      },
      position: { x: node.x, y: node.y },
    });
  }
  for (const edge of picture.edges) elements.push({ group: 'edges', data: { id: edge.id, source: edge.source, target: edge.target, count: edge.count } });
  return elements;
}

/** Open incidents per drawn node (a group counts its items' incidents). */
function incidentCounts(current: Shown): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [itemId, incidents] of current.incidents) {
    const open = incidents.filter((i) => OPEN(i.status)).length;
    const nodeId = current.picture.shownBy.get(itemId);
    if (open && nodeId) counts.set(nodeId, (counts.get(nodeId) ?? 0) + open);
  }
  return counts;
}

function placeBadge(node: NodeSingular): void {
  const badge = cy.getElementById(`badge:${node.id()}`);
  if (badge.empty()) return;
  const position = node.position();
  badge.position({ x: position.x + node.width() / 2, y: position.y - node.height() / 2 });
}

/** Adds, updates and removes incident badges to match `shown.incidents`. */
function drawBadges(): void {
  if (!shown) return;
  const counts = incidentCounts(shown);
  cy.batch(() => {
    cy.nodes('[kind = "badge"]').forEach((badge) => {
      if (!counts.has(badge.data('of'))) badge.remove();
    });
    for (const [nodeId, count] of counts) {
      const node = cy.getElementById(nodeId);
      if (node.empty()) continue;
      const badge = cy.getElementById(`badge:${nodeId}`);
      if (badge.empty()) cy.add({ group: 'nodes', data: { id: `badge:${nodeId}`, kind: 'badge', of: nodeId, label: String(count) }, grabbable: false, selectable: false });
      else badge.data('label', String(count));
      placeBadge(node);
    }
  });
  graph.dataset.incidentBadges = String(counts.size);
  graph.dataset.openIncidents = String([...counts.values()].reduce((a, b) => a + b, 0));
}

cy.on('position', 'node[kind != "badge"]', (event) => placeBadge(event.target));

function describe(report: Report, rootsLabel: string, mode: Mode | 'change', depth: number): string {
  const what = mode === 'dependencies' ? 'items it relies on' : mode === 'change' ? 'items in the blast radius' : 'items rely on it';
  const services = report.businessServices.length;
  return (
    `${rootsLabel}: ${report.totalCount.toLocaleString('en')} ${what} within depth ${depth}` +
    `${services ? `, ${services} business service${services === 1 ? '' : 's'}` : ''}` +
    `${report.truncated ? ` (showing the nearest ${report.items.length.toLocaleString('en')})` : ''}.`
  );
}

/** Draws a traversal and reports, in the page, how long it took from the person's action. */
async function draw(title: string, roots: ItemSummary[], report: Report, states: Map<string, string> | null, startedAt: number): Promise<void> {
  const answeredAt = performance.now();
  const picture = buildPicture(roots, report.items);
  shown = {
    title,
    roots,
    items: new Map(report.items.map((r) => [r.item.id, r])),
    picture,
    incidents: shown?.incidents && shown.title === title ? shown.incidents : new Map(),
    states,
  };
  cy.batch(() => {
    cy.elements().remove();
    cy.add(nodeElements(picture, states));
  });
  const text = groupingNotice(picture, report.items.length);
  notice.hidden = !text;
  notice.textContent = text ?? '';
  // The notice changes the drawing area's height: measure again before fitting.
  cy.resize();
  cy.fit(undefined, 30);
  drawBadges();
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const elapsed = performance.now() - startedAt;
  graph.dataset.state = 'ready';
  graph.dataset.itemsDrawn = String(cy.nodes('[kind = "item"]').length);
  graph.dataset.groups = String(cy.nodes('[kind = "group"]').length);
  graph.dataset.itemsShown = String(report.items.length);
  graph.dataset.renderMs = String(Math.round(elapsed));
  graph.dataset.drawMs = String(Math.round(performance.now() - answeredAt));
  status.append(` Drawn in ${(elapsed / 1000).toFixed(2)} s.`);
}

function failed(error: unknown): void {
  graph.dataset.state = 'error';
  status.textContent = `Could not load: ${error instanceof Error ? error.message : String(error)}`;
}

function begin(text: string): number {
  generation++;
  graph.dataset.state = 'loading';
  status.textContent = text;
  return generation;
}

let currentItem: ItemSummary | null = null;

async function showItem(item: ItemSummary): Promise<void> {
  const startedAt = performance.now();
  currentItem = item;
  changeSelect.value = '';
  assessment.replaceChildren();
  const mode = modeSelect.value as Mode;
  const args = traversalArgs();
  // An outage is unbounded: it is drawn over the deepest impact the API allows.
  const direction: Direction = mode === 'dependencies' ? 'dependencies' : 'impact';
  if (mode === 'outage') args.depth = 10;
  const mine = begin(`Loading ${mode === 'outage' ? 'the outage' : mode} of ${item.name}…`);
  try {
    const [{ root: fresh, report }, outage] = await Promise.all([
      traversal(item.id, direction, args),
      mode === 'outage' ? outageSimulation([item.id], args.types, MAX_LIMIT).catch((error: unknown) => error as Error) : Promise.resolve(null),
    ]);
    if (mine !== generation) return;
    let states: Map<string, string> | null = null;
    if (outage instanceof Error) {
      status.textContent = `${describe(report, fresh.name, 'impact', args.depth)} The outage simulation is not available: ${outage.message.replace(/\.$/, '')}.`;
    } else if (outage) {
      states = outage.states;
      status.textContent = outageText(fresh.name, outage);
    } else {
      status.textContent = describe(report, fresh.name, mode, args.depth);
    }
    await draw(`item:${fresh.id}`, [fresh], report, states, startedAt);
    const incidents = await traversalIncidents(item.id, direction, args);
    if (mine !== generation || !shown) return;
    shown.incidents = incidents;
    drawBadges();
    showDetails(fresh.id);
  } catch (error) {
    if (mine === generation) failed(error);
  }
}

function outageText(name: string, outage: OutageSummary): string {
  const down = outage.businessServicesDown.map((s) => s.name);
  const degraded = outage.businessServicesDegraded.map((s) => s.name);
  return (
    `If ${name} fails: ${outage.downCount.toLocaleString('en')} items down, ${outage.degradedCount.toLocaleString('en')} degraded` +
    `${down.length ? `; business services down: ${down.join(', ')}` : ''}${degraded.length ? `; degraded: ${degraded.join(', ')}` : ''}.`
  );
}

async function showChange(id: string): Promise<void> {
  const startedAt = performance.now();
  currentItem = null;
  const args = traversalArgs();
  const mine = begin('Loading the change…');
  assessment.replaceChildren(element('p', {}, 'Assessing risk and conflicts…'));
  void changeAssessment(id).then(
    (answer) => mine === generation && assessment.replaceChildren(renderAssessment(answer)),
    (error: Error) => mine === generation && assessment.replaceChildren(element('p', { class: 'error' }, `Risk and conflicts are not available: ${error.message.replace(/\.$/, '')}.`)),
  );
  try {
    const [change, outage] = await Promise.all([
      changeBlastRadius(id, args),
      changeOutageBox.checked ? changeOutage(id, args.types, MAX_LIMIT).catch((error: unknown) => error as Error) : Promise.resolve(null),
    ]);
    if (mine !== generation) return;
    status.textContent = describe(change.report, `${change.number} ${change.title}`, 'change', args.depth);
    let states: Map<string, string> | null = null;
    if (outage instanceof Error) status.append(` The change's outage is not available: ${outage.message.replace(/\.$/, '')}.`);
    else if (outage) {
      states = outage.states;
      status.append(` During the change: ${outage.downCount} items down, ${outage.degradedCount} degraded.`);
    }
    await draw(`change:${id}`, change.affectedItems, change.report, states, startedAt);
    const incidents = await changeIncidents(id, args);
    if (mine !== generation || !shown) return;
    shown.incidents = incidents;
    drawBadges();
  } catch (error) {
    if (mine === generation) failed(error);
  }
}

function renderAssessment({ risk, conflicts }: ChangeAssessment): HTMLElement {
  const rows: [string, string | number][] = [
    ['risk', `${risk.level.replace('_', ' ').toLowerCase()} (score ${risk.score})`],
    ['business services down', risk.businessServicesDown],
    ['business services degraded', risk.businessServicesDegraded],
    ['critical services down', risk.criticalServicesDown],
    ['open P1/P2 incidents', risk.openMajorIncidents],
    ['conflicting changes', risk.conflicts],
  ];
  const list = conflicts.map((c) =>
    element(
      'li',
      {},
      element('strong', {}, c.change.number), ` ${c.change.title}`,
      c.sharedItems.length ? element('div', {}, `shares items: ${c.sharedItems.map((i) => i.name).join(', ')}`) : '',
      c.sharedBusinessServices.length ? element('div', {}, `shares business services: ${c.sharedBusinessServices.map((i) => i.name).join(', ')}`) : '',
    ),
  );
  return element(
    'div',
    { class: `risk risk-${risk.level}` },
    element('table', {}, ...rows.map(([label, value]) => element('tr', {}, element('th', {}, label), element('td', {}, String(value))))),
    conflicts.length ? element('h3', {}, 'Conflicts') : element('p', {}, 'No conflicting changes.'),
    conflicts.length ? element('ul', {}, ...list) : '',
  );
}

function incidentList(incidents: Incident[]): HTMLElement {
  const open = incidents.filter((i) => OPEN(i.status));
  if (!open.length) return element('p', {}, 'No open incidents.');
  return element('ul', { class: 'incidents' }, ...open.map((i) => element('li', {}, element('strong', {}, `${i.number} ${i.priority}`), ` ${i.title} (${i.status.toLowerCase().replace('_', ' ')})`)));
}

function showDetails(nodeId: string): void {
  if (!shown) return;
  const node = shown.picture.nodes.find((n) => n.id === nodeId);
  if (!node) return;
  if (node.kind === 'group') {
    const names = node.memberIds!.slice(0, 200).map((id) => shown!.items.get(id)?.item.name ?? id);
    details.replaceChildren(
      element('h3', {}, node.label),
      element('p', {}, `At distance ${node.distance}.${node.memberIds!.length > 200 ? ' The first 200:' : ''}`),
      element('ul', { class: 'members' }, ...names.map((name) => element('li', {}, name))),
    );
    return;
  }
  const reached = shown.items.get(nodeId);
  const item = reached?.item ?? shown.roots.find((r) => r.id === nodeId)!;
  const pathNames = reached?.path.map((id) => shown!.items.get(id)?.item.name ?? shown!.roots.find((r) => r.id === id)?.name ?? id) ?? [];
  const state = shown.states?.get(nodeId);
  const explore = element('button', { type: 'button' }, 'Explore from here');
  explore.addEventListener('click', () => void showItem(item));
  details.replaceChildren(
    element('h3', {}, item.name),
    element(
      'dl',
      {},
      element('dt', {}, 'class'), element('dd', {}, item.ciClass.toLowerCase().replace(/_/g, ' ')),
      element('dt', {}, 'criticality'), element('dd', {}, item.criticality?.toLowerCase() ?? 'none'),
      ...(reached ? [element('dt', {}, 'distance'), element('dd', {}, String(reached.distance))] : []),
      ...(state ? [element('dt', {}, 'outage'), element('dd', {}, state.toLowerCase())] : []),
    ),
    ...(pathNames.length ? [element('p', { class: 'path' }, pathNames.join(' → '))] : []),
    element('h4', {}, 'Open incidents'),
    incidentList(shown.incidents.get(nodeId) ?? []),
    explore,
  );
}

cy.on('tap', 'node', (event) => showDetails(event.target.id()));

/** Applies one incident event to the picture: the ticket's badge moves to the items it now affects, or goes when it closes. */
function applyIncidentEvent(event: IncidentEvent): void {
  if (!shown) return;
  const { ticket } = event;
  for (const [itemId, incidents] of shown.incidents) {
    const kept = incidents.filter((i) => i.id !== ticket.id);
    if (kept.length !== incidents.length) shown.incidents.set(itemId, kept);
  }
  if (OPEN(ticket.status)) {
    for (const { id } of ticket.affectedItems) {
      if (!shown.picture.shownBy.has(id)) continue;
      shown.incidents.set(id, [...(shown.incidents.get(id) ?? []), ticket]);
    }
  }
  drawBadges();
  graph.dataset.lastIncidentEventAt = String(Date.now());
  const selected = cy.nodes(':selected');
  if (selected.nonempty()) showDetails(selected.first().id());
}

const live = liveIncidents(applyIncidentEvent, (text) => {
  liveStatus.textContent = text;
  liveStatus.dataset.state = text === 'live' ? 'live' : 'down';
});

let searchTimer: number | undefined;
let searchGeneration = 0;
search.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = window.setTimeout(() => void runSearch(search.value.trim()), 200);
});
search.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    clearTimeout(searchTimer);
    void runSearch(search.value.trim());
  }
});

async function runSearch(name: string): Promise<void> {
  const mine = ++searchGeneration;
  if (!name) return results.replaceChildren();
  try {
    const found = await searchItems(name);
    if (mine !== searchGeneration) return;
    const entries = found.items.map((item) => {
      const button = element(
        'button',
        { type: 'button', class: 'result', 'data-name': item.name },
        element('span', { class: 'swatch', style: `background:${CRITICALITY_COLOURS[item.criticality ?? 'NONE']}` }),
        item.name,
        element('small', {}, ` ${item.ciClass.toLowerCase().replace(/_/g, ' ')}${item.lifecycle === 'RETIRED' ? ', retired' : ''}`),
      );
      button.addEventListener('click', () => void showItem(item));
      return element('li', {}, button);
    });
    if (found.totalCount > found.items.length) entries.push(element('li', { class: 'more' }, `${found.totalCount - found.items.length} more: type more of the name`));
    if (!found.items.length) entries.push(element('li', { class: 'more' }, 'No item has that in its name.'));
    results.replaceChildren(...entries);
  } catch (error) {
    if (mine === searchGeneration) results.replaceChildren(element('li', { class: 'error' }, `Search failed: ${(error as Error).message}`));
  }
}

async function loadChanges(): Promise<void> {
  try {
    const changes = await listChanges();
    changeSelect.replaceChildren(
      element('option', { value: '' }, changes.length ? 'pick a change…' : 'no changes'),
      ...changes.map((c) => element('option', { value: c.id }, `${c.number} ${c.title} (${c.status.toLowerCase()})`)),
    );
  } catch (error) {
    changeSelect.replaceChildren(element('option', { value: '' }, `changes unavailable: ${(error as Error).message}`));
  }
}

changeSelect.addEventListener('change', () => changeSelect.value && void showChange(changeSelect.value));
const redraw = () => {
  if (changeSelect.value) void showChange(changeSelect.value);
  else if (currentItem) void showItem(currentItem);
};
changeOutageBox.addEventListener('change', redraw);
modeSelect.addEventListener('change', redraw);
depthInput.addEventListener('change', redraw);
for (const box of typeBoxes) box.addEventListener('change', redraw);

void loadChanges();
if (!storedToken()) liveStatus.title = 'With API_TOKENS set on the hub, enter a token to see data.';

/** A handle for the browser tests and for people poking at the page from the console. */
(window as unknown as { explorer: unknown }).explorer = { cy, showItem, get shown() { return shown; } };
