/**
 * `kubenv/jest/global-teardown`: `globalTeardown: 'kubenv/jest/global-teardown'` in a Jest config.
 *
 */
import { globalTeardown } from './index';

export default globalTeardown;
