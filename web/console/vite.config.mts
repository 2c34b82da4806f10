import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into web/console/dist and served by the api at /console/ (api/console/serve.ts).
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
