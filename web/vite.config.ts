import { defineConfig } from 'vite';

/**
 * The web app: Preact with esbuild's automatic JSX runtime (no Babel preset needed), built into
 * web/dist, which the local server serves at / and the CDK uploads to the site bucket. The API
 * is always at /api on the same origin (CloudFront's /api/* behaviour on AWS, the local server
 * here), so the app needs no CORS and no build-time URL.
 */
export default defineConfig({
  root: __dirname,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 200,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/config.json': 'http://127.0.0.1:3000' } },
});
