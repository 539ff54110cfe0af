/** Stops the Neo4j that global-setup.ts started, if any. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.hubNeo4j?.stop();
}
