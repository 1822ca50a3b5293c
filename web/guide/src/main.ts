// The guide app's bootstrap, as `ng new` writes it for Angular 21 (zoneless); its src/app/ is
// written from docs/angular.md by web/scripts/angularGuide.mjs.
import { provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';

bootstrapApplication(App, {
  providers: [provideBrowserGlobalErrorListeners(), provideZonelessChangeDetection()],
}).catch((err: unknown) => console.error(err));
