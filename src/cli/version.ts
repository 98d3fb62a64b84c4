// Replaced at build time by scripts/build.mjs with package.json's version.
declare const __BERTH_VERSION__: string | undefined;
export const VERSION: string = typeof __BERTH_VERSION__ === 'string' ? __BERTH_VERSION__ : '0.0.0-dev';
