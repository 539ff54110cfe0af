/** The contract's golden operations, one at a time, as a client sends them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode } from 'graphql';

export const CONTRACT_OPERATIONS = join(__dirname, '..', '..', 'shared', 'contract', 'operations.graphql');

/** The operation `name` alone, with the fragments it spreads (directly or through other fragments). */
export function goldenOperation(name: string): string {
  const definitions = parse(readFileSync(CONTRACT_OPERATIONS, 'utf8')).definitions;
  const operation = definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!operation) throw new Error(`no operation ${name} in ${CONTRACT_OPERATIONS}`);
  const fragments = new Map(definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const used = new Map<string, FragmentDefinitionNode>();
  const collect = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          collect(fragment);
        }
      },
    });
  collect(operation);
  return [operation, ...used.values()].map((d) => print(d)).join('\n\n');
}
