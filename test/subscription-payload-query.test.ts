/** The payload query the gateway runs per event: the client's `ticket { ... }` selection, as written, under `ticket(id:)`. */
import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { buildASTSchema, execute, parse, printSchema, validate, type GraphQLFieldResolver } from 'graphql';
import { ticketPayloadQuery, type PayloadQuery } from '../gateway/subscriptions/payload-query';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { supergraphEnforcedByTheHub } from '../platform/scopes';

const apiSchema = Supergraph.build(supergraphEnforcedByTheHub(readFileSync(SUPERGRAPH_FILE, 'utf8'))).apiSchema().toGraphQLJSSchema();
// Like the gateway, a copy without resolvers, executed with resolvers passed per call.
const localSchema = buildASTSchema(parse(printSchema(apiSchema)));

/** Builds the payload query from the field nodes graphql-js collects for `ticket` when it executes `source`. */
function payloadQueryOf(source: string, variableValues: Record<string, unknown> = {}): PayloadQuery {
  let built: PayloadQuery | undefined;
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (_parent, _args, _context, info) => {
    if (info.parentType.name === 'TicketEvent' && info.fieldName === 'ticket') {
      built = ticketPayloadQuery(info.fieldNodes, info.fragments, info.operation.variableDefinitions ?? []);
      return null;
    }
    if (info.parentType.name === 'Subscription') return {};
    return ({ sequence: '1', kind: 'CREATED', at: '2026-01-01T00:00:00Z', changedFields: [] } as Record<string, unknown>)[info.fieldName];
  };
  const result = execute({ schema: localSchema, document: parse(source), variableValues, rootValue: {}, fieldResolver });
  if (!built) throw new Error(`ticket was not resolved: ${JSON.stringify(result)}`);
  return built;
}

describe('the payload query of a ticket event', () => {
  it("keeps the client's selection, the fragments and variables it uses, and nothing else", () => {
    const query = payloadQueryOf(
      /* GraphQL */ `
        subscription Watch($filter: TicketEventFilter, $withItems: Boolean!, $unused: String) {
          ticketEvents(filter: $filter, afterSequence: $unused) {
            sequence
            ...Ticketed
            ticket { id }
          }
        }
        fragment Ticketed on TicketEvent { ticket { number ...Items @include(if: $withItems) } }
        fragment Items on Ticket { affectedItems { name criticality } }
      `,
      { withItems: true },
    );
    expect(query.variableNames).toEqual(['withItems']);
    expect(validate(apiSchema, parse(query.text))).toEqual([]);
    expect(query.text).toContain('query TicketEventPayload($__hubTicketId: ID!, $withItems: Boolean!)');
    expect(query.text).toContain('ticket(id: $__hubTicketId)');
    expect(query.text).toContain('fragment Items on Ticket');
    expect(query.text).not.toContain('Ticketed');
    expect(query.text).not.toContain('$unused');
  });

  it('adds __typename to every selection set below the root, so interface members can be told apart', () => {
    const query = payloadQueryOf(/* GraphQL */ `
      subscription { ticketEvents { ticket { number ... on Incident { affectedItems { name } } } } }
    `);
    const document = parse(query.text);
    const unnamed: string[] = [];
    for (const definition of document.definitions) {
      if (definition.kind !== 'OperationDefinition') continue;
      const walk = (set: any, path: string) => {
        for (const selection of set.selections) {
          if (!selection.selectionSet) continue;
          const has = selection.selectionSet.selections.some((s: any) => s.kind === 'Field' && s.name.value === '__typename');
          const where = `${path}/${selection.name?.value ?? selection.typeCondition?.name.value}`;
          if (!has) unnamed.push(where);
          walk(selection.selectionSet, where);
        }
      };
      walk(definition.selectionSet, '');
    }
    expect(unnamed).toEqual([]);
    expect(query.text.match(/__typename/g)!.length).toBeGreaterThanOrEqual(3);
  });

  it("keeps the client's aliases and does not add a second __typename where one is selected", () => {
    const query = payloadQueryOf(/* GraphQL */ `
      subscription { ticketEvents { t: ticket { __typename code: number } } }
    `);
    expect(query.text.match(/__typename/g)).toHaveLength(1);
    expect(query.text).toContain('code: number');
    expect(validate(apiSchema, parse(query.text))).toEqual([]);
  });
});
