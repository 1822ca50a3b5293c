/**
 * Package names with an optional version, as `npx` and `uvx` take them (`name@1.2.3`,
 * `@scope/name@^2`). Recognising a name is how `inferStdioServer()` tells a package from a
 * command; combining a name with a `version` option is how the launchers pin one.
 */
import { StdioParamsError } from '../errors/StdioParamsError.js';

/** An npm name: optional `@scope/`, then URL-safe lower-case characters, not starting with `.` or `_`. */
const NPM_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;
/** A Python distribution name (PEP 508), with optional extras such as `name[cli]`. */
const PYTHON_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\[[A-Za-z0-9._,-]+\])?$/;
/** A version, range or tag: anything without spaces that does not start with `-`. */
const VERSION = /^[^\s-]\S*$/;

/** A package name and the version part of its spec. */
export interface PackageSpec {
  name: string;
  /** What followed `@`, or `undefined`. */
  version: string | undefined;
}

/** Splits `name@version` (the `@` of a scope does not count). */
export function splitPackageSpec(spec: string): PackageSpec {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at === -1
    ? { name: spec, version: undefined }
    : { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

/** Whether `spec` is an npm package name with an optional `@version`. */
export function isNpmPackageSpec(spec: string): boolean {
  const { name, version } = splitPackageSpec(spec);
  return name.length <= 214 && NPM_NAME.test(name) && (version === undefined || VERSION.test(version));
}

/** Whether `spec` is a Python package name with an optional `@version`. */
export function isPythonPackageSpec(spec: string): boolean {
  const { name, version } = splitPackageSpec(spec);
  return PYTHON_NAME.test(name) && (version === undefined || VERSION.test(version));
}

/**
 * `spec` pinned to `version` with `separator` (`@` for npm and uvx tools, `==` for a uvx `--from`).
 *
 * @throws StdioParamsError if `spec` already has a version and `version` is given, or `version` is malformed.
 */
export function pinVersion(
  spec: string,
  version: string | undefined,
  separator: '@' | '==',
  field: string,
): string {
  if (version === undefined) return spec;
  if (typeof (version as unknown) !== 'string' || !VERSION.test(version)) {
    throw new StdioParamsError(`${field} must be a version without spaces, such as "1.2.3"`, field);
  }
  if (splitPackageSpec(spec).version !== undefined || spec.includes('==')) {
    throw new StdioParamsError(
      `${JSON.stringify(spec)} already names a version; give it there or in ${field}, not both`,
      field,
    );
  }
  return `${spec}${separator}${version}`;
}
