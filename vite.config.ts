import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Builds the renderer into dist/renderer, served by the Electron shell (app://) and the browser host;
// its second page, department.html, is the team hub's read-only department view (electron/hub/department.ts).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./renderer/index.html', import.meta.url)),
        department: fileURLToPath(new URL('./renderer/department.html', import.meta.url)),
      },
    },
  },
});
