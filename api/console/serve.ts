/**
 * Serves the staff console's built files at /console/: hashed assets with a year-long immutable
 * cache, index.html never cached, and every other path under /console/ answered with index.html
 * so deep links (a complaint in a staff email) open in the application.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import { CONSOLE_DIST } from './build';

const PREFIX = '/console';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

// The console loads only its own scripts and styles; Mantine sets some styles inline.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>PX360 console</title>
<p>The staff console is not built. Run <code>npm run build:console</code> (or <code>npm start</code>, which builds it).</p></html>`;

export function serveConsole(distDir: string = CONSOLE_DIST): Middleware {
  const root = path.resolve(distDir);
  return async (ctx, next) => {
    if (ctx.path !== PREFIX && !ctx.path.startsWith(`${PREFIX}/`)) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === PREFIX) {
      ctx.status = 301;
      ctx.redirect(`${PREFIX}/${ctx.querystring ? `?${ctx.querystring}` : ''}`);
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(ctx.path.slice(PREFIX.length + 1));
    } catch {
      relative = '';
    }
    const file = path.resolve(root, relative);
    const inside = file.startsWith(root + path.sep);
    if (inside && !relative.startsWith('.') && fs.existsSync(file) && fs.statSync(file).isFile() && path.basename(file) !== 'index.html') {
      const immutable = relative.startsWith('assets/');
      ctx.set('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      ctx.type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      ctx.length = fs.statSync(file).size;
      if (ctx.method === 'HEAD') ctx.status = 200;
      else ctx.body = fs.createReadStream(file);
      return;
    }
    // A missing asset is a 404, not the application: a stale tab asking for an old chunk must fail visibly.
    if (relative.startsWith('assets/')) {
      ctx.status = 404;
      ctx.type = 'text/plain';
      ctx.body = 'not found';
      return;
    }
    const index = path.join(root, 'index.html');
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    ctx.type = TYPES['.html'];
    if (!fs.existsSync(index)) {
      ctx.status = 503;
      ctx.body = NOT_BUILT;
      return;
    }
    ctx.body = fs.readFileSync(index);
  };
}
