/** The explorer's picture of a traversal: layers by distance, edges along shortest paths, grouping of large answers. */
import { buildPicture, groupingNotice, type ItemSummary, type ReachedItem } from '../web/explorer/picture';

const root: ItemSummary = { id: 'sw', name: 'switch', ciClass: 'NETWORK_DEVICE', criticality: 'CRITICAL' };

function reached(id: string, ciClass: string, path: string[], criticality: string | null = null): ReachedItem {
  return { item: { id, name: id, ciClass, criticality }, distance: path.length - 1, path };
}

describe('buildPicture', () => {
  const items = [
    reached('host-1', 'SERVER', ['sw', 'host-1']),
    reached('host-2', 'SERVER', ['sw', 'host-2']),
    reached('vm-1', 'VIRTUAL_MACHINE', ['sw', 'host-1', 'vm-1']),
    reached('vm-2', 'VIRTUAL_MACHINE', ['sw', 'host-2', 'vm-2']),
    reached('shop', 'BUSINESS_SERVICE', ['sw', 'host-1', 'vm-1', 'shop'], 'CRITICAL'),
  ];

  it('draws the root and every reached item once, each joined to the item before it on its path', () => {
    const picture = buildPicture([root], items);
    expect(picture.grouped).toBe(false);
    expect(picture.nodes.map((n) => `${n.kind}:${n.id}`).sort()).toEqual(['item:host-1', 'item:host-2', 'item:shop', 'item:vm-1', 'item:vm-2', 'root:sw']);
    expect(picture.edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual(['host-1->vm-1', 'host-2->vm-2', 'sw->host-1', 'sw->host-2', 'vm-1->shop']);
  });

  it('puts each distance on its own layer, farther items lower', () => {
    const y = new Map(buildPicture([root], items).nodes.map((n) => [n.id, n.y]));
    expect(y.get('host-1')).toBe(y.get('host-2'));
    expect(y.get('sw')!).toBeLessThan(y.get('host-1')!);
    expect(y.get('host-1')!).toBeLessThan(y.get('vm-1')!);
    expect(y.get('vm-1')!).toBeLessThan(y.get('shop')!);
  });

  it("orders a layer by its parents' positions, so subtrees stay side by side", () => {
    const x = new Map(buildPicture([root], items).nodes.map((n) => [n.id, n.x]));
    expect(Math.sign(x.get('vm-2')! - x.get('vm-1')!)).toBe(Math.sign(x.get('host-2')! - x.get('host-1')!));
  });

  it('groups items by class and distance beyond the threshold, counting members and path steps, and says what it grouped', () => {
    const many: ReachedItem[] = [];
    for (let h = 0; h < 10; h++) {
      many.push(reached(`host-${h}`, 'SERVER', ['sw', `host-${h}`], 'HIGH'));
      for (let v = 0; v < 30; v++) many.push(reached(`vm-${h}-${v}`, 'VIRTUAL_MACHINE', ['sw', `host-${h}`, `vm-${h}-${v}`], v === 0 ? 'CRITICAL' : 'LOW'));
    }
    many.push(reached('shop', 'BUSINESS_SERVICE', ['sw', 'host-0', 'vm-0-0', 'shop']));
    const picture = buildPicture([root], many, { groupAbove: 100 });
    expect(picture.grouped).toBe(true);
    const groups = picture.nodes.filter((n) => n.kind === 'group');
    expect(groups.map((g) => [g.label, g.distance, g.criticality]).sort()).toEqual([
      ['10 × server', 1, 'HIGH'],
      ['300 × virtual machine', 2, 'CRITICAL'],
    ]);
    // Business services stay individual, joined to the group their parent is in.
    expect(picture.nodes.find((n) => n.id === 'shop')?.kind).toBe('item');
    expect(picture.edges.map((e) => `${e.source}->${e.target}:${e.count}`).sort()).toEqual([
      'group:1:SERVER->group:2:VIRTUAL_MACHINE:300',
      'group:2:VIRTUAL_MACHINE->shop:1',
      'sw->group:1:SERVER:10',
    ]);
    expect(picture.shownBy.get('vm-3-7')).toBe('group:2:VIRTUAL_MACHINE');
    expect(groupingNotice(picture, many.length)).toBe(
      '311 items are too many to draw one by one: they are grouped by class and distance into 2 groups, with the business service shown individually. Click a group to list its items.',
    );
  });

  it('says nothing about grouping when every item is drawn', () => {
    expect(groupingNotice(buildPicture([root], items), items.length)).toBeNull();
  });
});
