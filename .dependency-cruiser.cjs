/**
 * The layers of docs/architecture.md, checked by `npm run lint` (dependency-cruiser):
 * routes → service → repository → db; modules talk through services; the console and the shared code never reach
 * into the server; the console takes only types from the API contract (`src/shared/api`), so Zod stays off its pages.
 */
const modulePath = '^src/server/modules/([^/]+)/';
/** drizzle's query builder, as dependency-cruiser resolves it (into node_modules). */
const drizzle = '(^|/)node_modules/drizzle-orm/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment:
        'A cycle makes two files one unit that cannot be read, tested or loaded apart. A page loaded on demand ' +
        '(`import()`) may name the code that starts it: that is loading order, not a cycle.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['dynamic-import'] } },
    },
    {
      name: 'shared-stands-alone',
      comment: 'src/shared runs in the server and the browser: it imports neither.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(server|web|mobile)/' },
    },
    {
      name: 'console-stays-in-the-browser',
      comment: 'The console talks to the server over HTTP only.',
      severity: 'error',
      from: { path: '^src/(web|mobile)/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'console-takes-types-from-the-contract',
      comment: 'The console imports the API contract with `import type`, so no schema code reaches its pages.',
      severity: 'error',
      from: { path: '^src/(web|mobile)/' },
      to: { path: '^src/shared/api/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'schemas-live-in-the-contract',
      comment:
        'Routes and services take every request and response schema from src/shared/api (zod as types only), so ' +
        'the console, the tests and the OpenAPI document follow one source.',
      severity: 'error',
      from: { path: '\\.(routes|service)\\.ts$' },
      to: { path: '(^|/)node_modules/zod/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'auth-does-not-import-modules',
      comment: 'Authentication and scope are beneath every module; modules build on them, not the other way.',
      severity: 'error',
      from: { path: '^src/server/auth/' },
      to: { path: '^src/server/modules/' },
    },
    {
      name: 'routes-call-services',
      comment: 'A route holds the HTTP contract and calls its service; queries live in repositories.',
      severity: 'error',
      from: { path: '\\.routes\\.ts$' },
      to: { path: ['\\.repository\\.ts$', '^src/server/db/schema', drizzle] },
    },
    {
      name: 'queries-live-in-repositories',
      comment:
        'Only repositories (and the database code itself) build queries or read tables; auth/scope.ts writes the ' +
        'scope condition every repository adds.',
      severity: 'error',
      from: { path: '^src/server/(modules|auth)/', pathNot: ['\\.repository\\.ts$', '^src/server/auth/scope\\.ts$'] },
      to: { path: ['^src/server/db/schema', drizzle], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'modules-talk-through-services',
      comment: "Another module's repository, routes or helpers are its own; call its service.",
      severity: 'error',
      from: { path: modulePath },
      to: {
        path: '^src/server/modules/([^/]+)/',
        pathNot: ['^src/server/modules/$1/', '\\.service\\.ts$'],
      },
    },
    {
      name: 'lower-layers-do-not-call-up',
      comment: 'Repositories do not call services or routes; services do not call routes.',
      severity: 'error',
      from: { path: '\\.(repository|service)\\.ts$' },
      to: { path: '\\.routes\\.ts$' },
    },
    {
      name: 'repositories-do-not-call-services',
      severity: 'error',
      from: { path: '\\.repository\\.ts$' },
      to: { path: '\\.service\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.test\\.ts$|^src/server/db/migrations)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
