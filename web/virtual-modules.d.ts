/** Modules that scripts/build-web.ts supplies at build time. */
declare module 'virtual:examples' {
  const examples: { file: string; name: string; kind: 'query' | 'mutation' | 'subscription'; query: string; variables: string }[];
  export default examples;
}
declare module '*.css';
