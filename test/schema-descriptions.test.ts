/**
 * The API documents itself: every type, field, argument, enum value and input field that clients
 * see carries a description. Checked on the API schema of the composed supergraph (what the
 * gateway serves: no federation internals, no @inaccessible elements), so an element that one
 * subgraph describes and another merely repeats still counts as described. A failure names every
 * element that lacks one; `npm run compose` after describing it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { supergraphEnforcedByTheHub } from '../platform/scopes';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';

/** `Type`, `Type.field`, `Type.field(argument)`, `Enum.VALUE`, `Input.field`, `@directive(argument)`. */
function undescribedElements(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const described = (description: string | null | undefined) => Boolean(description?.trim());
  for (const type of Object.values(schema.getTypeMap())) {
    if (isSpecifiedScalarType(type) || isIntrospectionType(type)) continue;
    if (!described(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!described(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const argument of field.args) if (!described(argument.description)) missing.push(`${type.name}.${field.name}(${argument.name})`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (!described(field.description)) missing.push(`${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (!described(value.description)) missing.push(`${type.name}.${value.name}`);
    }
  }
  for (const directive of schema.getDirectives()) {
    if (isSpecifiedDirective(directive)) continue;
    if (!described(directive.description)) missing.push(`@${directive.name}`);
    for (const argument of directive.args) if (!described(argument.description)) missing.push(`@${directive.name}(${argument.name})`);
  }
  return missing;
}

describe('the API schema', () => {
  const supergraphSdl = readFileSync(join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8');
  const apiSchema = Supergraph.build(supergraphEnforcedByTheHub(supergraphSdl)).apiSchema().toGraphQLJSSchema();

  it('is the gateway\'s API schema: no federation internals and no @inaccessible elements', () => {
    const types = Object.keys(apiSchema.getTypeMap());
    expect(types.filter((name) => name.startsWith('join__') || name.startsWith('link__'))).toEqual([]);
    expect(types).not.toContain('CauseCandidate');
    expect(Object.keys(apiSchema.getQueryType()!.getFields())).not.toContain('itemsRelyingOn');
  });

  it('describes every type, field, argument, enum value and input field', () => {
    expect(undescribedElements(apiSchema)).toEqual([]);
  });
});
