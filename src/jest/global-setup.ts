/**
 * `kubenv/jest/global-setup`: `globalSetup: 'kubenv/jest/global-setup'` in a Jest config.
 * @packageDocumentation
 */
import { globalSetup } from './index';

export default globalSetup;
