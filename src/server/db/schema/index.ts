export * from './accounts.js';
export * from './audit.js';
export * from './party.js';
export * from './regions.js';
export * from './settings.js';
export * from './staff.js';
export * from './registry.js';
export * from './cases.js';
