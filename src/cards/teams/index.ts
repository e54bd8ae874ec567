/** Teams renderings: Adaptive Cards 1.5 from JSON templates, and submissions back to RawValues. */
export * from './action-data.js';
export * from './case-card.js';
export * from './fit.js';
export * from './form-card.js';
export * from './message-card.js';
export * from './template.js';
export * from './values.js';
