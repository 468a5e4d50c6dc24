import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Builds the renderer into dist/renderer, served by the Electron shell (app://) and the browser host.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
});
