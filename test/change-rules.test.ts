/** The pure rules of change risk and conflicts (subgraphs/tickets/domain.ts), against the contract's formula on seeded random inputs. */
import { changeConflicts, changeRisk, riskLevel, type ChangeType, type Ticket } from '../subgraphs/tickets/domain';
import { seeded } from './support/change-and-problem-reference';

describe('change risk', () => {
  it('levels scores below 10 LOW, below 25 MODERATE, below 50 HIGH, else VERY_HIGH', () => {
    expect([0, 9, 10, 24, 25, 49, 50, 500].map(riskLevel)).toEqual(['LOW', 'LOW', 'MODERATE', 'MODERATE', 'HIGH', 'HIGH', 'VERY_HIGH', 'VERY_HIGH']);
  });

  it('scores 10 per critical service down, 4 per other service down, 1 per degraded, 5 per major incident, 8 per conflict, plus the type weight', () => {
    const random = seeded(99);
    const types: ChangeType[] = ['STANDARD', 'NORMAL', 'EMERGENCY'];
    for (let n = 0; n < 500; n++) {
      const ids = Array.from({ length: Math.floor(random() * 6) }, () => `s${Math.floor(random() * 8)}`);
      const criticalityOf = (id: string) => (Number(id.slice(1)) % 3 === 0 ? 'CRITICAL' : 'HIGH');
      const servicesDown = ids.map((id) => ({ id, criticality: criticalityOf(id) }));
      const distinct = [...new Set(ids)];
      const critical = distinct.filter((id) => criticalityOf(id) === 'CRITICAL').length;
      const inputs = {
        changeType: types[n % 3],
        servicesDown,
        businessServicesDegraded: Math.floor(random() * 5),
        openMajorIncidents: Math.floor(random() * 4),
        conflicts: Math.floor(random() * 3),
      };
      const score =
        10 * critical + 4 * (distinct.length - critical) + inputs.businessServicesDegraded + 5 * inputs.openMajorIncidents + 8 * inputs.conflicts + [0, 3, 10][n % 3];
      expect(changeRisk(inputs)).toEqual({
        level: score < 10 ? 'LOW' : score < 25 ? 'MODERATE' : score < 50 ? 'HIGH' : 'VERY_HIGH',
        score,
        businessServicesDown: distinct.length,
        businessServicesDegraded: inputs.businessServicesDegraded,
        criticalServicesDown: critical,
        openMajorIncidents: inputs.openMajorIncidents,
        conflicts: inputs.conflicts,
      });
    }
  });
});

describe('change conflicts', () => {
  const change = (id: string, fields: Partial<Ticket>): Ticket =>
    ({ id, number: id, type: 'CHANGE', status: 'DRAFT', affectedItemIds: [], plannedStart: new Date(0), plannedEnd: new Date(10), ...fields }) as Ticket;
  const noOrder = (ids: string[]) => ids;

  it('needs both windows, overlap that is not mere touching, and a shared item or service', () => {
    const c = change('C', { affectedItemIds: ['a'] });
    const services = new Map([['C', ['s1']], ['D', ['s1']], ['E', []], ['F', ['s2']]]);
    const candidates = [
      change('D', { plannedStart: new Date(9), plannedEnd: new Date(20) }),
      change('E', { affectedItemIds: ['a'], plannedStart: new Date(10), plannedEnd: new Date(20) }),
      change('F', { affectedItemIds: ['b'] }),
      change('G', { affectedItemIds: ['a'], plannedEnd: null }),
      change('H', { affectedItemIds: ['a'], status: 'CLOSED' }),
      change('I', { affectedItemIds: ['a'], status: 'CANCELLED' }),
    ];
    expect(changeConflicts(c, candidates, services, noOrder).map((x) => [x.change.id, x.sharedItemIds, x.sharedBusinessServiceIds])).toEqual([['D', [], ['s1']]]);
    expect(changeConflicts({ ...c, status: 'CANCELLED' }, candidates, services, noOrder)).toEqual([]);
    expect(changeConflicts({ ...c, plannedStart: null }, candidates, services, noOrder)).toEqual([]);
  });
});
