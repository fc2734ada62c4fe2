// The page of an address that has none: in the reader's language, with the way back.
import { setupLanguage } from './common.js';

setupLanguage(() => {});
