export * from './taxonomy.js';
export * from './geo.js';
export * from './roles.js';
export * from './report.js';
export * from './changes.js';
export * from './audit.js';
