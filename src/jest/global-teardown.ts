/**
 * `kubenv/jest/global-teardown`: `globalTeardown: 'kubenv/jest/global-teardown'` in a Jest config.
 * @packageDocumentation
 */
import { globalTeardown } from './index';

export default globalTeardown;
