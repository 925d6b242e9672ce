/**
 * `kubenv/jest/global-setup`: `globalSetup: 'kubenv/jest/global-setup'` in a Jest config.
 *
 */
import { globalSetup } from './index';

export default globalSetup;
