/** Removes what global-setup made for the whole run: the DATA_DIR template. */
import { rmSync } from 'node:fs';
import { TEMPLATE_DATA_DIR_ENV } from './hub';

export default function globalTeardown(): void {
  const template = process.env[TEMPLATE_DATA_DIR_ENV];
  if (template) rmSync(template, { recursive: true, force: true });
}
