/**
 * The query that fetches a subscriber's `ticket { ... }` selection for one
 * event's ticket: the client's selection as written (fragments, directives and
 * the variables it uses), under `ticket(id:)`, with `__typename` in every
 * selection set so the gateway's local execution can tell interface members apart.
 */
import {
  Kind,
  parse,
  print,
  visit,
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from 'graphql';

/** The variable that carries the event's ticket id; no client may declare it (`__` names are reserved). */
export const TICKET_ID_VARIABLE = '__hubTicketId';

const TEMPLATE = parse(/* GraphQL */ `
  query TicketEventPayload($${TICKET_ID_VARIABLE}: ID!) {
    ticket(id: $${TICKET_ID_VARIABLE}) {
      __typename
    }
  }
`);

const TICKET_FIELD = (TEMPLATE.definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
const TYPENAME = TICKET_FIELD.selectionSet!.selections[0];

export interface PayloadQuery {
  /** The printed query, with `$__hubTicketId` for the ticket. */
  text: string;
  /** The client's variables it uses, to be passed along with their values. */
  variableNames: string[];
}

/**
 * Builds the payload query from the `ticket` field nodes of one subscription
 * operation (as graphql-js collected them, possibly from several fragments),
 * the operation's fragments and its variable definitions.
 */
export function ticketPayloadQuery(
  ticketFields: readonly FieldNode[],
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  variableDefinitions: readonly VariableDefinitionNode[],
): PayloadQuery {
  const selections = ticketFields.flatMap((field) => field.selectionSet?.selections ?? []);
  const used = { fragments: new Map<string, FragmentDefinitionNode>(), variables: new Set<string>() };
  const collect = (node: ASTNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (used.fragments.has(name) || !fragments[name]) return;
        used.fragments.set(name, fragments[name]);
        collect(fragments[name]);
      },
      Variable(variable) {
        used.variables.add(variable.name.value);
      },
    });
  for (const selection of selections) collect(selection);

  const query = visit(TEMPLATE, {
    OperationDefinition: (operation) => ({
      ...operation,
      variableDefinitions: [
        ...(operation.variableDefinitions ?? []),
        ...variableDefinitions.filter((definition) => used.variables.has(definition.variable.name.value)),
      ],
    }),
    // The template's own field only: the client's selection may hold fields named `ticket` too.
    Field: (field) => (field === TICKET_FIELD ? { ...field, selectionSet: { ...field.selectionSet!, selections } } : undefined),
  });
  const document: DocumentNode = withTypenames({ ...query, definitions: [...query.definitions, ...used.fragments.values()] });
  return { text: print(document), variableNames: [...used.variables] };
}

/** Adds `__typename` to every selection set under the operation's root that lacks an unaliased one. */
function withTypenames(document: DocumentNode): DocumentNode {
  return visit(document, {
    SelectionSet(set: SelectionSetNode, _key, parent) {
      if (!Array.isArray(parent) && (parent as ASTNode | undefined)?.kind === Kind.OPERATION_DEFINITION) return undefined;
      const has = set.selections.some((s: SelectionNode) => s.kind === Kind.FIELD && s.name.value === '__typename' && !s.alias);
      return has ? undefined : { ...set, selections: [TYPENAME, ...set.selections] };
    },
  });
}
