// The rules module (SPEC §4): pure functions, no framework, no I/O.
export * from './errors';
export * from './calendar';
export * from './threshold';
export * from './profile';
export * from './tally';
export * from './dates';
export * from './gates';
export * from './outcomes';
export * from './exit';
export * from './candidate';
