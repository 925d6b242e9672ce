export { isKubenvError, KubenvError } from './errors';
