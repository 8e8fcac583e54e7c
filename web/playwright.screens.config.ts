import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** `npm run screenshots`: the pictures in docs/screenshots/ (README), from the demo data. Not part of CI. */
export default defineConfig({ ...base, testMatch: '*.screens.ts' });
