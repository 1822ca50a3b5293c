/**
 * Minimal ambient declarations of exactly the Angular APIs that the README examples use, so that
 * `examples.spec.ts` can type-check them without installing Angular (`@angular/core` would be a
 * large dependency for a handful of names). The Electron examples are checked against the real
 * `electron` package's types (a dev dependency whose binary download is skipped).
 *
 * They are written by hand after `@angular/core`'s public typings and keep their shapes: names,
 * parameters, optionality and return types (an overload pair of the originals that differs only
 * by an optional parameter is merged into one). Keep them to what the examples need; a missing
 * member is a type error in the example, as it should be.
 */

declare module '@angular/core' {
  /** A class (Angular: `Type<T>`, also the runtime `Function`). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- mirrors @angular/core
  export interface Type<T> extends Function {
    new (...args: never[]): T;
  }

  /** An abstract class used as a token (Angular: `AbstractType<T>`). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- mirrors @angular/core
  export interface AbstractType<T> extends Function {
    prototype: T;
  }

  /** What `inject()` accepts (Angular also takes an `InjectionToken<T>`, unused here). */
  export type ProviderToken<T> = Type<T> | AbstractType<T>;

  /** What a decorator factory such as `Injectable()` returns. */
  export interface TypeDecorator {
    <T extends Type<unknown>>(type: T): T;
    (target: object, propertyKey?: string | symbol, parameterIndex?: number): void;
  }

  /** `@Injectable()` (Angular also accepts `useClass`/`useFactory`/… providers, unused here). */
  export interface InjectableDecorator {
    (options?: { providedIn: Type<unknown> | 'root' | 'platform' | 'any' | null }): TypeDecorator;
  }
  export const Injectable: InjectableDecorator;

  /** The lifetime of the injector (or component) that injected it. */
  export abstract class DestroyRef {
    /**
     * Registers a callback to run when the injector is destroyed.
     *
     * @returns A function that unregisters the callback.
     */
    abstract onDestroy(callback: () => void): () => void;
  }

  /** Options of `inject()`. */
  export interface InjectOptions {
    optional?: boolean;
    skipSelf?: boolean;
    self?: boolean;
    host?: boolean;
  }

  /** Gets a dependency from the current injection context. */
  export function inject<T>(token: ProviderToken<T>, options?: InjectOptions & { optional?: false }): T;
  export function inject<T>(token: ProviderToken<T>, options: InjectOptions): T | null;
}
